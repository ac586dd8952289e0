"""Time of rendering a large year's tallies into both documents (annual summary and news article).

    .venv/bin/python -m benchmarks.report_speed --awards 10000 --applications 300 --repeat 3

A generated year is stored directly (no files): `--awards` award lines spread over result sheets of
100 lines (our units hold about half), plus the applications and the review meeting's results. Timed
separately: gathering the facts once (the rules' check, tally and points over the store), then, median
of `--repeat` runs, building each document's context (charts included) and rendering it with docxtpl.
The target is that context + render of both documents takes under a few seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jiangxin.examples.office import write_example_files
from jiangxin.examples.recipes import report_year
from jiangxin.examples.year import store_records
from jiangxin.workspace import init_workspace
from reports.annual import ANNUAL_REQUIRED, annual_context
from reports.build_templates import ANNUAL_TEMPLATE, NEWS_TEMPLATE
from reports.facts import gather_facts
from reports.highlights import read_highlights
from reports.news import NEWS_REQUIRED, news_context
from reports.plan import read_plan
from reports.render import render_docx, shipped_template
from rules.policy import load_policy

LINES_PER_SHEET = 100


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=10000, help="award lines in the store")
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="jiangxin-report-bench-") as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        store = ws.open_store()
        sheets = max(2, args.awards // LINES_PER_SHEET)
        start = time.perf_counter()
        year = report_year(
            year=ws.year, applications=args.applications, missing_member=args.applications // 20,
            unendorsed=args.applications // 30, external_selections=sheets // 2,
            competitions=sheets - sheets // 2, lines_per_sheet=LINES_PER_SHEET, distinct_titles=False,
        )  # fmt: skip
        store_records(year, store)
        write_example_files(ws.root, ws.year)
        fill = time.perf_counter() - start
        lines = len(store.awards(ws.year))
        policy = load_policy()
        gather, facts = timed(lambda: gather_facts(ws, store, policy), 1)  # the rules' work, timed once
        day = dt.date(ws.year, 12, 31)
        annual_ctx_s, annual_ctx = timed(lambda: annual_context(facts, read_plan(ws.root), day), args.repeat)
        news_ctx_s, news_ctx = timed(
            lambda: news_context(facts, read_highlights(ws.root), ws.news), args.repeat
        )
        out = Path(tmp) / "out"
        annual_s, _ = timed(
            lambda: render_docx(
                shipped_template(ANNUAL_TEMPLATE), annual_ctx, out / "annual.docx", required=ANNUAL_REQUIRED
            ),
            args.repeat,
        )
        news_s, _ = timed(
            lambda: render_docx(
                shipped_template(NEWS_TEMPLATE), news_ctx, out / "news.docx", required=NEWS_REQUIRED
            ),
            args.repeat,
        )
        store.close()

    both = annual_ctx_s + news_ctx_s + annual_s + news_s
    print(f"store: {lines} award lines, {args.applications} applications (filled in {fill:.1f} s)")
    print(f"facts counted: {len(facts.counts())}, source documents: {len(facts.sources())}")
    print("| step | seconds |\n|---|---|")
    print(f"| gather facts (check, tally, points) | {gather:.2f} |")
    print(f"| annual: context + charts | {annual_ctx_s:.2f} |")
    print(f"| annual: render | {annual_s:.2f} |")
    print(f"| news: context | {news_ctx_s:.3f} |")
    print(f"| news: render | {news_s:.2f} |")
    print(f"| **both documents (context + render)** | **{both:.2f}** |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
