"""Short versions of the hostile runs (benchmarks/hostile.py runs the long ones): a seeded fuzz of a
few hundred mutated documents, and kill -9 of the ingest at random moments."""

from __future__ import annotations

from pathlib import Path

from benchmarks.hostile import fuzz, kills, mutate


def test_fuzzed_documents_end_stored_or_quarantined_each_once(tmp_path: Path) -> None:
    figures = fuzz(300, seed=7, folder=tmp_path)
    assert figures.notes == []
    assert (figures.tracebacks, figures.hangs, figures.lost, figures.doubled, figures.stuck) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert sum(figures.results.values()) == 300
    # the mutations really are hostile: many are refused, with more than one reason
    assert figures.results.get("failed", 0) > 50 and len(figures.errors) >= 3


def test_ingest_killed_at_random_moments_loses_and_doubles_nothing(tmp_path: Path) -> None:
    figures = kills(5, 3, seed=11, folder=tmp_path)
    assert figures.notes == []
    assert figures.kills >= 1
    assert (figures.tracebacks, figures.hangs, figures.lost, figures.doubled, figures.stuck) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert figures.orphans == 0


def test_mutations_are_seeded() -> None:
    import random

    data = bytes(range(256)) * 40
    assert mutate(data, random.Random(3)) == mutate(data, random.Random(3))
    assert mutate(data, random.Random(3)) != data
