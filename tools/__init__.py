"""Developer tools that read the repository (not shipped in the package)."""
