"""Page times of the office's web pages for a large year, and reviewers saving scores at once.

    .venv/bin/python -m benchmarks.web_pages --records 5000 --reviewers 20 --repeat 5

A workspace is built with `--records` stored records (about 80 % applications, 300 of them eligible
for the review meeting, the rest results notices; a handful are real Word forms ingested from the inbox so the validation station has a source
to render, the rest are stored directly), a roster, `--reviewers` invited reviewers and their round.
`jiangxin serve` is started on it in a process of its own, as the office starts it: the first start of
the workspace computes the year's results beside the server and keeps them on disk; it is stopped and
started again (the rendered Word files removed, so their first view is measured too). After that
restart each page is fetched once cold (the first view after the start) and `--repeat` times warm
(median and max). Then every reviewer saves scores for two applications at the same moment (one
thread each, started together) and the store is checked for every save: each reviewer's latest sheet
must hold both. `--reuse DIR` builds the workspace once into DIR and runs every time on a copy of it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from jiangxin.core.records import Person, ReviewerEntry, ReviewerList, RosterPerson
from jiangxin.core.warnings import FieldWarning
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.notices import random_result_sheet
from jiangxin.examples.people import OUR_SUB_UNITS, NamePool, full_unit
from jiangxin.examples.rosters import random_roster, render_roster
from jiangxin.inbox import Consumer
from jiangxin.review.rounds import current_round
from jiangxin.review.score_check import reviewer_of
from jiangxin.review.steps import run_assign
from jiangxin.store import NewDocument, Store
from jiangxin.store import web as web_store
from jiangxin.web.auth import hash_password
from jiangxin.web.links import reviewer_links
from jiangxin.workspace import Workspace, init_workspace
from reports.render.review import write_assign_files
from reports.render.review_forms import write_reviewer_list
from rules.policy import load_policy

USER, PASSWORD = "bench", "benchmark-password"
REAL_FORMS = 8
ELIGIBLE = 300  # applications reaching the review meeting

DATE_DOUBT = FieldWarning(field="completed_on", code="unreadable", message="无法识别完成时间，请人工核对")


def build(root: Path, records: int, reviewers: int, seed: int) -> tuple[Workspace, Store, dict[Any, str]]:
    init_workspace(root)
    cfg = root / "jiangxin.toml"
    cfg.write_text(
        re.sub(r"(?m)^settle_seconds = .*$", "settle_seconds = 0", cfg.read_text("utf-8")), "utf-8"
    )
    ws = Workspace.load(root)
    ws.inbox.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = NamePool(rng)
    units = [full_unit(u) for u in OUR_SUB_UNITS]
    people: list[RosterPerson] = []
    for n in range(REAL_FORMS):
        app = random_application(rng, names, unit=units[n % len(units)])
        people += [RosterPerson(name=m.name, unit=app.unit, status="在职") for m in app.members]
        render_application(app, "A", ws.inbox / f"申报书{n}.docx", rng)
    # the applications of the review round: members on the roster, so they pass the check
    eligible = []
    for n in range(ELIGIBLE):
        unit = units[n % len(units)]
        members = [Person(name=names.name(), unit=unit) for _ in range(2)]
        people += [RosterPerson(name=m.name, unit=unit, status="在职") for m in members]
        app = random_application(
            rng, names, unit=unit, members=members, completed_on=f"{ws.year - 1}-10", unit_endorsed=True,
            category="技术革新", specialty="变电", economic_benefit_wan=8.0, patents=[],
        )  # fmt: skip
        # the generator's titles repeat over thousands of forms; these must not look like duplicates
        distinct = "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(10))
        eligible.append(app.model_copy(update={"title": distinct + app.title}))
    render_roster(random_roster(rng, names, 200, include=people), ws.inbox / "花名册.xlsx", rng)
    store = ws.open_store()
    Consumer(ws, store, workers=1).run()
    for n in range(records - REAL_FORMS - 1):
        if n < len(eligible):
            record: Any = eligible[n]
        elif n % 5:
            record = random_application(rng, names)
        else:
            record = random_result_sheet(rng, names, variant="xlsx_sections", date=f"{ws.year}-06-18")
        digest = hashlib.sha256(f"{seed}-{n}".encode()).hexdigest()
        name = f"{record.kind}-{n}.docx"
        store.add_document(NewDocument(
            sha256=digest, file_name=name, original_path=name, archived_path=f"outbox/archive/{name}",
            format="docx", kind=record.kind, size=0, year=ws.year, extractor_version="bench", record=record,
            warnings=[DATE_DOUBT] if n % 17 == 0 else [],
        ))  # fmt: skip
    experts = [ReviewerEntry(name=names.name(), unit=f"国网外省{n}供电公司") for n in range(reviewers)]
    write_reviewer_list(ReviewerList(reviewers=experts), ws.root / "评审专家.xlsx", ws.year)
    files = write_assign_files(ws, run_assign(ws, store, load_policy(ws.policy_path)))
    links = reviewer_links(ws, store, files.forms, "")
    web_store.add_user(store, USER, hash_password(PASSWORD))
    return ws, store, links


def prepared(
    reuse: Path | None, tmp: Path, records: int, reviewers: int, seed: int
) -> tuple[Workspace, Store, dict[Any, str], float]:
    """The workspace to measure (its store and reviewers' links) and the seconds its building took: built
    in `tmp`, or built once into `reuse` and copied from there (each run starts from the same build)."""
    t0 = time.perf_counter()
    if reuse is None:
        ws, store, links = build(tmp / "ws", records, reviewers, seed)
        return ws, store, links, time.perf_counter() - t0
    made = reuse / "bench.json"
    wanted = {"records": records, "reviewers": reviewers, "seed": seed}
    kept = json.loads(made.read_text("utf-8")) if made.is_file() else {}
    if {k: kept.get(k) for k in wanted} != wanted:
        shutil.rmtree(reuse / "ws", ignore_errors=True)
        made.unlink(missing_ok=True)
        _ws, kept_store, links = build(reuse / "ws", records, reviewers, seed)
        kept_store.close()
        kept = {**wanted, "built_s": round(time.perf_counter() - t0, 1),
                "links": [[*key, link] for key, link in links.items()]}  # fmt: skip
        made.write_text(json.dumps(kept, ensure_ascii=False), "utf-8")
    shutil.copytree(reuse / "ws", tmp / "ws")
    ws = Workspace.load(tmp / "ws")
    links = {(name, unit): link for name, unit, link in kept["links"]}
    return ws, ws.open_store(), links, float(kept["built_s"])


def serve(ws: Workspace) -> tuple[str, subprocess.Popen[bytes]]:
    """`jiangxin serve` on the workspace, in a process of its own, once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "jiangxin", "serve", "--workspace", str(ws.root), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            httpx.get(f"{base}/login", timeout=5)
            return base, server
        except httpx.TransportError:
            assert server.poll() is None, "jiangxin serve stopped"
            time.sleep(0.05)
    raise RuntimeError("jiangxin serve did not answer")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGINT)  # as Ctrl+C stops it
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def log_in(base: str, next_page: str = "/upload") -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=True, timeout=120)
    login = {
        "csrf": csrf(client.get("/login").text),
        "username": USER,
        "password": PASSWORD,
        "next": next_page,
    }
    client.post("/login", data=login)
    return client


def first_start(ws: Workspace) -> float:
    """The workspace's first start: its first view of `/` (ms), then waits until the year's results are
    kept on disk and the Word files rendered, and stops the server."""
    from jiangxin.web.snapshot import PARTS, folder_of

    base, server = serve(ws)
    try:
        office = log_in(base)
        assert "上传文件" in office.get("/upload").text, "login failed"
        first, _status = time_get(office, "/")
        folder = folder_of(ws)
        for _ in range(6000):  # the results kept, then the Word forms rendered (the last of the warm-up)
            kept = all((folder / f"{name}.json").is_file() for name in PARTS)
            if kept and len(list((ws.outbox / ".web-cache").glob("*.pdf"))) >= REAL_FORMS:
                break
            time.sleep(0.1)
        return first
    finally:
        stop(server)


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    return found.group(1)


def time_get(client: httpx.Client, path: str) -> tuple[float, int]:
    t = time.perf_counter()
    r = client.get(path)
    return (time.perf_counter() - t) * 1000, r.status_code


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=5000)
    ap.add_argument("--reviewers", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--corrections", type=int, default=10, help="correction round trips measured")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--reuse", type=Path, help="build the workspace once into this folder, run on a copy")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="jiangxin-web-bench-") as tmp:
        ws, store, links, built = prepared(args.reuse, Path(tmp), args.records, args.reviewers, args.seed)
        first_ever = first_start(ws)
        for pdf in (ws.outbox / ".web-cache").glob("*.pdf"):
            pdf.unlink()  # the Word forms' first view is measured too
        base, server = serve(ws)
        # land on a page that computes nothing, so the first "/" below is measured cold
        office = log_in(base)
        assert "上传文件" in office.get("/upload").text, "login failed"
        real = next(
            r.id for r in store.records("application", ws.year) if r.document.file_name.startswith("申报书")
        )
        bulk = store.records("application", ws.year)[-1].id
        saved = current_round(store, ws.year)
        assert saved is not None
        token = next(iter(links.values())).rsplit("/", 1)[1]
        first_app = saved.items_of(next(iter(links)))[0].application_id
        pages = [
            "/", "/records", "/records?kind=application&page=20", "/records?q=装置", f"/records/{real}",
            f"/records/{bulk}", "/queue", "/check", "/check?verdict=待补正", "/tally", "/tally/row/0", "/points",
            "/reviews", "/upload", f"/r/{token}", f"/r/{token}/a/{first_app}",
        ]  # fmt: skip
        rows = []
        for path in pages:
            client = httpx.Client(base_url=base, timeout=120) if path.startswith("/r/") else office
            cold, status = time_get(client, path)
            warm = [time_get(client, path)[0] for _ in range(args.repeat)]
            rows.append({"page": path, "status": status, "cold_ms": round(cold, 1),
                         "warm_median_ms": round(statistics.median(warm), 1), "warm_max_ms": round(max(warm), 1)})  # fmt: skip
        # the clerk's round trip: correct a field, land back on the record with its verdict checked again
        trips = []
        for k in range(args.corrections):
            page = office.get(f"/records/{bulk}").text
            t = time.perf_counter()
            r = office.post(f"/records/{bulk}/correct",
                            data={"csrf": csrf(page), "field": "category", "value": f"小改革{k}", "why": "bench"})  # fmt: skip
            trips.append((time.perf_counter() - t) * 1000)
            assert f"小改革{k}" in r.text
        rows.append({"page": "correct a field → its record page", "status": 200, "cold_ms": round(trips[0], 1),
                     "warm_median_ms": round(statistics.median(trips[1:] or trips), 1),
                     "warm_max_ms": round(max(trips[1:] or trips), 1)})  # fmt: skip
        # the check follows a correction record by record; tally and points are refreshed beside the server
        for path in ("/", "/tally"):
            after, status = time_get(office, path)
            rows.append({"page": f"{path} right after the corrections", "status": status, "cold_ms": round(after, 1),
                         "warm_median_ms": round(after, 1), "warm_max_ms": round(after, 1)})  # fmt: skip
        # a title corrected moves what the check relates applications by (duplicates, lead limits): its
        # context is changed where the title touches it, and the applications related to it checked again
        page = office.get(f"/records/{bulk}").text
        t = time.perf_counter()
        r = office.post(f"/records/{bulk}/correct",
                        data={"csrf": csrf(page), "field": "title", "value": "一种更正后的成果名称", "why": "bench"})  # fmt: skip
        title_trip = (time.perf_counter() - t) * 1000
        assert "一种更正后的成果名称" in r.text
        rows.append({"page": "correct a title → its record page", "status": r.status_code,
                     "cold_ms": round(title_trip, 1), "warm_median_ms": round(title_trip, 1),
                     "warm_max_ms": round(title_trip, 1)})  # fmt: skip
        # the reviewers come once the server's start-up work is done (its last step renders the Word forms)
        for _ in range(3000):
            if len(list((ws.outbox / ".web-cache").glob("*.pdf"))) >= REAL_FORMS:
                break
            time.sleep(0.1)
        concurrency = save_at_once(base, store, ws.year, saved, links)
        stop(server)
    measured = rows[: len(pages)]
    slowest = max(measured, key=lambda r: r["warm_max_ms"])
    summary = {
        "cold_max_ms": max(r["cold_ms"] for r in measured),
        "warm_median_max_ms": max(r["warm_median_ms"] for r in measured),
        "warm_max_ms": slowest["warm_max_ms"],
        "warm_max_page": slowest["page"],
        "correction_trips_ms": [round(t, 1) for t in trips],
        "title_correction_trip_ms": round(title_trip, 1),
    }
    result = {
        "records": args.records,
        "summary": summary,
        "built_s": round(built, 1),
        "first_start_glance_ms": round(first_ever, 1),
        "pages": rows,
        "concurrent_saves": concurrency,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{args.records} records (built in {built:.0f} s), {args.reviewers} reviewers")
    print(
        f"first start of the workspace (nothing kept yet): / in {first_ever:.0f} ms; then, after a restart:"
    )
    print(f"{'page':45} {'status':>6} {'cold ms':>9} {'warm med':>9} {'warm max':>9}")
    for r in rows:
        print(
            f"{r['page'][:45]:45} {r['status']:>6} {r['cold_ms']:>9} {r['warm_median_ms']:>9} {r['warm_max_ms']:>9}"
        )
    trip = summary["correction_trips_ms"]
    print(
        f"\nevery page: cold at most {summary['cold_max_ms']} ms, warm medians at most "
        f"{summary['warm_median_max_ms']} ms, slowest warm request {summary['warm_max_ms']} ms "
        f"({summary['warm_max_page']})"
    )
    print(
        f"correction round trip ({len(trip)}): median {statistics.median(trip):.1f} ms, max {max(trip)} ms: {trip}"
    )
    print(f"a title corrected (the check's context moves): {summary['title_correction_trip_ms']} ms")
    c = concurrency
    print(f"\n{c['reviewers']} reviewers saving 2 applications each at once: {c['saves']} saves in {c['seconds']} s, "
          f"median {c['median_ms']} ms, max {c['max_ms']} ms per save; lost saves: {c['lost']}")  # fmt: skip
    return 0 if c["lost"] == 0 else 1


def save_at_once(base: str, store: Store, year: int, saved: Any, links: dict[Any, str]) -> dict[str, Any]:
    """Every reviewer saves two applications' scores, all threads released together."""
    barrier = threading.Barrier(len(links))
    times: list[float] = []
    expected: dict[Any, dict[int, float]] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def one(reviewer: Any, link: str) -> None:
        token = link.rsplit("/", 1)[1]
        client = httpx.Client(base_url=base, timeout=300)
        apps = [p.application_id for p in saved.items_of(reviewer)][:2]
        forms = [client.get(f"/r/{token}/a/{a}").text for a in apps]
        barrier.wait()
        for k, (app_id, page) in enumerate(zip(apps, forms, strict=True)):
            score = 10 + k + len(reviewer[0])
            t = time.perf_counter()
            r = client.post(f"/r/{token}/a/{app_id}/save", data={"csrf": csrf(page), "c0": str(score)})
            with lock:
                times.append((time.perf_counter() - t) * 1000)
                expected.setdefault(reviewer, {})[app_id] = float(score)
                if r.status_code not in (200, 303):
                    errors.append(f"{reviewer[0]}: {r.status_code}")

    threads = [threading.Thread(target=one, args=(k, v)) for k, v in links.items()]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    latest: dict[Any, Any] = {}
    for stored in store.records("score_sheet", year):
        latest[reviewer_of(stored.record)] = stored.record
    lost = 0
    for reviewer, scores in expected.items():
        sheet = latest.get(reviewer)
        got = {r.application_id: r.scores.get("创新性") for r in sheet.rows} if sheet else {}
        lost += sum(1 for app_id, v in scores.items() if got.get(app_id) != v)
    return {"reviewers": len(links), "saves": len(times), "seconds": round(seconds, 2),
            "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "lost": lost + len(errors), "errors": errors[:5]}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
