"""Tables of the review meeting: each `jiangxin assign` that changes the assignment is a new round."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base, organization_column, utcnow


class ReviewRoundRow(Base):
    """One assignment of the year's applications to reviewers, with the criteria its forms print."""

    __tablename__ = "review_rounds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization: Mapped[str] = organization_column()
    year: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    per_application: Mapped[int] = mapped_column(Integer)
    criteria: Mapped[list[Any]] = mapped_column(JSON)
    reviewer_source: Mapped[str] = mapped_column(Text)


class ReviewAssignmentRow(Base):
    """One reviewer scores one application in a round."""

    __tablename__ = "review_assignments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id"), index=True)
    reviewer_name: Mapped[str] = mapped_column(Text)
    reviewer_unit: Mapped[str] = mapped_column(Text)
    reviewer_specialty: Mapped[str] = mapped_column(Text, default="")
    application_id: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    specialty_match: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
