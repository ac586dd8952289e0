"""Comparing achievement titles: the same achievement may be written with other quotes, spaces or punctuation."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

_NOISE = re.compile(r"[\s\u3000《》〈〉“”\"'‘’「」『』（）()【】\[\]、，,。.：:；;—\-－_·]+")


def title_key(title: str | None) -> str:
    """The title as compared: width-folded, case-folded, without spaces, quotes and punctuation."""
    if not title:
        return ""
    return _NOISE.sub("", unicodedata.normalize("NFKC", title)).casefold()


def similarity(a: str | None, b: str | None) -> float:
    """0..1; 1 for titles that differ only in punctuation, spacing or width."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return 0.0
    return fuzz.ratio(ka, kb) / 100.0


def title_matches(
    queries: list[str], choices: list[str], threshold: float, block: int = 512
) -> list[list[tuple[int, float]]]:
    """For each query title, the indexes of the choices at least `threshold` alike, with the score.

    Compared in blocks by rapidfuzz in native code on the title keys (each computed once), so
    thousands of titles against thousands cost seconds and memory stays bounded by the block.
    """
    from rapidfuzz import process

    q_keys = [title_key(t) for t in queries]
    c_keys = [title_key(t) for t in choices]
    out: list[list[tuple[int, float]]] = [[] for _ in queries]
    if not q_keys or not c_keys:
        return out
    cutoff = threshold * 100
    for start in range(0, len(q_keys), block):
        scores = process.cdist(
            q_keys[start : start + block], c_keys, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1
        )
        for i, row in enumerate(scores):
            if not q_keys[start + i]:
                continue
            out[start + i] = [(int(j), float(row[j]) / 100.0) for j in row.nonzero()[0] if c_keys[int(j)]]
    return out
