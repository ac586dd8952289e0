"""Tables of the office's web pages: accounts, reviewers' links and closed rounds (the office's corrections
are the store's own `corrections` table, shared with `jiangxin fix`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base, organization_column, utcnow


class UserRow(Base):
    """An office account: a name and an Argon2 hash of its password (never the password)."""

    __tablename__ = "web_users"
    # each office has its own accounts: a name is unique within an office
    __table_args__ = (Index("uq_web_users_organization_name", "organization", "name", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
    name: Mapped[str] = mapped_column(String(64), index=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReviewerLinkRow(Base):
    """One reviewer's secret link for a year; `revoked_at` set means the link is dead."""

    __tablename__ = "reviewer_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
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
