"""The office's pages in a real browser (Debian's chromium through its chromedriver, headless, at the
office's 1366×768): log in, correct a field and see the check change, upload a file, open a count's
sources, and two applications scored online by a reviewer appear in the ranking."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support.web_year import HOSTILE, PASSWORD, USER, WebYear, build_year

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)),
        reason="chromium and chromium-driver are not installed",
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WebYear, str]]:
    import uvicorn

    from jiangxin.web.app import create_app

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    year = build_year(tmp_path_factory.mktemp("browser") / "ws", base=base)
    server = uvicorn.Server(uvicorn.Config(create_app(year.ws, year.store), host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield year, base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
                "--lang=zh-CN"):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # to see what the console says
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _click_and_load(driver, element) -> None:  # type: ignore[no-untyped-def]
    """Click something that loads a new page and wait until the new page is there."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.wait import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 30).until(EC.staleness_of(old))


def _login(driver, base: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/")
    assert "/login" in driver.current_url
    driver.find_element(By.NAME, "username").send_keys(USER)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    _click_and_load(driver, driver.find_element(By.ID, "login-submit"))
    assert driver.find_element(By.ID, "waiting-count").text == "0"


def test_office_corrects_uploads_and_follows_a_count(served, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    year, base = served
    driver = browser
    _login(driver, base)
    # the validation station: the source document beside the fields; a correction changes the check
    driver.get(f"{base}/records/{year.no_category}")
    assert driver.find_element(By.ID, "verdict").text == "待补正"
    assert driver.find_elements(By.CSS_SELECTOR, "#source figure.page svg, #source .model")
    field = driver.find_element(By.ID, "field-category")
    field.find_element(By.TAG_NAME, "summary").click()
    field.find_element(By.NAME, "value").send_keys("技术革新")
    field.find_element(By.NAME, "why").send_keys("原件已勾选")
    _click_and_load(driver, field.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert driver.find_element(By.ID, "verdict").text == "通过"
    assert driver.find_element(By.ID, "value-category").text == "技术革新"
    assert "原件已勾选" in driver.find_element(By.CSS_SELECTOR, ".history").text
    # upload: a new application goes through the pipeline and is stored
    import random

    from jiangxin.examples.applications import random_application, render_application
    from jiangxin.examples.people import NamePool

    rng = random.Random(99)
    app = random_application(rng, NamePool(rng), title="一种浏览器上传的接地线检测装置")
    upload = tmp_path / "浏览器上传.docx"
    render_application(app, "B", upload, rng)
    driver.get(f"{base}/upload")
    driver.find_element(By.ID, "files").send_keys(str(upload))
    _click_and_load(driver, driver.find_element(By.ID, "upload-submit"))
    outcomes = driver.find_element(By.ID, "outcomes").text
    assert "浏览器上传.docx" in outcomes and "已入库" in outcomes
    assert any(s.record.title == app.title for s in year.store.records("application", year.ws.year))
    # a count of the tally opens the awards and files behind it
    driver.get(f"{base}/tally")
    count = driver.find_element(By.CSS_SELECTOR, "#tally-rows a.count")
    n = int(count.text)
    _click_and_load(driver, count)
    rows = driver.find_elements(By.CSS_SELECTOR, "#sources tbody tr")
    assert len(rows) == n
    _click_and_load(driver, rows[0].find_element(By.CSS_SELECTOR, "a.source-file"))
    assert f"/records/{year.notice}" in driver.current_url


def test_reviewer_scores_two_applications_and_the_ranking_shows_them(served, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    from jiangxin.review.rounds import current_round

    year, base = served
    driver = browser
    saved = current_round(year.store, year.ws.year)
    assert saved is not None
    reviewer, link = max(sorted(year.links.items()), key=lambda kv: len(saved.items_of(kv[0])))
    mine = list(saved.items_of(reviewer))[:2]
    assert len(mine) == 2
    driver.delete_all_cookies()
    driver.get(link)
    assert "专家" in driver.find_element(By.TAG_NAME, "h1").text
    entered = {}
    for k, pair in enumerate(mine):
        driver.get(f"{link}/a/{pair.application_id}")
        scores = [str(v - k) for v in (25, 20, 16, 12, 8)]
        for i, v in enumerate(scores):
            box = driver.find_element(By.ID, f"c{i}")
            box.clear()
            box.send_keys(v)
        _click_and_load(driver, driver.find_element(By.ID, "save-scores"))
        assert driver.find_element(By.ID, "saved").text == "评分已保存。"
        entered[pair.title] = sum(float(v) for v in scores)
    driver.get(link)
    assert driver.find_element(By.ID, "my-applications").text.count("已评分") == 2
    # the office's ranking counts the online sheet like a returned xlsx
    _login(driver, base)
    driver.get(f"{base}/reviews")
    ranking = driver.find_element(By.ID, "ranking").text
    for title, total in entered.items():
        line = next(row for row in ranking.splitlines() if title in row)
        assert f"{total:g}" in line


def test_a_word_form_shown_from_its_model_gets_its_rendered_pages_swapped_in(  # type: ignore[no-untyped-def]
    served, browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record page of a Word form LibreOffice has not rendered yet shows the document model at once;
    htmx (no inline script, under the page's CSP) puts the rendered pages in its place when they exist."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    from jiangxin.core.office import soffice_path
    from jiangxin.web import source

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    year, base = served
    driver = browser
    record_id = year.applications[HOSTILE]
    stored = year.store.record(record_id)
    assert stored is not None and stored.document.format == "docx"
    assert source.renderings.idle(120)  # the pages viewed by the tests before have been rendered
    (year.ws.outbox / source.CACHE_DIR / f"{stored.document.sha256}.pdf").unlink(missing_ok=True)
    release = threading.Event()
    real = source.convert

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert release.wait(120)
        return real(*args, **kwargs)

    monkeypatch.setattr(source, "convert", held)
    driver.get(f"{base}/")
    if "/login" in driver.current_url:
        _login(driver, base)
    driver.get_log("browser")  # what was said before this page
    driver.get(f"{base}/records/{record_id}")
    assert driver.find_element(By.ID, "source-pending").is_displayed()
    assert driver.find_elements(By.CSS_SELECTOR, "#source .model") and not driver.find_elements(
        By.CSS_SELECTOR, "#source figure.page"
    )
    release.set()
    WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#source figure.page svg"))
    assert not driver.find_elements(By.ID, "source-pending")
    assert driver.execute_script("return document.querySelector('#source image').getAttribute('href')") == (
        f"/records/{record_id}/pages/1.png"
    )
    said = [e["message"] for e in driver.get_log("browser")]
    assert not [m for m in said if "Content Security Policy" in m or "Refused" in m], said
