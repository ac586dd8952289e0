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
