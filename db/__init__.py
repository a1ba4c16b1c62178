"""The store: SQLAlchemy models, the engine, migrations and the functions that write to it.

`db` depends on neither `scraper` nor `monitor`, so both can share it.
"""
