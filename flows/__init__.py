"""Prefect flows: the run over local papers, and the nightly schedule."""
