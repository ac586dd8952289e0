"""An example year: generated documents, each with the truth of what it says, and the two ways out.

`write_files` writes every document as the file a unit would send (docx, xlsx; PDF made from the Word
file by LibreOffice), optionally with `truth/<file>.json` beside it, for the inbox, fixtures and
benchmarks. `store_records` puts every record straight into a store, as the inbox would have stored
it, for tests of rules and reports that need no files. The recipes that draw a year are in `recipes`.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.records import Application, Award, Record, ResultSheet, ReviewerList, Roster
from ..core.warnings import FieldWarning
from ..store import NewDocument, Store


@dataclass(frozen=True, slots=True)
class Line:
    """One award line of a notice as generated: whether it is ours (known here, never derived) and the
    unit label it counts under (one of our sub-units, or our organisation itself)."""

    award: Award
    ours: bool
    label: str = ""


@dataclass(slots=True)
class Document:
    """One generated document: its file name, its record (the truth), and how it is written.

    `variant` is the application layout or the notice variant the file is rendered in; an application or
    notice without one is made to be stored only (its record is not what a form would print). `expected`
    holds, for an application, each eligibility rule that must not pass and its status; `why` says in
    a sentence what was planted. `warnings` are stored with the record (what a reader warned about).
    """

    name: str
    record: Record
    variant: str = ""
    lines: tuple[Line, ...] = ()
    tier: str | None = None  # a notice's tier, stated in it or not
    expected: dict[str, str] = field(default_factory=dict)
    why: str = ""
    warnings: list[str] = field(default_factory=list)
    copy_of: str = ""  # the document this one is another copy of (the same notice sent twice)

    @property
    def verdict(self) -> str:
        """The eligibility verdict an application must get: 不通过 over 待补正 over 通过."""
        statuses = set(self.expected.values())
        return "不通过" if "不通过" in statuses else "待补正" if statuses else "通过"


@dataclass(slots=True)
class ExampleYear:
    year: int
    documents: list[Document] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # after write_files
    document_ids: dict[str, int] = field(default_factory=dict)  # file name -> id, after store_records

    def add(self, doc: Document) -> Document:
        self.documents.append(doc)
        return doc

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.documents if d.record.kind == kind]

    @property
    def roster(self) -> Roster:
        [doc] = self.of_kind("roster")
        assert isinstance(doc.record, Roster)
        return doc.record

    @property
    def applications(self) -> dict[str, Application]:
        return {d.name: d.record for d in self.of_kind("application")}  # type: ignore[misc]

    @property
    def notices(self) -> dict[str, ResultSheet]:
        return {d.name: d.record for d in self.of_kind("result_sheet")}  # type: ignore[misc]

    @property
    def sheets(self) -> list[Document]:
        return self.of_kind("result_sheet")

    @property
    def ineligible(self) -> dict[str, str]:
        """File name -> why the eligibility check must not pass it."""
        apps = self.of_kind("application")
        return {d.name: d.why or "、".join(d.expected) for d in apps if d.why or d.expected}


# ---------------------------------------------------------------------------------------------
# files


def render(doc: Document, path: Path, rng: random.Random, year: int) -> None:
    """Write `doc` as a .docx or .xlsx at `path` whose correct extraction is exactly its record."""
    from reports.render.review_forms import write_reviewer_list

    from .applications import render_application
    from .notices import render_result_sheet
    from .reviewers import render_score_sheet
    from .rosters import render_roster

    record = doc.record
    if isinstance(record, Roster):
        render_roster(record, path, rng)
    elif isinstance(record, Application):
        render_application(record, doc.variant, path, rng)
    elif isinstance(record, ResultSheet):
        render_result_sheet(record, doc.variant, path, rng)
    elif isinstance(record, ReviewerList):
        write_reviewer_list(record, path, year)
    else:
        render_score_sheet(record, path, rng)


def write_files(ex: ExampleYear, folder: Path, *, seed: int = 0, truth: bool = False) -> list[Path]:
    """Write every document of `ex` into `folder` (PDFs in one LibreOffice batch; without LibreOffice
    the same documents are written as Word and renamed so) and, with `truth`, `truth/<file>.json`
    holding each record as `jiangxin extract --json` gives it. Returns the files, also kept in `ex.files`."""
    from ..core.office import convert_many, soffice_path

    unwritable = [
        d.name for d in ex.documents if d.record.kind in ("application", "result_sheet") and not d.variant
    ]
    if unwritable:
        raise ValueError(f"made to be stored only, no file form: {', '.join(unwritable[:5])}")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / ".staging"
    to_pdf: list[tuple[Path, Document]] = []
    written: list[tuple[Path, Document]] = []
    for doc in ex.documents:
        if doc.name.endswith(".pdf") and soffice_path() is None:
            doc.name = doc.name[:-4] + ".docx"
        if doc.name.endswith(".pdf"):
            src = staging / f"{len(to_pdf):04d}.docx"
            render(doc, src, rng, ex.year)
            to_pdf.append((src, doc))
        else:
            render(doc, folder / doc.name, rng, ex.year)
            written.append((folder / doc.name, doc))
    if to_pdf:
        made = convert_many([src for src, _ in to_pdf], "pdf", staging / "pdf")
        for pdf, (_, doc) in zip(made, to_pdf, strict=True):
            final = folder / doc.name
            final.parent.mkdir(parents=True, exist_ok=True)
            pdf.replace(final)
            written.append((final, doc))
    shutil.rmtree(staging, ignore_errors=True)
    if truth:
        for _, doc in written:
            target = folder / "truth" / f"{doc.name}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                json.dumps(doc.record.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
            )
    order = {id(d): i for i, d in enumerate(ex.documents)}
    written.sort(key=lambda item: order[id(item[1])])
    ex.files = [path for path, _ in written]
    return ex.files


# ---------------------------------------------------------------------------------------------
# store

_serial = iter(range(1, 1 << 62))


def store_record(
    store: Store,
    record: Record,
    file_name: str,
    *,
    year: int = 2025,
    warnings: Sequence[str | FieldWarning] = (),
    extractor_version: str = "example",
) -> int:
    """Store `record` as the inbox would have stored the file `file_name` (which is never written);
    returns the document id. Every call stores a new document, even for the same record."""
    data = json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(f"{file_name}|{next(_serial)}|{data}".encode()).hexdigest()
    return store.add_document(
        NewDocument(
            sha256=digest, file_name=file_name, original_path=file_name,
            archived_path=f"outbox/archive/{year}/{record.kind}/{file_name}",
            format=file_name.rsplit(".", 1)[-1], kind=record.kind, size=len(data), year=year,
            extractor_version=extractor_version, record=record, warnings=[FieldWarning.parse(w) for w in warnings],
        )
    )  # fmt: skip


def store_record_id(store: Store, record: Record, file_name: str, *, year: int = 2025) -> int:
    """`store_record`, returning the id of the stored record rather than of its document."""
    document_id = store_record(store, record, file_name, year=year)
    return next(r.id for r in store.records(record.kind, year) if r.document.id == document_id)


def store_records(
    ex: ExampleYear, store: Store, documents: Iterable[Document] | None = None
) -> dict[str, int]:
    """Store every document's record (or those given) without writing a file; file name -> document id."""
    for doc in ex.documents if documents is None else documents:
        ex.document_ids[doc.name] = store_record(
            store, doc.record, doc.name, year=ex.year, warnings=doc.warnings
        )
    return ex.document_ids


def write_example_year(folder: Path, seed: int = 2025, year: int = 2025) -> ExampleYear:
    """The demo's year written into `folder`: see `recipes.demo_year`."""
    from .recipes import demo_year

    ex = demo_year(seed, year)
    write_files(ex, folder, seed=seed + 1)
    return ex
