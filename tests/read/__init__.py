"""Tests of extractors/read/: sniffing, readers, PDF layout."""
