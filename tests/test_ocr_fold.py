"""The OCR models with their scale-and-shift steps folded compute what the models as shipped compute:
on a small graph holding every pattern folded and one that must not be folded into its neighbour,
and with RapidOCR's own models on a page of Chinese text."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime")
pytest.importorskip("onnx")

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from PIL import Image, ImageDraw, ImageFont

from extractors.ocr.engine import crop_quad
from extractors.ocr.fold import folded_model
from extractors.ocr.rapid import RapidOcrEngine
from jiangxin.core.paths import CACHE_VARIABLE
from jiangxin.examples.scans import _font_path


def _run(model: bytes | str, feed: np.ndarray) -> np.ndarray:
    options = ort.SessionOptions()
    options.log_severity_level = 4
    session = ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {session.get_inputs()[0].name: feed})[0])


def _small_model(path: Path) -> Path:
    """conv 3×3 → scale-and-shift → hard-swish → scale-and-shift → conv 1×1 → scale-and-shift → relu →
    scale-and-shift → depthwise conv 3×3 with padding (whose scale-and-shift cannot go into it)."""
    rng = np.random.default_rng(3)
    nodes, inits = [], []

    def const(name: str, value: float) -> str:
        nodes.append(
            helper.make_node(
                "Constant", [], [name], value=numpy_helper.from_array(np.array([value], np.float32))
            )
        )
        return name

    def weights(name: str, shape: tuple[int, ...]) -> str:
        inits.append(numpy_helper.from_array(rng.normal(0, 0.5, shape).astype(np.float32), name))
        return name

    def affine(source: str, tag: str, scale: float, shift: float) -> str:
        nodes.append(helper.make_node("Mul", [const(f"s{tag}", scale), source], [f"m{tag}"]))
        nodes.append(helper.make_node("Add", [f"m{tag}", const(f"b{tag}", shift)], [f"a{tag}"]))
        return f"a{tag}"

    nodes.append(
        helper.make_node(
            "Conv", ["x", weights("wa", (6, 4, 3, 3)), weights("ba", (6,))], ["ca"], pads=[1, 1, 1, 1]
        )
    )
    y = affine("ca", "1", 0.8, 0.3)
    nodes.append(helper.make_node("Add", [y, const("three", 3.0)], ["hs_add"]))
    nodes.append(helper.make_node("Clip", ["hs_add", const("zero", 0.0), const("six", 6.0)], ["hs_clip"]))
    nodes.append(helper.make_node("Mul", [y, "hs_clip"], ["hs_mul"]))
    nodes.append(helper.make_node("Div", ["hs_mul", const("six_b", 6.0)], ["hs"]))
    y = affine("hs", "2", 1.3, -0.6)
    nodes.append(helper.make_node("Conv", [y, weights("wb", (5, 6, 1, 1)), weights("bb", (5,))], ["cb"]))
    y = affine("cb", "3", 0.7, 0.2)
    nodes.append(helper.make_node("Relu", [y], ["r"]))
    y = affine("r", "4", 1.1, 0.9)
    nodes.append(
        helper.make_node(
            "Conv", [y, weights("wc", (5, 1, 3, 3)), weights("bc", (5,))], ["out"], pads=[1, 1, 1, 1], group=5
        )
    )
    graph = helper.make_graph(
        nodes,
        "small",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 9, 11])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, None)],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])
    onnx.save(model, str(path))
    return path


def test_every_fold_computes_what_the_steps_did(tmp_path: Path) -> None:
    path = _small_model(tmp_path / "small.onnx")
    folded = folded_model(path)
    feed = np.random.default_rng(5).normal(0, 2, (1, 4, 9, 11)).astype(np.float32)
    # the border of every map counts: a shift folded into a padded convolution would change it there
    assert np.allclose(_run(folded, feed), _run(str(path), feed), atol=1e-5)

    ops = Counter(n.op_type for n in onnx.load_from_string(folded).graph.node if n.op_type != "Constant")
    # the shifts after both convolutions and the one before the 1×1 convolution are gone; hard-swish is
    # two steps; the one before the padded convolution is a convolution of its own (1×1, per channel)
    assert ops == Counter({"Conv": 4, "HardSigmoid": 1, "Mul": 1, "Relu": 1})
    padded = [
        n for n in onnx.load_from_string(folded).graph.node if n.op_type == "Conv" and n.input[1] == "wc"
    ]
    assert len(padded) == 1  # its own weights, untouched


def test_the_shipped_models_read_a_page_the_same_folded() -> None:
    font_path = _font_path()
    if font_path is None:
        pytest.skip("no CJK font")
    page = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(font_path, 30)
    rng = random.Random(2)
    words = "国网酒泉供电公司职工技术创新成果申报书项目名称完成单位变电运维检修班组"
    for k in range(12):
        line = "".join(rng.choice(words) for _ in range(rng.randint(4, 24))) + f"{rng.randint(1, 2025)}年"
        draw.text((60, 40 + k * 70), line, fill=0, font=font)
    grey = np.asarray(page)

    shipped, folded = RapidOcrEngine(threads=1, fold=False), RapidOcrEngine(threads=1)
    quads = shipped.detect(grey)
    assert len(quads) >= 12
    assert folded.detect(grey) == quads
    crops = [crop_quad(grey, q) for q in quads]
    ours, theirs = folded.recognize(crops), shipped.recognize(crops)
    assert [line.text for line in ours] == [line.text for line in theirs]
    for a, b in zip(ours, theirs, strict=True):
        assert np.allclose(a.char_conf, b.char_conf, atol=0.005)


def test_folded_models_are_kept_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folded model is kept in the cache folder the first time and opened from there afterwards
    (without folding again); a cache that cannot be written gives the folded bytes instead."""
    from extractors.ocr import fold

    source = _small_model(tmp_path / "small.onnx")
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    kept = fold.model_for_session(source)
    assert isinstance(kept, str) and Path(kept).parent == tmp_path / "cache" / "ocr"
    assert Path(kept).read_bytes() == fold.folded_model(source)
    assert [p.name for p in (tmp_path / "cache" / "ocr").iterdir()] == [
        Path(kept).name
    ]  # no part left behind

    def refuse(path: object) -> bytes:
        raise AssertionError("folded again")

    monkeypatch.setattr(fold, "folded_model", refuse)
    assert fold.model_for_session(source) == kept
    monkeypatch.undo()

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocked / "cache"))
    assert fold.model_for_session(source) == fold.folded_model(source)
