"""Work beside the web pages gives way to them: inside `giving_way(wait)`, the store's long reads call
`wait` every so many rows; anywhere else they call nothing. The pages' Activity waits while a request is
under way."""

from __future__ import annotations

import random
import threading
import time

from jiangxin.core.give_way import give_way, giving_way
from jiangxin.examples.applications import random_application
from jiangxin.examples.people import NamePool
from jiangxin.examples.year import store_record
from jiangxin.store import Store
from jiangxin.web.app import Activity


def _applications(store: Store, n: int) -> None:
    rng = random.Random(7)
    pool = NamePool(rng)
    for i in range(n):
        store_record(store, random_application(rng, pool), f"申报书{i}.docx")


def test_the_store_gives_way_while_reading_many_records(store: Store) -> None:
    _applications(store, 250)
    calls: list[int] = []
    assert len(store.records("application", 2025)) == 250  # outside: nothing to call
    with giving_way(lambda: calls.append(1)):
        assert len(store.records("application", 2025)) == 250
    assert len(calls) == 4  # after the 100th and the 200th row read, and record made
    give_way()  # outside again: nothing happens
    assert len(calls) == 4


def test_activity_holds_work_back_while_a_request_is_under_way() -> None:
    activity = Activity()
    activity.begin()
    released = threading.Event()

    def work() -> None:
        with giving_way(activity.wait_idle):
            give_way()
        released.set()

    threading.Thread(target=work).start()
    time.sleep(0.2)
    assert not released.is_set()  # held while the request runs
    activity.end()
    assert released.wait(5)
