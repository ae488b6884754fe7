"""Tests of pipeline/ and flows/: the run, bad input, the Prefect flow, the ModernGov source."""
