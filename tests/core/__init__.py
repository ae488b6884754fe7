"""Tests of core/: the model vocabularies, catalogue, gazetteer, periods."""
