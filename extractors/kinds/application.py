"""The application extractor: any 申报书/申报表 layout, from Word or PDF, into an `ApplicationData`.

The document is first reduced to labelled entries (`application_layout`), so every layout — tables
of two or four columns, merged labels, forms without tables, cover pages — is read by the same
field code below. A field that cannot be read gets a warning naming it, never a guess; a missing
title, unit or member list still gives a record (empty values) so the eligibility check can ask for
the form to be completed.
"""

from __future__ import annotations

from collections.abc import Iterable

from jiangxin.core.record_data import APPLICATION_FIELD_LABELS, ApplicationData, PersonData
from jiangxin.core.text import (
    collapse_ws,
    find_patents,
    parse_benefit_wan,
    parse_date,
    squeeze,
    strip_book_marks,
)  # fmt: skip
from jiangxin.core.warnings import FieldWarning

from ..context import ExtractContext
from ..model import Document
from . import KindResult
from .application_cells import header_role, says_none, states_none
from .application_layout import Entry, read_entries
from .application_members import first_member, read_members
from .application_values import Unticked, clean_unit, endorsed, normalize_category, read_choice

# fields a form states once each; a form with fewer than half of them is a partial record
_FIELDS = ("title", "unit", "members", "category", "specialty", "completed_on", "summary", "innovations",
           "adoption", "economic_benefit_wan")  # fmt: skip


def extract_application(doc: Document, ctx: ExtractContext) -> KindResult:
    """Read an application form; warnings name each field that could not be read for sure."""
    entries = read_entries(doc)
    warnings: list[FieldWarning] = []
    found = _Fields(entries)

    title_entry = found.first("title")
    title = strip_book_marks(squeeze(title_entry.text)) if title_entry else ""
    if not title:
        warnings.append(_missing("title", title_entry))

    unit_entry = found.first("unit")
    unit = clean_unit(unit_entry.text) if unit_entry else ""
    if not unit:
        warnings.append(_missing("unit", unit_entry))

    members = _members(found, entries, ctx, warnings)

    category = _choice(found, "category", warnings)
    specialty = _choice(found, "specialty", warnings)

    completed_on: str | None = None
    date_entry = found.first("completed_on")
    if date_entry is not None:
        completed_on = parse_date(date_entry.text)
        if completed_on is None:
            shown = squeeze(date_entry.text)[:30]
            warnings.append(
                FieldWarning.of("completed_on", "unreadable", f"无法识别完成时间“{shown}”，请人工核对")
            )

    benefit: float | None = None
    benefit_entry = found.first("economic_benefit_wan")
    if benefit_entry is not None and benefit_entry.text and not states_none(benefit_entry.text):
        benefit = _benefit(benefit_entry)
        if benefit is None and not says_none(benefit_entry.text):
            shown = squeeze(benefit_entry.text)[:30]
            message = f"无法确定经济效益金额“{shown}”，请人工核对"
            warnings.append(FieldWarning.of("economic_benefit_wan", "unreadable", message))

    patents, patent_warnings = _patents(found, doc)
    warnings.extend(patent_warnings)

    opinions = found.all("unit_opinion")
    confidence: dict[str, float] | None = None
    seal: bool | None = None
    if doc.ocr:  # read from a scan: a confidence per field, a warning where it is low, the seal
        from ..ocr.confidence import review_fields, seal_present

        def text_of(key: str) -> str | None:
            entry = found.first(key)
            return entry.text if entry else None

        sources: dict[str, str | list[str] | None] = {
            key: text_of(key)
            for key in ("title", "unit", "category", "specialty", "completed_on", "summary", "innovations",
                        "adoption", "economic_benefit_wan")
        }  # fmt: skip
        sources["members"] = [p.name for p in members] + [v for p in members for v in (p.unit, p.title) if v]
        sources["patents"] = patents
        sources["unit_endorsed"] = "\n".join(e.text for e in opinions) or None
        scores, ocr_warnings = review_fields(doc, sources)
        confidence = scores or None
        seal = seal_present(doc)
        warnings.extend(ocr_warnings)
    warnings.extend(_field_warnings(found, warnings, bool(members)))
    record = ApplicationData(
        title=title,
        unit=unit,
        category=normalize_category(category),
        specialty=specialty,
        members=members,
        completed_on=completed_on,
        summary=_prose(found.first("summary")),
        innovations=_prose(found.first("innovations")),
        adoption=_prose(found.first("adoption")),
        economic_benefit_wan=benefit,
        patents=patents,
        unit_endorsed=any(endorsed(e.text) for e in opinions),
        submitted_on=_signed_on(opinions),
        seal_present=seal,
        confidence=confidence,
    )
    return KindResult(data=record, warnings=warnings)


class _Fields:
    """Entries by field; values from tables come before values from loose lines (a cover page
    repeats the title and unit that the form's table states)."""

    def __init__(self, entries: list[Entry]) -> None:
        self.by_field: dict[str, list[Entry]] = {}
        for entry in sorted(entries, key=lambda e: not e.in_table):
            self.by_field.setdefault(entry.field, []).append(entry)

    def all(self, field: str) -> list[Entry]:
        return self.by_field.get(field, [])

    def first(self, field: str) -> Entry | None:
        """The first entry of `field` with a value (or the first one, when all are empty)."""
        entries = self.all(field)
        for entry in entries:
            if entry.text or entry.tables:
                return entry
        return entries[0] if entries else None


def _missing(field: str, entry: Entry | None) -> FieldWarning:
    """The warning for a required field without a value: not found, or left as template text."""
    label = APPLICATION_FIELD_LABELS[field]
    if entry is not None and entry.template:
        return FieldWarning(
            field=field, code="template_text", message=f"“{label}”仍是模板占位文字，未填写，请人工核对"
        )
    if entry is not None:
        return FieldWarning(field=field, code="empty", message=f"“{label}”未填写，请人工核对")
    return FieldWarning(field=field, code="not_found", message=f"未找到“{label}”，请人工核对")


def _choice(found: _Fields, key: str, warnings: list[FieldWarning]) -> str | None:
    """The option ticked in a 勾选 field (None where the form lacks it); a warning where none or several are."""
    entry = found.first(key)
    if entry is None:
        return None
    try:
        return read_choice(entry.text)
    except Unticked:
        label = APPLICATION_FIELD_LABELS[key]
        warnings.append(FieldWarning.of(key, "choice_unclear", f"“{label}”未勾选或勾选了多项，请人工核对"))
        return None


def _field_warnings(found: _Fields, warnings: list[FieldWarning], has_members: bool) -> list[FieldWarning]:
    """A warning for each field left as template text, and for each field a partial form lacks."""
    warned = {w.field for w in warnings}
    out: list[FieldWarning] = []
    present = [f for f in _FIELDS if found.first(f) is not None or (f == "members" and has_members)]
    partial = len(present) * 2 < len(_FIELDS)
    for field in (*_FIELDS, "patents"):
        if field in warned:
            continue
        entry = found.first(field)
        if entry is not None and entry.template and not entry.text and not entry.tables:
            out.append(_missing(field, entry))
        elif entry is None and partial and field != "patents" and field not in present:
            out.append(_missing(field, None))
    return out


def _members(
    found: _Fields, entries: list[Entry], ctx: ExtractContext, warnings: list[FieldWarning]
) -> list[PersonData]:
    """The member list, read by content; the 第一完成人 is put first when the list leaves them out.

    A list under a label we do not know ('队员', '参赛人员') counts when the label speaks of people
    and its cells hold names."""
    names, units = ctx.known_names, ctx.known_units
    people: list[PersonData] = []
    candidates = found.all("members") + [
        e for e in entries if e.field == "unknown" and header_role(e.label) == "name"
    ]
    for entry in candidates:
        people = read_members(entry, names, units)
        if people:
            break
    lead_entry = found.first("first_member")
    lead = first_member(lead_entry, names, units) if lead_entry is not None else None
    if lead is not None:
        same = [i for i, p in enumerate(people) if p.name == lead.name]
        if not same:
            people.insert(0, lead)
        elif people[same[0]].unit is None and people[same[0]].title is None:
            people[same[0]] = lead
    if not people:
        listed = found.first("members") or lead_entry
        warnings.append(
            _missing("members", listed)
            if listed is not None
            else FieldWarning(field="members", code="not_found", message="未找到完成人名单，请人工核对")
        )
    return people


def _patents(found: _Fields, doc: Document) -> tuple[list[str], list[FieldWarning]]:
    """Patent numbers under a patent label, or anywhere in the form when it has no such label."""
    entries = found.all("patents")
    texts: Iterable[str] = [e.text for e in entries] if entries else [doc.text()]
    numbers: list[str] = []
    for text in texts:
        for number in find_patents(text, bare=bool(entries)):
            if number not in numbers:
                numbers.append(number)
    valid = [n for n in numbers if len(n) == len("ZL202421234567.8")]
    warnings = [
        FieldWarning(
            field="patents",
            code="patent_format",
            message=f"专利号“{n}”不是现行格式（ZL + 12 位数字 + 校验位），请人工核对",
        )
        for n in numbers
        if n not in valid
    ]
    return valid, warnings


def _signed_on(opinions: list[Entry]) -> str | None:
    """The date the unit signed its opinion (the last full date written there): when it submitted."""
    days = [parse_date(line) for e in opinions for line in e.text.splitlines()]
    full = [d for d in days if d and len(d) == len("2025-01-01")]
    return full[-1] if full else None


def _prose(entry: Entry | None) -> str | None:
    if entry is None:
        return None
    text = collapse_ws(entry.text)
    return None if not text or states_none(text) else text


def _benefit(entry: Entry) -> float | None:
    """The amount in 万元; a number without any unit (in the text or the label's note) is not read."""
    note_unit = "万元" if "万" in entry.note else "元" if "元" in entry.note else None
    if note_unit is None and not any(ch in entry.text for ch in "万元"):
        return None
    return parse_benefit_wan(entry.text, default_unit=note_unit or "元")
