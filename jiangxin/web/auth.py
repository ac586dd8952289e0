"""Passwords (Argon2 through argon2-cffi), failed-login slowdown and CSRF tokens for the pages."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import defaultdict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..store import Store
from ..store import web as web_store

_hasher = PasswordHasher()
# a hash to verify against when the name is unknown, so a wrong name costs as long as a wrong password
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_login(store: Store, name: str, password: str) -> bool:
    """True when the account exists and the password is right; rehashes when the parameters were raised."""
    stored = web_store.password_hash_of(store, name)
    try:
        _hasher.verify(stored or _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return False
    if stored is None:
        return False
    if _hasher.check_needs_rehash(stored):
        web_store.set_password_hash(store, name, _hasher.hash(password))
    return True


class LoginThrottle:
    """Failed logins per account name and per client address: each failure adds a second of delay
    (up to `cap`), forgotten after `window` seconds without failures."""

    def __init__(self, cap: float = 10.0, window: float = 900.0, step: float = 1.0) -> None:
        self.cap, self.window, self.step = cap, window, step
        self._fails: dict[str, list[float]] = defaultdict(list)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        fresh = [t for t in self._fails.get(key, []) if now - t < self.window]
        self._fails[key] = fresh
        return fresh

    def delay(self, *keys: str) -> float:
        now = time.monotonic()
        with self._lock:
            n = max((len(self._recent(k, now)) for k in keys), default=0)
        return min(self.cap, n * self.step)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
