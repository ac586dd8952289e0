"""Standard office fonts stand in by installed Simplified-Chinese faces of the same style, through a
private fontconfig file; charts find a Chinese font even when matplotlib's font list predates it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont
from matplotlib import font_manager

import reports.charts
from jiangxin.core import fonts
from jiangxin.core.fonts import (
    Standalone,
    Substitution,
    extract_face,
    fontconfig_text,
    render_environment,
    standalone_faces,
    substitution_note,
)

needs_fc = pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig 未安装")


def _installed(face: str) -> bool:
    return face in fonts.installed_families()


def test_fontconfig_file_includes_the_system_and_keeps_hostile_names_text() -> None:
    text = fontconfig_text((Substitution("仿<宋>&", "Noto Serif CJK SC"),), Path("/etc/fonts/fonts.conf"))
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in text
    assert "<string>仿&lt;宋&gt;&amp;</string>" in text
    assert '<edit name="family" mode="assign" binding="strong"><string>Noto Serif CJK SC</string>' in text


def test_standalone_faces_replace_their_collections_in_the_private_file() -> None:
    folder = Path("/home/张三/.cache/jiangxin/<fonts>&")
    standalone = Standalone(folder, (Path("/usr/share/fonts/CJK-Regular.ttc"),))
    text = fontconfig_text(
        (Substitution("仿宋", "Noto Serif CJK SC"),), Path("/etc/fonts/fonts.conf"), standalone
    )
    assert "<dir>/home/张三/.cache/jiangxin/&lt;fonts&gt;&amp;</dir>" in text
    assert '<patelt name="file"><string>/usr/share/fonts/CJK-Regular.ttc</string></patelt>' in text
    # its own fontconfig cache goes first, so scanning the folder writes nothing outside it
    assert text.index("<cachedir>") < text.index("<include")


def _cff_font(postscript: str, family: str) -> TTFont:
    """A one-glyph CFF font whose CFF table is named after `postscript`."""
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "uni4E2D"])
    fb.setupCharacterMap({0x4E2D: "uni4E2D"})
    pen = T2CharStringPen(600, None)
    pen.moveTo((100, 0))
    pen.lineTo((500, 0))
    pen.lineTo((300, 700))
    pen.closePath()
    glyph = pen.getCharString()
    fb.setupCFF(postscript, {"FullName": f"{family} Regular", "FamilyName": family},
                {".notdef": glyph, "uni4E2D": glyph}, {})  # fmt: skip
    fb.setupHorizontalMetrics({".notdef": (600, 100), "uni4E2D": (600, 100)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": postscript})
    fb.setupOS2()
    fb.setupPost()
    return fb.font


def _collection(path: Path) -> Path:
    """A collection whose two faces share the first face's CFF table, as Noto CJK's language faces do."""
    first = _cff_font("TestSerifjp-Regular", "Test Serif JP")
    second = _cff_font("TestSerifjp-Regular", "Test Serif JP")
    second["name"] = _cff_font("TestSerifsc-Regular", "Test Serif SC")["name"]
    collection = TTCollection()
    collection.fonts = [first, second]
    collection.save(str(path), shareTables=True)
    return path


def test_a_face_saved_out_of_a_collection_carries_its_own_name_in_the_glyph_table(tmp_path: Path) -> None:
    ttc = _collection(tmp_path / "test.ttc")
    shared = TTFont(ttc, fontNumber=1)
    assert shared["CFF "].cff.fontNames == ["TestSerifjp-Regular"]  # what a PDF writer would embed

    saved = extract_face(ttc, 1, tmp_path / "cache")
    assert saved == tmp_path / "cache" / "TestSerifsc-Regular.otf"
    font = TTFont(saved)
    cff = font["CFF "].cff
    top = cff[cff.fontNames[0]]
    assert cff.fontNames == ["TestSerifsc-Regular"]
    assert (top.FamilyName, top.FullName) == ("Test Serif SC", "Test Serif SC Regular")
    assert font["name"].getDebugName(6) == "TestSerifsc-Regular"
    assert font.getBestCmap() == {0x4E2D: "uni4E2D"}
    assert top.CharStrings["uni4E2D"].bytecode == shared["CFF "].cff[0].CharStrings["uni4E2D"].bytecode
    assert not list((tmp_path / "cache").glob(".*"))  # no partial file left behind

    stamp = saved.stat().st_mtime_ns
    assert extract_face(ttc, 1, tmp_path / "cache") == saved  # kept while newer than the collection
    assert saved.stat().st_mtime_ns == stamp


def test_a_broken_collection_is_left_to_the_renderer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttc"
    broken.write_bytes(b"ttcf" + b"\x00" * 40)
    monkeypatch.setattr(
        fonts, "collection_faces", lambda family: [fonts.CollectionFace(broken, 1, "X-Regular")]
    )
    assert standalone_faces({"Noto Serif CJK SC"}, tmp_path / "cache") is None
    with pytest.raises(ValueError):
        extract_face(broken, 1, tmp_path / "cache")


def test_nothing_to_substitute_leaves_the_environment_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "substitutions", lambda: ())
    assert render_environment(tmp_path) == {}
    assert substitution_note() is None
    assert not (tmp_path / "fonts.conf").exists()


def test_each_style_gets_a_face_of_the_same_style(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = frozenset({"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN", "DejaVu Serif", "宋体"})
    monkeypatch.setattr(fonts, "installed_families", lambda: installed)
    fonts.substitutions.cache_clear()
    try:
        subs = {s.wanted: s.face for s in fonts.substitutions()}
        note = substitution_note()
    finally:
        fonts.substitutions.cache_clear()
    assert subs["仿宋_GB2312"] == "Noto Serif CJK SC"
    assert subs["方正小标宋简体"] == "Noto Serif CJK SC"
    assert subs["黑体"] == "Noto Sans CJK SC"
    assert subs["楷体_GB2312"] == "AR PL UKai CN"
    assert subs["Times New Roman"] == "Noto Serif CJK SC"
    assert "宋体" not in subs  # an installed standard font is used as it is
    assert note is not None and "仿宋_GB2312 → Noto Serif CJK SC" in note


def test_no_kaiti_face_falls_back_to_serif(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"AR PL UMing CN"}))
    fonts.substitutions.cache_clear()
    try:
        subs = {s.wanted: s.face for s in fonts.substitutions()}
    finally:
        fonts.substitutions.cache_clear()
    assert subs["楷体"] == "AR PL UMing CN" and subs["仿宋"] == "AR PL UMing CN"
    assert "黑体" not in subs  # no sans face: left to the renderer rather than a wrong style


@needs_fc
@pytest.mark.skipif(
    not all(_installed(f) for f in ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN")),
    reason="fonts-noto-cjk / fonts-arphic-ukai 未安装",
)
def test_private_fontconfig_resolves_standard_names_to_sc_faces(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = render_environment(tmp_path, cache)
    assert env["FONTCONFIG_FILE"] == str(tmp_path / "fonts.conf")

    def match(name: str) -> str:
        return subprocess.run(
            ["fc-match", "-f", "%{postscriptname}", name],
            capture_output=True, text=True, check=True, env={"FONTCONFIG_FILE": env["FONTCONFIG_FILE"]},
        ).stdout  # fmt: skip

    def file(name: str) -> Path:
        return Path(subprocess.run(
            ["fc-match", "-f", "%{file}", name],
            capture_output=True, text=True, check=True, env={"FONTCONFIG_FILE": env["FONTCONFIG_FILE"]},
        ).stdout)  # fmt: skip

    assert match("仿宋_GB2312") == "NotoSerifCJKsc-Regular"
    assert file("仿宋_GB2312").parent == cache  # the standalone face, not the collection
    assert match("仿宋_GB2312:bold") == "NotoSerifCJKsc-Bold"
    assert match("黑体:bold") == "NotoSansCJKsc-Bold"
    assert "jp" not in match("Noto Serif CJK JP") and "kr" not in match("Noto Sans CJK KR")
    assert match("方正小标宋简体") == "NotoSerifCJKsc-Regular"
    assert match("黑体") == "NotoSansCJKsc-Regular"
    assert match("楷体_GB2312") == "UKaiCN"  # AR PL UKai CN


def test_charts_find_a_font_missing_from_a_stale_font_list(monkeypatch: pytest.MonkeyPatch) -> None:
    manager = font_manager.fontManager
    chinese = [f for f in manager.ttflist if reports.charts._chinese_family({f.name})]
    if not chinese and not any(
        "CJK" in p or "ukai" in p or "uming" in p for p in font_manager.findSystemFonts()
    ):
        pytest.skip("本机没有中文字体")
    # a font list written before the Chinese fonts were installed: none of them in it
    monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if f not in chinese])
    reports.charts.cjk_font.cache_clear()
    try:
        found = reports.charts.cjk_font()
        png = reports.charts.horizontal_bars(["一车间", "二车间"], [3, 1])
    finally:
        reports.charts.cjk_font.cache_clear()
    assert found is not None
    assert png is not None and png.startswith(b"\x89PNG")
