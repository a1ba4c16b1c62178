"""Read-only answers from the store: the tables and reports behind the query commands."""
