"""Accuracy on the corpora made outside the project stays at its measured level, for every kind and format.

The shared scorer runs `jiangxin extract --json` over each corpus exactly as a user would. The corpora live
beside the repository (`../shared/`), never inside it; where they are absent the test says so and skips.
Floors are the figures measured when the extractor last changed (README, "Extraction accuracy"); raise them
when accuracy rises, never lower them to make a change pass.
"""

from __future__ import annotations

import pytest

from benchmarks.shared_accuracy import DEFAULT_SHARED, score_corpus

# corpus → least field accuracy for each (kind, format) group and for the whole corpus
FLOORS = {"samples": 1.0, "dev": 1.0, "dev-year": 1.0}


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_shared_corpus_accuracy(corpus: str) -> None:
    folder = DEFAULT_SHARED / corpus
    if not (folder / "truth").is_dir():
        pytest.skip(f"../shared/{corpus} 不存在")
    score = score_corpus(folder, DEFAULT_SHARED / "tools" / "score_extraction.py")
    floor = FLOORS[corpus]
    low = [(k, f, r, t) for k, f, r, t in score.groups if r / t < floor]
    assert not low and score.accuracy >= floor, (
        f"{corpus}: {score.accuracy:.4f} overall; below {floor}: {low}\n" + "\n".join(score.misses[:30])
    )
