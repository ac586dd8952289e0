"""Generated forms made into the scans and photos units send: printed, stamped, scanned, photographed.

A generated form (docx → PDF through LibreOffice) is rendered page by page with pypdfium2 at 150–300
dpi; a red seal is drawn over the 单位意见 area of some (multiplied like ink, so text under it stays
black) and over the unit's name on a few; then the page is turned a few degrees (a few by 90° or
180°), blurred, given noise and uneven light, and saved as an image-only PDF or as JPEG pictures
(one JPEG for a one-page form, a multi-page TIFF of JPEG frames for longer ones). The truth of each
scan is the form's record plus whether its 单位意见 area carries a seal.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.records import Application

if TYPE_CHECKING:
    from PIL import Image

SEAL_RED = (214, 38, 45)
SEAL_MM = 42.0  # a unit's round seal is 38–45 mm across
SCAN_FORMATS = ("pdf", "jpeg")
# labels of the place a unit stamps (its 盖章 note below them) and of the unit's own field
_OPINION_WORDS = ("单位意见", "推荐意见", "申报单位意见")
_UNIT_WORDS = ("申报单位", "完成单位", "所在单位")


@dataclass(frozen=True, slots=True)
class ScanStyle:
    """How one form was scanned; every choice is recorded so a failure can be reproduced."""

    dpi: int = 200
    skew: float = 0.0  # degrees, counter-clockwise
    quarter_turns: int = 0  # 0, 1 (90° counter-clockwise), 2 (upside down) or 3
    blur: float = 0.0  # Gaussian sigma in pixels
    noise: float = 0.0  # Gaussian sigma in grey levels
    shade: float = 0.0  # darkening towards one corner (uneven light of a photo), 0..1
    seal_opinion: bool = False  # a red seal over the 单位意见 area
    seal_unit: bool = False  # a red seal over the unit's name (stamped in the wrong place)
    jpeg_quality: int = 85


def choose_scan_style(rng: random.Random) -> ScanStyle:
    """A plausible scan: mostly straight-ish office scans, some photos, a few turned pages."""
    turn = rng.choices((0, 1, 2, 3), weights=(88, 4, 5, 3))[0]
    return ScanStyle(
        dpi=rng.choice((150, 200, 200, 240, 300)),
        skew=round(rng.uniform(-3.0, 3.0), 2),
        quarter_turns=turn,
        blur=round(rng.uniform(0.0, 1.0), 2),
        noise=round(rng.uniform(2.0, 9.0), 1),
        shade=round(rng.uniform(0.0, 0.25), 2) if rng.random() < 0.4 else 0.0,
        seal_opinion=rng.random() < 0.6,
        seal_unit=rng.random() < 0.1,
        jpeg_quality=rng.randint(70, 92),
    )


@dataclass(frozen=True, slots=True)
class _Mark:
    """Where a seal goes: page (1-based) and centre in PDF points from the top-left corner."""

    page: int
    x: float
    y: float


def _spaced(word: str) -> str:
    """A regex for a label whose characters a form may space apart ('申 报 单 位')."""
    return r"\s*".join(word)


def _find_marks(pdf: Path, unit_name: str) -> tuple[_Mark | None, _Mark | None]:
    """Where a seal goes in a typed PDF, from its text layer: the 盖章 note of the opinion area
    (not a cover page's '申报单位（盖章）：' line), else beside the opinion label; and the unit's
    name in the form's own unit field (the name right after a unit label)."""
    import pdfplumber

    opinion_label = "|".join(_spaced(w) for w in (*_OPINION_WORDS, "意见"))
    # a cover page's '申报单位（盖章）：' is followed by a colon, the opinion's note is not
    stamp_note = _spaced("盖章") + r"(?!\s*[）)]\s*[：:])"
    # the name may wrap inside its cell: its first characters are enough to find it
    start = unit_name[:6]
    unit_field = "(?:" + "|".join(_spaced(w) for w in _UNIT_WORDS) + r")[\s：:]*" + _spaced(start)
    cover_line = _spaced("盖章") + r"\s*[）)]\s*[：:]\s*" + _spaced(start)
    labels: list[_Mark] = []
    stamps: list[_Mark] = []
    units: list[_Mark] = []
    names: list[_Mark] = []  # the name anywhere but on a cover page's stamp line (labels broken over lines)
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for h in page.search(opinion_label, regex=True):
                labels.append(_Mark(number, h["x1"] + 150, h["bottom"] + 25))
            for h in page.search(stamp_note, regex=True):
                stamps.append(_Mark(number, (h["x0"] + h["x1"]) / 2 + 40, (h["top"] + h["bottom"]) / 2))
            for h in page.search(unit_field, regex=True):
                # the seal goes over the name, the right part of the match
                units.append(_Mark(number, h["x1"] - 6 * len(start), (h["top"] + h["bottom"]) / 2))
            covers = {round(h["top"]) for h in page.search(cover_line, regex=True)}
            for h in page.search(_spaced(start), regex=True):
                if round(h["top"]) not in covers:
                    names.append(_Mark(number, (h["x0"] + h["x1"]) / 2, (h["top"] + h["bottom"]) / 2))
    opinion = stamps[-1] if stamps else labels[-1] if labels else None
    unit = units[-1] if units else names[0] if names else None
    return opinion, unit


def _font_path() -> str | None:
    """A CJK font for the seal's lettering (Noto CJK through fontconfig), or None."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Serif CJK SC:style=Bold"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path = out.stdout.strip()
    return path if path and Path(path).exists() else None


def draw_seal(
    page: Image.Image, centre: tuple[float, float], diameter: float, text: str, rng: random.Random
) -> Image.Image:
    """A round red seal (ring, star, lettering along the upper arc) multiplied onto the page,
    with uneven ink: black text under it stays black, as with a real stamp."""
    import numpy as np
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

    size = round(diameter * 1.1)
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    c = size / 2
    r = diameter / 2
    ring = max(round(diameter * 0.035), 2)
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=ring)
    star = [
        (
            c + (r * 0.28 if k % 2 == 0 else r * 0.11) * math.sin(k * math.pi / 5),
            c - (r * 0.28 if k % 2 == 0 else r * 0.11) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=255)
    font_file = _font_path()
    if font_file and text:
        font_size = max(round(diameter * 0.13), 8)
        font = ImageFont.truetype(font_file, font_size)
        chars = list(text)[:18]
        span = math.radians(min(250.0, 16.0 * len(chars)))
        for i, ch in enumerate(chars):
            angle = -span / 2 + span * (i + 0.5) / len(chars)
            glyph = Image.new("L", (font_size * 2, font_size * 2), 0)
            ImageDraw.Draw(glyph).text((font_size // 2, font_size // 2), ch, fill=255, font=font)
            glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC)
            gx = c + (r * 0.72) * math.sin(angle) - glyph.width / 2
            gy = c - (r * 0.72) * math.cos(angle) - glyph.height / 2
            mask.paste(255, (round(gx), round(gy)), glyph)
    mask = mask.rotate(rng.uniform(-30, 30), resample=Image.Resampling.BICUBIC)
    mask = mask.filter(ImageFilter.GaussianBlur(0.6))
    # uneven ink: some pressure lost towards one side, speckles of paper showing through
    ink = np.asarray(mask, dtype=np.float32) / 255.0
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    tilt = rng.uniform(0, 2 * math.pi)
    pressure = 0.9 - 0.35 * ((np.cos(tilt) * (xx - c) + np.sin(tilt) * (yy - c)) / size + 0.5)
    speckle = np.asarray(np.random.default_rng(rng.randrange(1 << 30)).random((size, size)), dtype=np.float32)
    ink *= np.clip(pressure, 0.35, 1.0) * (speckle > 0.12)
    colour = np.ones((size, size, 3), dtype=np.float32)
    for k, channel in enumerate(SEAL_RED):
        colour[..., k] = 1.0 - ink * (1.0 - channel / 255.0)
    layer = Image.new("RGB", (page.width, page.height), (255, 255, 255))
    layer.paste(
        Image.fromarray((colour * 255).astype(np.uint8)), (round(centre[0] - c), round(centre[1] - c))
    )
    return ImageChops.multiply(page.convert("RGB"), layer)


def degrade(page: Image.Image, style: ScanStyle, rng: random.Random) -> Image.Image:
    """Skew, turn, blur, uneven light and sensor noise, as a scanner or phone camera adds them."""
    import numpy as np
    from PIL import Image, ImageFilter

    img = page.convert("RGB")
    if style.skew:
        bed = (rng.randint(225, 250),) * 3
        img = img.rotate(style.skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=bed)
    if style.quarter_turns:
        img = img.rotate(90 * style.quarter_turns, expand=True)
    if style.blur:
        img = img.filter(ImageFilter.GaussianBlur(style.blur))
    data = np.asarray(img, dtype=np.float32)
    if style.shade:
        h, w = data.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        light = 1.0 - style.shade * (xx / w + yy / h) / 2
        data = data * light[..., None]
    if style.noise:
        noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0.0, style.noise, data.shape[:2])
        data = data + noise[..., None].astype(np.float32)
    return Image.fromarray(np.clip(data, 0, 255).astype(np.uint8))


def scan_pdf(pdf: Path, style: ScanStyle, unit: str, rng: random.Random) -> tuple[list[Image.Image], bool]:
    """The pages of a typed PDF as degraded page images with the seals the style asks for, and
    whether the 单位意见 area got one (the style asked for it and the form has such an area)."""
    from extractors.readers.pdfium import opened, page_image

    opinion, unit_mark = _find_marks(pdf, unit)
    marks = []
    if style.seal_opinion and opinion is not None:
        marks.append(opinion)
    if style.seal_unit and unit_mark is not None:
        marks.append(unit_mark)
    scale = style.dpi / 72.0
    pages = []
    with opened(pdf) as doc:
        for number in range(1, len(doc) + 1):
            image = page_image(doc, number - 1, scale)
            for mark in marks:
                if mark.page == number:
                    jitter = (rng.uniform(-6, 6), rng.uniform(-6, 6))
                    centre = ((mark.x + jitter[0]) * scale, (mark.y + jitter[1]) * scale)
                    image = draw_seal(image, centre, SEAL_MM / 25.4 * style.dpi, unit, rng)
            pages.append(degrade(image, style, rng))
    return pages, style.seal_opinion and opinion is not None


def save_pdf(pages: Sequence[Image.Image], path: Path, dpi: int, quality: int) -> None:
    """An image-only PDF: each page one JPEG picture, no text layer."""
    first, *rest = [p.convert("RGB") for p in pages]
    first.save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rest, quality=quality)


def save_jpeg(pages: Sequence[Image.Image], path: Path, dpi: int, quality: int) -> Path:
    """One JPEG for a one-page form; a multi-page TIFF of JPEG frames for a longer one.
    Returns the path written (its suffix says which)."""
    images = [p.convert("RGB") for p in pages]
    if len(images) == 1:
        out = path.with_suffix(".jpg")
        images[0].save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
        return out
    out = path.with_suffix(".tif")
    images[0].save(
        out,
        "TIFF",
        compression="jpeg",
        quality=quality,
        dpi=(dpi, dpi),
        save_all=True,
        append_images=images[1:],
    )
    return out


@dataclass(frozen=True, slots=True)
class ScanCase:
    """One generated scan: its file, the form's record, the scan's style and the seal truth."""

    path: Path
    record: Application
    style: ScanStyle
    seal_present: bool
    layout: str

    def truth(self) -> dict[str, Any]:
        data = self.record.to_json()
        data["seal_present"] = self.seal_present
        return data


def write_scan_corpus(
    outdir: Path,
    count: int,
    seed: int = 0,
    formats: Sequence[str] = SCAN_FORMATS,
    style: ScanStyle | None = None,
) -> list[ScanCase]:
    """`count` generated forms (every layout in turn) as scans, alternating `formats`; the truth of
    each goes to `outdir/truth/<file>.json` and its scan style to `outdir/scans.json`.
    `style` fixes the scan style for every form (for measuring one factor at a time)."""
    from .applications import write_corpus

    rng = random.Random(seed)
    typed = outdir / "typed"
    corpus = write_corpus(typed, count, seed=seed, formats=("pdf",))
    (outdir / "truth").mkdir(parents=True, exist_ok=True)
    cases = []
    for i, (pdf, record) in enumerate(corpus):
        chosen = style or choose_scan_style(rng)
        fmt = formats[i % len(formats)]
        pages, sealed = scan_pdf(pdf, chosen, record.unit, rng)
        stem = outdir / f"scan-{pdf.stem}"
        if fmt == "pdf":
            path = stem.with_suffix(".pdf")
            save_pdf(pages, path, chosen.dpi, chosen.jpeg_quality)
        else:
            path = save_jpeg(pages, stem, chosen.dpi, chosen.jpeg_quality)
        case = ScanCase(path, record, chosen, sealed, pdf.stem.rsplit("-", 1)[-1])
        (outdir / "truth" / f"{path.name}.json").write_text(
            json.dumps(case.truth(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        cases.append(case)
    manifest = {c.path.name: {"layout": c.layout, **asdict(c.style)} for c in cases}
    (outdir / "scans.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return cases


__all__ = [
    "SCAN_FORMATS",
    "ScanCase",
    "ScanStyle",
    "choose_scan_style",
    "degrade",
    "draw_seal",
    "save_jpeg",
    "save_pdf",
    "scan_pdf",
    "write_scan_corpus",
]
