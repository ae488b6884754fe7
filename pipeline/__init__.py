"""The run: settings, per-document processing, the runner that feeds the single writer, and the
ModernGov source. Stands on core/, extractors/ and warehouse/."""
