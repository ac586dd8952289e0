"""Standard office fonts on machines that lack them: which installed face stands in for which.

Documents keep naming the fonts Word has on the office PC (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312 …).
A Linux machine has none of them, and LibreOffice would fall back silently to whatever fontconfig offers
first (often a Japanese face). For PDF rendering each standard name is mapped to an installed
Simplified-Chinese face of the same style, through a private fontconfig file handed to LibreOffice via
FONTCONFIG_FILE; the user's own font configuration is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, unescape

# the standard names a Chinese office document asks for, by style
SERIF_NAMES = (
    "宋体", "SimSun", "新宋体", "NSimSun", "仿宋", "仿宋_GB2312", "FangSong", "FangSong_GB2312",
    "方正小标宋简体", "方正小标宋_GBK", "方正仿宋_GBK", "方正仿宋简体", "华文中宋", "华文仿宋", "STZhongsong",
    "STFangsong", "STSong",
)  # fmt: skip
SANS_NAMES = (
    "黑体",
    "SimHei",
    "方正黑体_GBK",
    "方正黑体简体",
    "微软雅黑",
    "Microsoft YaHei",
    "华文黑体",
    "STHeiti",
)
KAI_NAMES = (
    "楷体",
    "楷体_GB2312",
    "KaiTi",
    "KaiTi_GB2312",
    "方正楷体_GBK",
    "方正楷体简体",
    "华文楷体",
    "STKaiti",
)
LATIN_SERIF_NAMES = ("Times New Roman",)

# installed Simplified-Chinese faces, best first (Debian: fonts-noto-cjk, fonts-arphic-ukai/-uming)
SERIF_FACES = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN")
SANS_FACES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei")  # fmt: skip
KAI_FACES = ("AR PL UKai CN", "AR PL KaitiM GB", "LXGW WenKai", *SERIF_FACES)
LATIN_SERIF_FACES = ("Liberation Serif", "TeX Gyre Termes", "Noto Serif CJK SC")

_STYLES = (
    (SERIF_NAMES, SERIF_FACES),
    (SANS_NAMES, SANS_FACES),
    (KAI_NAMES, KAI_FACES),
    (LATIN_SERIF_NAMES, LATIN_SERIF_FACES),
)
_SYSTEM_CONFIG = Path("/etc/fonts/fonts.conf")


@dataclass(frozen=True, slots=True)
class Substitution:
    """One standard font name and the installed face that stands in for it."""

    wanted: str
    face: str


def installed_families() -> frozenset[str]:
    """Every family name fontconfig knows (all names of each face), empty without fontconfig."""
    exe = shutil.which("fc-list")
    if exe is None:
        return frozenset()
    try:
        done = subprocess.run(
            [exe, "--format", "%{family}\n"], capture_output=True, text=True, check=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in done.stdout.splitlines() for name in line.split(",") if name)


@lru_cache(maxsize=1)
def substitutions() -> tuple[Substitution, ...]:
    """For every standard name that is not installed, the best installed face of the same style."""
    installed = installed_families()
    found: list[Substitution] = []
    for names, faces in _STYLES:
        face = next((f for f in faces if f in installed), None)
        if face is None:
            continue
        found.extend(Substitution(name, face) for name in names if name not in installed)
    return tuple(found)


def fontconfig_text(subs: tuple[Substitution, ...], include: Path | None) -> str:
    """A fontconfig file: the system configuration, then a strong rule per substituted name."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
    ]
    if include is not None:
        lines.append(f'  <include ignore_missing="yes">{escape(str(include))}</include>')
    for sub in subs:
        lines += [
            '  <match target="pattern">',
            f'    <test name="family" qual="any"><string>{escape(sub.wanted)}</string></test>',
            f'    <edit name="family" mode="assign" binding="strong"><string>{escape(sub.face)}</string></edit>',
            '    <edit name="lang" mode="assign" binding="strong"><string>zh-cn</string></edit>',
            "  </match>",
        ]
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def render_environment(folder: Path) -> dict[str, str]:
    """Environment variables for a LibreOffice run that should use the substitutions (empty when none apply).

    The private file includes the configuration in force (the user's FONTCONFIG_FILE, else the system's).
    """
    subs = substitutions()
    if not subs:
        return {}
    current = os.environ.get("FONTCONFIG_FILE")
    include = Path(current) if current else (_SYSTEM_CONFIG if _SYSTEM_CONFIG.exists() else None)
    path = folder / "fonts.conf"
    path.write_text(fontconfig_text(subs, include), encoding="utf-8")
    return {"FONTCONFIG_FILE": str(path)}


def substitution_note(used: set[str] | None = None) -> str | None:
    """The sentence telling the clerk which installed face stood in for which standard font."""
    subs = [s for s in substitutions() if used is None or s.wanted in used]
    if not subs:
        return None
    parts = "；".join(f"{s.wanted} → {s.face}" for s in subs)
    return f"本机未安装公文标准字体，PDF 中以相同风格的字体代替：{parts}。Word 文件仍使用标准字体名。"


_FONT_ATTR = re.compile(r'w:(?:eastAsia|ascii|hAnsi)="([^"]+)"')


def fonts_in_docx(path: Path) -> set[str]:
    """The font names a Word file asks for (styles, runs, headers and footers)."""
    names: set[str] = set()
    try:
        with zipfile.ZipFile(path) as z:
            for part in z.namelist():
                if part.startswith("word/") and part.endswith(".xml"):
                    names.update(_FONT_ATTR.findall(z.read(part).decode("utf-8", "replace")))
    except (OSError, zipfile.BadZipFile):
        return set()
    return {unescape(n) for n in names}
