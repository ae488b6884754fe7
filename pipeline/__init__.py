"""council-etl: English council committee papers into a DuckDB warehouse."""
