"""Standard office fonts stand in by installed Simplified-Chinese faces of the same style, through a
private fontconfig file; charts find a Chinese font even when matplotlib's font list predates it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from matplotlib import font_manager

import reports.charts
from jiangxin import fonts
from jiangxin.fonts import Substitution, fontconfig_text, render_environment, substitution_note

needs_fc = pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig 未安装")


def _installed(face: str) -> bool:
    return face in fonts.installed_families()


def test_fontconfig_file_includes_the_system_and_keeps_hostile_names_text() -> None:
    text = fontconfig_text((Substitution("仿<宋>&", "Noto Serif CJK SC"),), Path("/etc/fonts/fonts.conf"))
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in text
    assert "<string>仿&lt;宋&gt;&amp;</string>" in text
    assert '<edit name="family" mode="assign" binding="strong"><string>Noto Serif CJK SC</string>' in text


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
    env = render_environment(tmp_path)
    assert env["FONTCONFIG_FILE"] == str(tmp_path / "fonts.conf")

    def match(name: str) -> str:
        return subprocess.run(
            ["fc-match", "-f", "%{postscriptname}", name],
            capture_output=True, text=True, check=True, env={"FONTCONFIG_FILE": env["FONTCONFIG_FILE"]},
        ).stdout  # fmt: skip

    assert match("仿宋_GB2312") == "NotoSerifCJKsc-Regular"
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
