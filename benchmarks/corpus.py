"""A realistic benchmark corpus: every application layout, result sheets and rosters, in the mix the
office receives (70 % docx, 25 % PDF, 5 % xlsx), any size.

A pool of distinct documents is rendered once (PDFs through one LibreOffice batch); larger corpora
reuse the pool with each copy's bytes made unique (a zip comment, a trailing PDF comment), so every
file has its own SHA-256 and is fully extracted, while generation stays fast.
"""

from __future__ import annotations

import random
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from jiangxin.core.office import soffice_path
from jiangxin.examples.people import NamePool
from jiangxin.examples.year import Document, ExampleYear, write_files

SHARE = {"docx": 0.70, "pdf": 0.25, "xlsx": 0.05}


@dataclass(frozen=True, slots=True)
class PoolFile:
    path: Path
    fmt: str
    kind: str


def build_pool(folder: Path, size: int = 120, seed: int = 7) -> list[PoolFile]:
    """Render `size` distinct documents in the corpus mix (PDF made from docx in one batch)."""
    from jiangxin.examples.applications import LAYOUTS, random_application
    from jiangxin.examples.notices import VARIANTS, random_result_sheet
    from jiangxin.examples.rosters import random_roster

    rng = random.Random(seed)
    names = NamePool(rng)
    docx_variants = [v for v in VARIANTS if not v.startswith("xlsx")]
    xlsx_variants = [v for v in VARIANTS if v.startswith("xlsx")]
    n_pdf = round(size * SHARE["pdf"]) if soffice_path() else 0
    n_xlsx = max(2, round(size * SHARE["xlsx"]))
    n_docx = size - n_pdf - n_xlsx
    pool = ExampleYear(year=2025)
    for i in range(n_docx + n_pdf):
        name = f"doc-{i:04d}.{'pdf' if i >= n_docx else 'docx'}"
        if i % 8 == 7 and docx_variants:  # about one in eight is a results notice
            variant = docx_variants[i % len(docx_variants)]
            pool.add(Document(name, random_result_sheet(rng, names, variant=variant), variant))
        else:
            pool.add(Document(name, random_application(rng, names), LAYOUTS[i % len(LAYOUTS)]))
    for i in range(n_xlsx):
        name = f"sheet-{i:04d}.xlsx"
        if i % 3 == 2:
            pool.add(Document(name, random_roster(rng, names, 200)))
        else:
            variant = xlsx_variants[i % len(xlsx_variants)]
            pool.add(Document(name, random_result_sheet(rng, names, variant=variant), variant))
    write_files(pool, folder, seed=seed)
    return [
        PoolFile(path, path.suffix[1:], doc.record.kind)
        for path, doc in zip(pool.files, pool.documents, strict=True)
    ]


def _unique_copy(src: PoolFile, dest: Path, salt: str) -> None:
    """Copy with bytes that differ from every other copy, the document itself unchanged."""
    if src.fmt in ("docx", "xlsx"):
        shutil.copyfile(src.path, dest)
        with zipfile.ZipFile(dest, "a") as z:
            z.comment = salt.encode()
    else:
        data = src.path.read_bytes()
        dest.write_bytes(data + f"\n% {salt}\n".encode())


def materialise(pool: list[PoolFile], folder: Path, n: int, seed: int = 11) -> list[PoolFile]:
    """`n` files in the corpus mix drawn from the pool, each with unique bytes."""
    rng = random.Random(seed)
    by_fmt = {fmt: [p for p in pool if p.fmt == fmt] for fmt in SHARE}
    folder.mkdir(parents=True, exist_ok=True)
    out: list[PoolFile] = []
    for i in range(n):
        r = rng.random()
        fmt = "docx" if r < SHARE["docx"] else ("pdf" if r < SHARE["docx"] + SHARE["pdf"] else "xlsx")
        choices = by_fmt[fmt] or by_fmt["docx"]
        src = choices[i % len(choices)]
        dest = folder / f"{i:05d}-{src.path.name}"
        _unique_copy(src, dest, f"copy {i}")
        out.append(PoolFile(dest, src.fmt, src.kind))
    return out
