"""LibreOffice (soffice) in headless mode: convert documents when it is installed, say so when not."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .fonts import render_environment


def soffice_path() -> str | None:
    """The soffice executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(src: Path, fmt: str, outdir: Path, timeout: float = 180, *, office_fonts: bool = False) -> Path:
    """Convert `src` to `fmt` ('pdf', 'docx', 'xlsx') into `outdir`; returns the new file.

    Each call uses its own LibreOffice profile so parallel conversions never share a lock. With
    `office_fonts`, the standard office fonts are mapped to installed faces of the same style (`fonts`).
    """
    return convert_many([src], fmt, outdir, timeout=timeout, office_fonts=office_fonts)[0]


def convert_many(
    srcs: list[Path], fmt: str, outdir: Path, timeout: float = 600, *, office_fonts: bool = False
) -> list[Path]:
    """Convert several files in one LibreOffice start-up (much cheaper than one start per file).
    `office_fonts`: render the documents the office sends out with the standard fonts' stand-ins."""
    exe = soffice_path()
    if exe is None:
        raise RuntimeError("未安装 LibreOffice（soffice），无法转换文档格式。")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jiangxin-lo-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *[str(s) for s in srcs],
        ]
        env = dict(os.environ, HOME=profile)
        if office_fonts:
            env.update(render_environment(Path(profile)))
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env=env)
    out = [outdir / (s.stem + "." + fmt.split(":")[0]) for s in srcs]
    missing = [p for p in out if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice 未能生成：{', '.join(p.name for p in missing)}")
    return out
