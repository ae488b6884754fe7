"""Document understanding: pages and furniture, type, council and period, meetings and agenda items."""
