"""The record store: SQLite by default, any SQLAlchemy database URL for a shared server."""
