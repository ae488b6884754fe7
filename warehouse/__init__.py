"""The DuckDB warehouse: schema (migrations), the single writer, views and reference data."""
