"""Bar charts for the annual summary, drawn with matplotlib in a Chinese font found among the installed
fonts. Without any CJK font the charts are left out (the caller says so) rather than drawn with
empty boxes where the characters should be."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .cn import plain_number

# families tried in order: the Noto/Source Han fonts Linux ships, then what Windows and macOS have
PREFERRED_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Microsoft YaHei",
    "SimHei",
    "SimSun",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
    "AR PL UKai CN",
)
CHART_WIDTH_MM = 150  # the type area is 156 mm wide
_INK = "#1f3b5a"
_SCOPE_COLOURS = ("#1f3b5a", "#4f7cac", "#9bb7d4", "#c9d6e3")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None when there is none.

    matplotlib lists fonts from a cache written when it first ran; a font installed later is missing
    from it. When the cache offers no Chinese font, the installed font files it does not know are
    added to it one by one, so a font installed after the cache was written is still found.
    """
    found = _chinese_family({f.name for f in font_manager.fontManager.ttflist})
    if found is None:
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # a broken or unreadable font file is skipped
        found = _chinese_family({f.name for f in font_manager.fontManager.ttflist})
    return found


def _chinese_family(installed: set[str]) -> str | None:
    for name in PREFERRED_FONTS:
        if name in installed:
            return name
    for name in sorted(installed):
        if "CJK" in name and ("SC" in name or "JP" in name):
            return name
    for name in sorted(installed):
        if any(word in name for word in _CJK_WORDS):
            return name
    return None


_CJK_WORDS = ("CJK", "Han Sans", "Han Serif", "UMing", "UKai", "WenQuanYi", "Hei", "Song", "Kai")


def _figure(height_in: float) -> Figure:
    fig = Figure(figsize=(CHART_WIDTH_MM / 25.4, height_in), dpi=200, layout="constrained")
    fig.patch.set_facecolor("white")
    return fig


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="white")  # constrained layout: one draw, no tight bbox pass
    return buffer.getvalue()


def stacked_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> bytes | None:
    """Vertical bars, one per category, stacked by series (e.g. tiers × 成果/个人/团体/集体); totals on top."""
    font = cjk_font()
    if font is None or not categories:
        return None
    fig = _figure(2.8)
    ax = fig.add_subplot()
    bottoms = [0] * len(categories)
    for (label, values), colour in zip(series, _SCOPE_COLOURS, strict=False):
        if not any(values):
            continue
        ax.bar(categories, values, bottom=bottoms, label=label, color=colour, width=0.55)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    for x, total in enumerate(bottoms):
        ax.text(x, total, str(total), ha="center", va="bottom", fontfamily=font, fontsize=9, color=_INK)
    ax.set_ylabel("项数", fontfamily=font, fontsize=9)
    ax.set_ylim(0, max(bottoms) * 1.18 + 1)
    _style(ax, font)
    ax.legend(prop={"family": font, "size": 8}, frameon=False, ncols=4, loc="upper right")
    return _png(fig)


def horizontal_bars(labels: Sequence[str], values: Sequence[int | float]) -> bytes | None:
    """Horizontal bars, largest at the top (e.g. awards by unit), the value at each bar's end."""
    font = cjk_font()
    if font is None or not labels:
        return None
    fig = _figure(0.6 + 0.28 * len(labels))
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=_INK, height=0.6)
    ax.set_yticks(positions, labels=list(labels))
    top = max(values) if values else 0
    for y, v in zip(positions, values, strict=True):
        ax.text(v + top * 0.01, y, plain_number(v), va="center", fontfamily=font, fontsize=8, color=_INK)
    ax.set_xlim(0, top * 1.12 + 1)
    ax.set_xlabel("项数", fontfamily=font, fontsize=9)
    _style(ax, font)
    return _png(fig)


def _style(ax: Axes, font: str) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontfamily(font)
        label.set_fontsize(8)
