"""How sure the reading of a field is, from the per-character probabilities of OCR blocks.

A field's confidence comes from the characters it was read from, and from those that decide its
value: every character of a name or title (one doubtful character is enough to ask a person), the
digits and units of an amount or date, the tick marks and ticked option of a choice, the sentence
that states approval, and on average for prose (a typo leaves a summary usable). Below the
threshold the record carries a warning naming the field, which the eligibility check turns into
待补正. Documents not read by OCR get None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence

from jiangxin.core.record_data import APPLICATION_FIELD_LABELS
from jiangxin.core.warnings import FieldWarning

from ..model import Cell, Document, Paragraph, Table
from .blocks import OcrCell, OcrParagraph
from .layout import SEAL_OPINION_STYLE, SEAL_STYLE

# below this a field read by OCR is flagged for a person; chosen by measurement
# (benchmarks/ocr_accuracy.py sweeps it: every wrong field of the generated scans falls below)
THRESHOLD = 0.9
# prose counts as right when 97 % of it is (the benchmark's rule): a mean probability below this
# expects more than 3 % of its characters misread
PROSE_THRESHOLD = 0.97
# a value not found verbatim is looked for approximately; weaker alignments are not trusted
_MIN_ALIGNMENT = 85.0

TEXT, PROSE, NUMBER, CHOICE, ENDORSEMENT = "text", "prose", "number", "choice", "endorsement"
FIELD_KINDS = {
    "title": TEXT,
    "unit": TEXT,
    "category": CHOICE,
    "specialty": CHOICE,
    "members": TEXT,
    "completed_on": NUMBER,
    "summary": PROSE,
    "innovations": PROSE,
    "adoption": PROSE,
    "economic_benefit_wan": NUMBER,
    "patents": TEXT,
    "unit_endorsed": ENDORSEMENT,
}
FIELD_LABELS = APPLICATION_FIELD_LABELS
# the characters an amount or a date is read from (separating commas and words do not count)
_NUMERIC = frozenset("0123456789.年月日万元〇零一二三四五六七八九十百千亿")
_TICKED = frozenset("☑■√✓✔☒⊠▣●")
_BOXES = _TICKED | frozenset("□☐○◻")
_APPROVAL = re.compile(r"同意\w{0,2}|推荐|批准|上报|属实")


def _units(doc: Document) -> Iterator[tuple[str, tuple[float, ...]]]:
    """Every text of the document with a probability per character: OCR-read blocks carry theirs,
    text-layer blocks of a mixed PDF are certain (cells of nested tables too)."""

    def probs(block: OcrCell | OcrParagraph | Cell | Paragraph) -> tuple[float, ...]:
        if isinstance(block, OcrCell | OcrParagraph):
            return block.char_conf
        return (1.0,) * len(block.text)

    def cells(table: Table) -> Iterator[tuple[str, tuple[float, ...]]]:
        for cell in table.cells:
            if cell.text:
                yield cell.text, probs(cell)
            for inner in cell.tables:
                yield from cells(inner)

    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.text:
            yield block.text, probs(block)
        elif isinstance(block, Table):
            yield from cells(block)


def _fold(char: str) -> str:
    """One character in the form compared (full-width forms folded), keeping one-to-one positions."""
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def _squeezed(text: str, conf: tuple[float, ...]) -> tuple[str, list[float]]:
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    probs = [conf[i] if i < len(conf) else 0.0 for i in keep]
    return "".join(_fold(text[i]) for i in keep), probs


def field_confidence(doc: Document, source: str | Sequence[str] | None, kind: str = TEXT) -> float | None:
    """Confidence of a field read from `source`: the text as it stood in the document (its lines
    are looked for one by one), or the parts of a list field (each name, each patent number).
    `kind` (see FIELD_KINDS) says which characters count and how. None when the document was not
    read by OCR or a part cannot be found in any OCR block."""
    if not doc.ocr or source is None:
        return None
    items = [source] if isinstance(source, str) else list(source)
    parts = [line for item in items for line in item.splitlines() if "".join(line.split())]
    if kind == ENDORSEMENT:
        # approval is read from its words ('同意推荐'); dates, stamps and punctuation do not count
        words = [m.group(0) for p in parts for m in _APPROVAL.finditer(p)]
        parts = words or parts
    scores = []
    for part in parts:
        span = _best_span(doc, part, kind)
        if span is None:
            return None
        scores.append(_score(span[0], span[1], kind))
    return round(min(scores), 4) if scores else None


def _best_span(doc: Document, value: str, kind: str) -> tuple[str, list[float]] | None:
    """The OCR characters (and probabilities) where `value` was read: the best-read exact
    occurrence, else the best approximate alignment (whose score caps the probabilities)."""
    from rapidfuzz import fuzz

    target = "".join(_fold(ch) for ch in value if not ch.isspace())
    exact: list[tuple[str, list[float]]] = []
    approximate: list[tuple[str, list[float]]] = []
    for text, conf in _units(doc):
        squeezed, probs = _squeezed(text, conf)
        start = squeezed.find(target)
        while start >= 0:
            exact.append((target, probs[start : start + len(target)]))
            start = squeezed.find(target, start + 1)
        if exact or len(target) < 2 or not squeezed:
            continue
        match = fuzz.partial_ratio_alignment(target, squeezed, score_cutoff=_MIN_ALIGNMENT)
        if match is not None and match.dest_end > match.dest_start:
            cap = match.score / 100.0
            chars = squeezed[match.dest_start : match.dest_end]
            approximate.append((chars, [min(p, cap) for p in probs[match.dest_start : match.dest_end]]))
    found = exact or approximate
    if not found:
        return None
    return max(found, key=lambda span: _score(span[0], span[1], kind))


def _score(chars: str, probs: list[float], kind: str) -> float:
    if not probs:
        return 0.0
    if kind == PROSE:
        return sum(probs) / len(probs)
    if kind == NUMBER:
        counted = [p for ch, p in zip(chars, probs, strict=False) if ch in _NUMERIC]
        return min(counted or probs)
    if kind == CHOICE and any(ch in _BOXES for ch in chars):
        counted = []
        ticked = False
        for ch, p in zip(chars, probs, strict=False):
            if ch in _BOXES:
                counted.append(p)
                ticked = ch in _TICKED
            elif ticked:
                counted.append(p)
        return min(counted)
    return min(probs)


def review_fields(
    doc: Document,
    sources: Mapping[str, str | Sequence[str] | None],
    threshold: float = THRESHOLD,
    prose_threshold: float = PROSE_THRESHOLD,
) -> tuple[dict[str, float], list[FieldWarning]]:
    """Confidences for the fields of a record read by OCR, and a warning for each field below its
    threshold (or not found among the OCR blocks) so a person confirms it; empty for typed files.
    Each warning names its field, like the extractor's own."""
    if not doc.ocr:
        return {}, []
    confidence: dict[str, float] = {}
    warnings: list[FieldWarning] = []
    for key, source in sources.items():
        if source is None or (not isinstance(source, str) and not any(source)):
            continue
        label = FIELD_LABELS.get(key, key)
        kind = FIELD_KINDS.get(key, TEXT)
        score = field_confidence(doc, source, kind)
        if score is None:
            warnings.append(
                FieldWarning(
                    field=key,
                    code="ocr_unchecked",
                    message=f"“{label}”为扫描识别，未能核对识别置信度，请人工核对",
                )
            )
            continue
        confidence[key] = score
        limit = prose_threshold if kind == PROSE else threshold
        if score < limit:
            message = f"“{label}”为扫描识别，置信度 {score:.2f} 低于 {limit:.2f}，请人工核对"
            warnings.append(FieldWarning(field=key, code="ocr_low_confidence", message=message))
    return confidence, warnings


def seal_present(doc: Document) -> bool | None:
    """Whether a red seal sits in the 单位意见 area of a page read by OCR; None for typed files
    (a text layer says nothing about ink on paper)."""
    if not doc.ocr:
        return None
    return any(getattr(block, "style", None) == SEAL_OPINION_STYLE for block in doc.blocks)


def seals_elsewhere(doc: Document) -> int:
    """Red seals found outside the opinion area (stamped over the unit name, on an attachment)."""
    return sum(1 for block in doc.blocks if getattr(block, "style", None) == SEAL_STYLE)
