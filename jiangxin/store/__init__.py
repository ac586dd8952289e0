"""The record store: SQLite by default, any SQLAlchemy database URL for a shared server."""

from .store import (
    DuplicateDocument,
    NewDocument,
    ReadOnlyStore,
    Store,
    StoredAward,
    StoredDocument,
    StoredRecord,
    StoreError,
    VersionLink,
)

__all__ = [
    "DuplicateDocument",
    "NewDocument",
    "ReadOnlyStore",
    "Store",
    "StoreError",
    "StoredAward",
    "StoredDocument",
    "StoredRecord",
    "VersionLink",
]
