"""Extraction: readers turn bytes into the document model; extractors turn the model into facts."""
