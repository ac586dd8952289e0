"""A small year for the web page tests, built with the project's own generators: a roster, Word
applications (one with a hostile title, one without a ticked category), a results notice, reviewers
(two from our own units, so conflicts exist), an assignment round and each reviewer's link."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jiangxin.core.records import ReviewerEntry, ReviewerList, RosterPerson
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.notices import random_result_sheet
from jiangxin.examples.people import OUR_SUB_UNITS, NamePool, full_unit
from jiangxin.examples.rosters import random_roster, render_roster
from jiangxin.examples.year import store_record_id
from jiangxin.inbox import Consumer
from jiangxin.review.steps import run_assign
from jiangxin.store import Store
from jiangxin.store import web as web_store
from jiangxin.web.auth import hash_password
from jiangxin.web.links import reviewer_links
from jiangxin.workspace import Workspace
from reports.render.review import write_assign_files
from reports.render.review_forms import write_reviewer_list
from rules.policy import load_policy

from .workspace import make_workspace

HOSTILE = "<script>alert('x')</script>一种<b>粗体</b>检测装置"
USER, PASSWORD = "办公室", "correct horse battery"


@dataclass
class WebYear:
    ws: Workspace
    store: Store
    applications: dict[str, int]  # title → record id
    no_category: int  # the application whose category was left unticked
    notice: int
    links: dict[tuple[str, str], str]  # reviewer → link
    conflicts: dict[tuple[str, str], list[int]]  # reviewer → applications they may never see


def build_year(root: Path, *, base: str = "http://127.0.0.1:8765") -> WebYear:
    ws = make_workspace(root)
    ws.inbox.mkdir(parents=True, exist_ok=True)
    rng = random.Random(16)
    names = NamePool(rng)
    units = [full_unit(u) for u in OUR_SUB_UNITS[:3]]
    apps = []
    for n in range(5):
        # signed one day after another: the later of two applications is the later file
        app = random_application(rng, names, unit=units[n % 3], completed_on="2025-03", unit_endorsed=True,
                                 submitted_on=f"2025-05-{n + 1:02d}", category="技术革新", patents=[],
                                 economic_benefit_wan=12.5)  # fmt: skip
        if n == 0:
            app = app.model_copy(update={"title": HOSTILE})
        if n == 1:
            app = app.model_copy(update={"category": None})
        apps.append(app)
        render_application(app, "A", ws.inbox / f"申报书{n}.docx", rng)
    people = [
        RosterPerson(name=m.name, unit=m.unit or app.unit, status="在职") for app in apps for m in app.members
    ]
    render_roster(random_roster(rng, names, 20, include=people), ws.inbox / "花名册.xlsx", rng)
    store = ws.open_store()
    Consumer(ws, store, workers=1).run()
    stored = store.records("application", ws.year)
    applications = {s.record.title: s.id for s in stored}
    assert len(applications) == 5, [s.record.title for s in stored]
    no_category = applications[apps[1].title]
    sheet = random_result_sheet(rng, names, variant="xlsx_sections", our_share=1.0, date="2025-06-18")
    notice = store_record_id(store, sheet, "竞赛获奖名单.xlsx", year=ws.year)
    reviewers = [
        ReviewerEntry(name=names.name(), unit=f"国网外省{n}供电公司", specialty="变电") for n in range(4)
    ]
    reviewers += [ReviewerEntry(name=names.name(), unit=units[0], specialty="变电")]
    write_reviewer_list(ReviewerList(reviewers=reviewers), ws.root / "评审专家.xlsx", ws.year)
    outcome = run_assign(ws, store, load_policy(ws.policy_path))
    files = write_assign_files(ws, outcome)
    links = reviewer_links(ws, store, files.forms, base)
    conflicts = {
        (r.name, r.unit): [s.id for s in stored if s.record.unit == r.unit]
        for r in outcome.assignment.reviewers
    }
    web_store.add_user(store, USER, hash_password(PASSWORD))
    return WebYear(ws, store, applications, no_category, notice, links, conflicts)


def settled_page(client: Any, path: str, seconds: float = 120.0) -> str:
    """The page at `path` once it no longer says its result is being worked out for the first time (a
    result page of a new workspace answers at once and asks for itself until the result is there)."""
    import time

    end = time.monotonic() + seconds
    while True:
        page: str = client.get(path).text
        if "正在计算…" not in page:
            return page
        assert time.monotonic() < end, f"{path} still being worked out"
        time.sleep(0.05)


# every pass over the year: the check's context and verdicts, the awards, the tally and the points
YEAR_PASSES = [("rules.check", "build_context"), ("rules.check", "check_one"), ("rules.awards", "year_awards"),
               ("rules.tally", "build_tally"), ("rules.points", "points_from")]  # fmt: skip


def forbid_year_passes(monkeypatch: Any, why: str) -> None:
    """From here on, any pass over the year in this process raises `AssertionError(why)`."""

    def fail(*_a: object, **_k: object) -> Any:
        raise AssertionError(why)

    for module, name in YEAR_PASSES:
        monkeypatch.setattr(f"{module}.{name}", fail)


def log_in(client: Any) -> Any:
    """`client` (a TestClient of the office's app) logged in through the login form as the office's user."""
    import re

    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert csrf
    r = client.post(
        "/login", data={"csrf": csrf.group(1), "username": USER, "password": PASSWORD, "next": "/"}
    )
    assert r.status_code == 303
    return client


def main_of(page: str) -> str:
    """The page's own content, without the per-session form tokens."""
    import re

    found = re.search(r"<main>.*</main>", page, re.S)
    assert found, page[:300]
    return re.sub(r'name="csrf" value="[^"]+"', 'name="csrf"', found.group(0))


def until(done: Any, seconds: float = 120.0) -> None:
    """Wait until `done()` is true; fail after `seconds`."""
    import time

    end = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)
