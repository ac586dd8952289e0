"""Read single values of an application: tick-box categories, the unit's endorsement, the unit name."""

from __future__ import annotations

import re

from jiangxin.core.patterns import LazyPattern
from jiangxin.core.text import squeeze

FIVE_SMALL = ("小发明", "小创造", "小革新", "小设计", "小建议")
TICKED = "☑■√✓✔☒⊠▣●"
UNTICKED = "□☐○◻"
_BOXES = TICKED + UNTICKED
# '（√）小发明 （ ）小创造' is the same as '☑小发明 □小创造'
_PAREN_TICK = LazyPattern(r"[（(]\s*[√✓✔]\s*[）)]")
_PAREN_BLANK = LazyPattern(r"[（(][\s\u3000]*[）)]")
_OPTION_TEXT = LazyPattern(r"[^\s\u3000" + _BOXES + r"]+")

_APPROVAL = LazyPattern(r"同意|予以推荐|推荐申报|准予申报|准予推荐|特此推荐")
_REFUSAL = LazyPattern(r"不同意|不予推荐|不予申报|暂缓|不推荐")
_SEAL = LazyPattern(r"[（(]\s*(?:盖章|公章|签章|章)\s*[）)]\s*$")


class Unticked(ValueError):
    """Tick boxes were printed but none (or several) was ticked."""


def read_choice(text: str) -> str | None:
    """The chosen option of a cell: the option after a ticked box, or the text as written.

    '☑小发明 □小创造' → '小发明'; '小发明' → '小发明'. Raises `Unticked` when boxes are printed and
    not exactly one is ticked.
    """
    text = _PAREN_BLANK.sub("□", _PAREN_TICK.sub("☑", text))
    if not any(ch in _BOXES for ch in text):
        value = squeeze(text)
        return value or None
    options = _options(text)
    chosen = [option for mark, option in options if mark in TICKED]
    if len(chosen) != 1:
        raise Unticked(f"{len(chosen)} of {len(options)}")
    return chosen[0]


def _options(text: str) -> list[tuple[str, str]]:
    """(box, option) pairs, whether boxes stand before their options or after them."""
    stripped = text.strip()
    before = stripped[:1] in _BOXES
    pairs: list[tuple[str, str]] = []
    if before:
        for m in re.finditer(rf"([{_BOXES}])[\s\u3000]*({_OPTION_TEXT.pattern})", stripped):
            pairs.append((m.group(1), m.group(2)))
    else:
        for m in re.finditer(rf"({_OPTION_TEXT.pattern})[\s\u3000]*([{_BOXES}])", stripped):
            pairs.append((m.group(2), m.group(1)))
    return pairs


def normalize_category(value: str | None) -> str | None:
    """One of the five small kinds when the text names one, else the category as written."""
    if value is None:
        return None
    for kind in FIVE_SMALL:
        if kind in value:
            return kind
    return value


def endorsed(text: str) -> bool:
    """Whether a 单位意见 states approval ('同意推荐。（盖章）2025年4月28日'); blank is not approval."""
    return bool(_APPROVAL.search(text)) and not _REFUSAL.search(text)


def clean_unit(text: str) -> str:
    """The unit as written, without layout spaces and a trailing '（盖章）'."""
    return _SEAL.sub("", squeeze(text)).strip()
