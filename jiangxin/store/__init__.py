"""The record store: SQLite by default, any SQLAlchemy database URL for a shared server."""

from .store import NewDocument, Store, StoredAward, StoredDocument, StoredRecord, StoreError, VersionLink

__all__ = [
    "NewDocument",
    "Store",
    "StoreError",
    "StoredAward",
    "StoredDocument",
    "StoredRecord",
    "VersionLink",
]
