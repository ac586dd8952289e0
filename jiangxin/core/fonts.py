"""Standard office fonts on machines that lack them: which installed face stands in for which.

Documents keep naming the fonts Word has on the office PC (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312 …).
A Linux machine has none of them, and LibreOffice would fall back silently to whatever fontconfig offers
first (often a Japanese face). For PDF rendering each standard name is mapped to an installed
Simplified-Chinese face of the same style, through a private fontconfig file handed to LibreOffice via
FONTCONFIG_FILE; the user's own font configuration is never touched.

A face inside a font collection (.ttc, as Noto CJK ships its SC/TC/JP/KR faces) is embedded by
LibreOffice under the name of the collection's first face (NotoSerifCJKjp-…); so the chosen faces are
saved once as standalone fonts in a per-user cache folder, and the private file uses those instead of
the collections they came from.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
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
_COLLECTIONS = (".ttc", ".otc")
_KEPT_WEIGHTS = (80, 200)  # fontconfig's regular and bold: what the documents use


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


class CollectionFace(NamedTuple):
    """One face of a font collection, as fontconfig lists it."""

    file: Path
    number: int  # its index in the collection
    postscript: str


class Standalone(NamedTuple):
    """The folder of faces saved out of their collections, and the collections they replace."""

    folder: Path
    replaced: tuple[Path, ...]


def font_cache_dir() -> Path:
    """The per-user folder where faces saved out of collections are kept between runs."""
    from .paths import cache_dir

    return cache_dir() / "fonts"


def _pattern_text(value: str) -> str:
    """A value escaped for a fontconfig pattern on the command line."""
    return re.sub(r"([\\\-:,])", r"\\\1", value)


def collection_faces(family: str) -> list[CollectionFace]:
    """The regular and bold faces of `family` that sit inside a collection at an index other than 0."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    fmt = "%{file}\t%{index}\t%{postscriptname}\t%{weight}\n"
    try:
        done = subprocess.run(
            [exe, "--format", fmt, f":family={_pattern_text(family)}"],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[0].lower().endswith(_COLLECTIONS):
            continue
        try:
            index, weight = int(parts[1]), round(float(parts[3]))
        except ValueError:
            continue  # a variable font lists a weight range: not a single face to save
        if index > 0 and weight in _KEPT_WEIGHTS:
            found.append(CollectionFace(Path(parts[0]), index, parts[2]))
    return found


def _index_end(data: bytes, pos: int) -> int:
    """Where a CFF INDEX starting at `pos` ends."""
    count = int.from_bytes(data[pos : pos + 2], "big")
    if count == 0:
        return pos + 2
    size = data[pos + 2]
    last = pos + 3 + count * size
    return last + size - 1 + int.from_bytes(data[last : last + size], "big")


def renamed_cff(data: bytes, names: dict[str, str]) -> bytes:
    """The CFF table `data` with each name replaced by one of the same length, in its name and string
    indexes only (no offset moves, no glyph is touched).

    A collection's faces share one CFF table named after one face (NotoSerifCJKjp-…, its font dicts
    NotoSerifCJKjp-Regular-Ideographs …), and PDF writers embed the font under that name.
    """
    start = data[2]  # header size
    end = _index_end(data, _index_end(data, _index_end(data, start)))  # name, top dict, string indexes
    head = data[start:end]
    for old, new in names.items():
        if len(old.encode()) != len(new.encode()):
            raise ValueError(f"字体名长度不同，无法改名：{old} → {new}")
        head = head.replace(old.encode(), new.encode())
    return data[:start] + head + data[end:]


def extract_face(collection: Path, index: int, folder: Path) -> Path:
    """Save face `index` of `collection` as a standalone font in `folder`, named after its PostScript name
    (inside a shared CFF table too); an earlier copy newer than the collection is kept.
    Raises OSError or ValueError when it cannot."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    try:
        font = TTFont(collection, fontNumber=index, lazy=True, recalcBBoxes=False)
    except OSError:
        raise
    except Exception as err:  # fontTools meets a damaged file with asserts and struct errors alike
        raise ValueError(f"{collection}: {err!r}") from err
    try:
        names = font["name"]
        postscript = names.getDebugName(6) or f"{collection.stem}-{index}"
        dest = folder / (re.sub(r"[^A-Za-z0-9._-]", "_", postscript) + (".otf" if "CFF " in font else ".ttf"))
        if dest.exists() and dest.stat().st_mtime >= collection.stat().st_mtime:
            return dest
        if "CFF " in font:
            cff = font["CFF "].cff
            top = cff[cff.fontNames[0]]
            renames = {cff.fontNames[0]: postscript}
            for key, name_id in (("FullName", 4), ("FamilyName", 1)):
                said, own = getattr(top, key, None), names.getDebugName(name_id)
                if said and own and said != own and len(said) == len(own):
                    renames[said] = own
            raw = DefaultTable("CFF ")
            raw.data = renamed_cff(font.reader["CFF "], renames)
            font["CFF "] = raw  # written back as bytes: the glyphs are copied, never recompiled
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=folder)
        os.close(handle)
        part = Path(name)
        try:
            font.save(part)  # tables never loaded are copied as they are
            os.replace(part, dest)  # whole or not at all, even with two renders at once
        finally:
            part.unlink(missing_ok=True)
    except OSError:
        raise
    except Exception as err:  # as above: a damaged table, whatever fontTools raises for it
        raise ValueError(f"{collection}: {err!r}") from err
    finally:
        font.close()
    return dest


def standalone_faces(families: set[str], cache: Path) -> Standalone | None:
    """Save the regular and bold faces of `families` that live inside collections into `cache`.

    A collection is replaced only when every face wanted from it was saved; None when nothing was.
    """
    wanted: dict[Path, list[CollectionFace]] = {}
    for family in sorted(families):
        for face in collection_faces(family):
            wanted.setdefault(face.file, []).append(face)
    replaced = []
    for collection, faces in wanted.items():
        try:
            for face in faces:
                extract_face(collection, face.number, cache)
        except (OSError, ValueError):
            continue  # left as it is: rendered from the collection, under its first face's name
        replaced.append(collection)
    if not replaced:
        return None
    return Standalone(cache, tuple(replaced))


def fontconfig_text(
    subs: tuple[Substitution, ...], include: Path | None, standalone: Standalone | None = None
) -> str:
    """A fontconfig file: the system configuration, the standalone faces in place of their collections,
    then a strong rule per substituted name."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
    ]
    if standalone is not None:  # first, so fontconfig's cache of this folder is written here too
        lines.append(f"  <cachedir>{escape(str(standalone.folder / 'fontconfig'))}</cachedir>")
    if include is not None:
        lines.append(f'  <include ignore_missing="yes">{escape(str(include))}</include>')
    if standalone is not None:
        lines += [f"  <dir>{escape(str(standalone.folder))}</dir>", "  <selectfont>", "    <rejectfont>"]
        lines += [
            f'      <pattern><patelt name="file"><string>{escape(str(p))}</string></patelt></pattern>'
            for p in standalone.replaced
        ]
        lines += ["    </rejectfont>", "  </selectfont>"]
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


def render_environment(folder: Path, cache: Path | None = None) -> dict[str, str]:
    """Environment variables for a LibreOffice run that should use the substitutions (empty when none apply).

    The private file includes the configuration in force (the user's FONTCONFIG_FILE, else the system's);
    the faces chosen from collections are saved once into `cache` (default: the per-user cache folder).
    """
    subs = substitutions()
    if not subs:
        return {}
    current = os.environ.get("FONTCONFIG_FILE")
    include = Path(current) if current else (_SYSTEM_CONFIG if _SYSTEM_CONFIG.exists() else None)
    standalone = standalone_faces({s.face for s in subs}, cache or font_cache_dir())
    path = folder / "fonts.conf"
    path.write_text(fontconfig_text(subs, include, standalone), encoding="utf-8")
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
