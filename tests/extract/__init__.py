"""Tests of the extractors proper: tables, numbers, periods in prose, prose, actions."""
