"""Example reviewer lists for the demo and the tests: internal experts from our units, invited ones
from other companies (`reports.render.review_forms` writes them as the xlsx a clerk would make)."""

from __future__ import annotations

import json
import random

from ..core.records import Record, ReviewerEntry, ReviewerList
from ..examples.people import OTHER_COMPANIES, OUR_SUB_UNITS, SPECIALTIES, NamePool, full_unit
from ..store import Store
from ..workspace import Workspace


def random_reviewers(
    rng: random.Random, names: NamePool, n: int, *, external_share: float = 0.3
) -> ReviewerList:
    """`n` reviewers; about `external_share` of them invited from other companies."""
    reviewers = []
    for _ in range(n):
        internal = rng.random() >= external_share
        unit = full_unit(rng.choice(OUR_SUB_UNITS)) if internal else rng.choice(OTHER_COMPANIES)
        specialty = "、".join(rng.sample(SPECIALTIES, rng.choice((1, 1, 2))))
        phone = "1" + "".join(str(rng.randrange(10)) for _ in range(10))
        reviewers.append(
            ReviewerEntry(name=names.name(), unit=unit, specialty=specialty, internal=internal, contact=phone)
        )
    return ReviewerList(reviewers=reviewers)


def store_example(ws: Workspace, store: Store, record: Record, file_name: str) -> int:
    """Store a record as if its file had been dropped in the inbox (for demos and tests); returns the
    record id. The file itself is not written: the document row names it only."""
    import hashlib

    from ..store import NewDocument

    payload = json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True) + file_name
    doc_id = store.add_document(
        NewDocument(
            sha256=hashlib.sha256(payload.encode("utf-8")).hexdigest(), file_name=file_name,
            original_path=file_name, archived_path=f"outbox/archive/{ws.year}/{record.kind}/{file_name}",
            format="docx", kind=record.kind, size=0, year=ws.year, extractor_version="example", record=record,
        )
    )  # fmt: skip
    found = [r.id for r in store.records(record.kind, ws.year) if r.document.id == doc_id]
    return found[0]
