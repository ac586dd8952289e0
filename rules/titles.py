"""Comparing achievement titles: the same achievement may be written with other quotes, spaces or punctuation."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from jiangxin.core.give_way import give_way

_NOISE = re.compile(r"[\s\u3000《》〈〉“”\"'‘’「」『』（）()【】\[\]、，,。.：:；;—\-－_·]+")


def title_key(title: str | None) -> str:
    """The title as compared: width-folded, case-folded, without spaces, quotes and punctuation."""
    if not title:
        return ""
    return _NOISE.sub("", unicodedata.normalize("NFKC", title)).casefold()


# numbers, voltage levels and model designations: 110kV, ±800kV, GIS, JP, 10kV-3, 2号
_DESIGNATION = re.compile(r"[±+]?[0-9a-z][0-9a-z.\-]*")


def designations(title: str | None) -> tuple[str, ...]:
    """The numbers, voltage levels and model designations a title names, sorted."""
    if not title:
        return ()
    text = unicodedata.normalize("NFKC", title).casefold()
    return tuple(sorted(t.strip(".-") for t in _DESIGNATION.findall(text) if t.strip(".-")))


def designations_differ(a: str | None, b: str | None) -> bool:
    """True when both titles name numbers or designations and these are not the same (110kV ≠ 750kV):
    such titles are different equipment however alike the rest of the words are."""
    da, db = designations(a), designations(b)
    return bool(da and db and da != db)


def similarity(a: str | None, b: str | None) -> float:
    """0..1; 1 for titles that differ only in punctuation, spacing or width; 0 for titles whose
    numbers or designations differ."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb or designations_differ(a, b):
        return 0.0
    return fuzz.ratio(ka, kb) / 100.0


def _keys_and_marks(titles: list[str]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Each title's key and designations (work beside the web pages gives way every 500 titles)."""
    keys, marks = [], []
    for n, t in enumerate(titles):
        if n % 500 == 499:
            give_way()
        keys.append(title_key(t))
        marks.append(designations(t))
    return keys, marks


def title_matches(
    queries: list[str], choices: list[str], threshold: float, block: int = 512
) -> list[list[tuple[int, float]]]:
    """For each query title, the indexes of the choices at least `threshold` alike, with the score;
    titles whose numbers or designations differ never match.

    Compared in blocks by rapidfuzz in native code on the title keys (each computed once), so
    thousands of titles against thousands cost seconds and memory stays bounded by the block.
    """
    from rapidfuzz import process

    q_keys, q_marks = _keys_and_marks(queries)
    c_keys, c_marks = _keys_and_marks(choices)
    out: list[list[tuple[int, float]]] = [[] for _ in queries]
    if not q_keys or not c_keys:
        return out
    cutoff = threshold * 100
    for start in range(0, len(q_keys), block):
        give_way()
        scores = process.cdist(
            q_keys[start : start + block], c_keys, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1
        )
        for i, row in enumerate(scores):
            if not q_keys[start + i]:
                continue
            marks = q_marks[start + i]
            out[start + i] = [
                (int(j), float(row[j]) / 100.0)
                for j in row.nonzero()[0]
                if c_keys[int(j)] and not (marks and c_marks[int(j)] and marks != c_marks[int(j)])
            ]
    return out
