"""Tests of extractors/understand/: structure, furniture, classification, agenda packs."""
