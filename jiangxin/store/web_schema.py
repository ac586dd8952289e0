"""Tables of the office's web pages: accounts, reviewers' links, closed rounds and the office's corrections.

Created by `jiangxin.store.web.ensure_tables` on first use, so a store opened by an older command works.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base, utcnow


class UserRow(Base):
    """An office account: a name and an Argon2 hash of its password (never the password)."""

    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReviewerLinkRow(Base):
    """One reviewer's secret link for a year; `revoked_at` set means the link is dead."""

    __tablename__ = "reviewer_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    reviewer_name: Mapped[str] = mapped_column(Text)
    reviewer_unit: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class ClosedRoundRow(Base):
    """A review round the office has closed: reviewers can no longer change their scores online."""

    __tablename__ = "review_rounds_closed"
    round_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_by: Mapped[str] = mapped_column(Text)


class CorrectionRow(Base):
    """A field of a record corrected by the office, or a warning it confirmed: who, when, old, new, why."""

    __tablename__ = "web_corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(16))  # correct | confirm
    field: Mapped[str] = mapped_column(String(64))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    who: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
