"""Where the database is when nobody says: importable without loading SQLAlchemy."""

DEFAULT_URL = "sqlite:///hainan-monitor.db"
ENV_VAR = "HAINAN_MONITOR_DB"
