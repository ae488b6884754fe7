"""Tests of warehouse/: schema, single writer, readers, analyst views, reference data, report, export."""
