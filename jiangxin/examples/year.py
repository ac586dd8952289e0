"""A whole example year for the demo: a roster, applications in every layout (some ineligible on
purpose), results notices that mix our units with other companies', and the office's own files.

Everything is drawn from one seeded Random, so the same seed gives the same year, and every file is
written beside the record it must give (`ExampleYear`), so the demo's outputs can be checked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from ..core.records import Application, Person, ResultSheet, Roster, RosterPerson
from .people import CATEGORIES, OUR_SUB_UNITS, NamePool, full_unit


@dataclass(slots=True)
class ExampleYear:
    roster: Roster
    applications: dict[str, Application] = field(default_factory=dict)  # file name -> truth
    notices: dict[str, ResultSheet] = field(default_factory=dict)
    # file name -> why the eligibility check must not pass it
    ineligible: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _members(rng: random.Random, roster: Roster, unit: str, n: int) -> list[Person]:
    """Members drawn from the roster, mostly from the application's own sub-unit."""
    in_service = [p for p in roster.people if p.status == "在职"]
    own = [p for p in in_service if p.unit == unit]
    others = [p for p in in_service if p.unit != unit]
    picked = rng.sample(own, min(len(own), n))
    picked += rng.sample(others, n - len(picked))
    return [
        Person(name=p.name, unit=full_unit(str(p.unit)), title=rng.choice(["工程师", "技师", "高级工程师"]))
        for p in picked
    ]


def build_year(seed: int = 2025, year: int = 2025) -> tuple[ExampleYear, list[tuple[str, str, object]]]:
    """The year's records and, for each file to write, (file name, kind/layout, record)."""
    from .applications import LAYOUTS, random_application
    from .notices import VARIANTS, random_result_sheet
    from .rosters import random_roster

    rng = random.Random(seed)
    names = NamePool(rng)
    roster = random_roster(rng, names, 160)
    ex = ExampleYear(roster=roster)
    plan: list[tuple[str, str, object]] = [("员工花名册.xlsx", "roster", roster)]

    units = [u for u in OUR_SUB_UNITS]
    rng.shuffle(units)
    titles_seen: list[str] = []
    for i in range(14):
        layout = LAYOUTS[i % len(LAYOUTS)]
        sub = units[i % len(units)]
        n = rng.randint(2, 5)
        while True:  # titles far apart, so only the intended pair reads as a duplicate
            app = random_application(
                rng, names, unit=full_unit(sub), members=_members(rng, roster, sub, n),
                category=rng.choice(CATEGORIES), unit_endorsed=True,
            )  # fmt: skip
            if all(fuzz.ratio(app.title, t) < 80 for t in titles_seen):
                break
        fmt = "pdf" if i % 4 == 3 else "docx"
        name = f"{sub}-{app.title}-申报书.{fmt}"
        why = ""
        if i == 1:  # a member nobody on the roster knows
            outsider = Person(name=names.name(), unit=full_unit(sub), title="工程师")
            app = app.model_copy(update={"members": [*app.members, outsider]})
            why = f"完成人{outsider.name}不在花名册中"
        elif i == 2:  # a member who has left the company
            gone = next(p for p in roster.people if p.status == "离职")
            app = app.model_copy(
                update={"members": [*app.members, Person(name=gone.name, unit=full_unit(str(gone.unit)))]}
            )
            why = f"完成人{gone.name}已离职"
        elif i == 3:  # too many members
            app = app.model_copy(update={"members": _members(rng, roster, sub, 7)})
            why = "完成人超过6人"
        elif i == 4:  # completed before the window
            app = app.model_copy(update={"completed_on": "2023-03"})
            why = "完成时间不在申报期内"
        elif i == 5:  # the same achievement sent again under a slightly different title
            app = app.model_copy(update={"title": titles_seen[0]})
            name = f"{sub}-{app.title}-重复申报.{fmt}"
            why = "成果名称与其他申报重复"
            # sent after the first of the pair (its unit signed later): only this one is refused
        elif i == 6:  # no 单位意见
            app = app.model_copy(update={"unit_endorsed": False})
            why = "缺少单位意见"
        titles_seen.append(app.title)
        if app.unit_endorsed:  # the day its unit signed: the order the applications were submitted in
            app = app.model_copy(update={"submitted_on": f"2025-05-{i + 1:02d}"})
        ex.applications[name] = app
        if why:
            ex.ineligible[name] = why
        plan.append((name, f"application:{layout}", app))

    events: set[str] = set()
    for i, variant in enumerate(VARIANTS):
        while True:  # one notice per event, so no award line is legitimately reported twice
            sheet = random_result_sheet(rng, names, variant=variant, our_share=0.35)
            if sheet.event not in events:
                events.add(sheet.event)
                break
        sheet = sheet.model_copy(update={"date": f"{year}-{rng.randint(3, 11):02d}-{rng.randint(1, 28):02d}"})
        ext = "xlsx" if variant.startswith("xlsx") else ("pdf" if i % 3 == 2 else "docx")
        name = f"{sheet.event[:40]}-{i + 1}.{ext}"
        ex.notices[name] = sheet
        plan.append((name, f"result_sheet:{variant}", sheet))
    return ex, plan


def write_example_year(folder: Path, seed: int = 2025, year: int = 2025) -> ExampleYear:
    """Write every file of the example year into `folder` (PDFs through LibreOffice when present)."""
    from ..core.office import convert_many, soffice_path
    from .applications import render_application
    from .notices import render_result_sheet
    from .rosters import render_roster

    ex, plan = build_year(seed, year)
    rng = random.Random(seed + 1)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / ".staging"
    to_pdf: list[tuple[Path, str]] = []
    for name, what, record in plan:
        kind, _, variant = what.partition(":")
        want_pdf = name.endswith(".pdf")
        if want_pdf and soffice_path() is None:
            name = _rename(ex, name, name[:-4] + ".docx")  # no LibreOffice: the same document as Word
            want_pdf = False
        target = (staging / (Path(name).stem + ".docx")) if want_pdf else folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "roster":
            assert isinstance(record, Roster)
            render_roster(record, target, rng)
        elif kind == "application":
            assert isinstance(record, Application)
            render_application(record, variant, target, rng)
        else:
            assert isinstance(record, ResultSheet)
            render_result_sheet(record, variant, target, rng)
        if want_pdf:
            to_pdf.append((target, name))
        else:
            ex.files.append(target)
    if to_pdf:
        made = convert_many([src for src, _ in to_pdf], "pdf", staging / "pdf")
        for pdf, (_, name) in zip(made, to_pdf, strict=True):
            final = folder / name
            pdf.replace(final)
            ex.files.append(final)
    for leftover in sorted(staging.rglob("*"), reverse=True) if staging.exists() else []:
        leftover.unlink() if leftover.is_file() else leftover.rmdir()
    if staging.exists():
        staging.rmdir()
    return ex


def _rename(ex: ExampleYear, old: str, new: str) -> str:
    """Keep the truth tables keyed by the file name actually written."""
    for table in (ex.applications, ex.notices, ex.ineligible):
        if old in table:
            table[new] = table.pop(old)  # type: ignore[assignment]
    return new


def roster_person(roster: Roster, name: str) -> RosterPerson | None:
    return next((p for p in roster.people if p.name == name), None)
