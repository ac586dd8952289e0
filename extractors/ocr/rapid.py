"""RapidOCR (PP-OCRv4 Chinese models shipped inside the `rapidocr-onnxruntime` wheel) as an `OcrEngine`.

Detection runs on a reduced copy of the page (text lines stay easy to find at that size), and
recognition on crops cut from the full-resolution image, so small characters keep their strokes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .engine import Quad, TextLine

if TYPE_CHECKING:
    import numpy as np

# longest side of the image text detection sees, chosen by measurement (benchmarks/ocr_accuracy.py
# --det-side, 20 generated scans): at 200 dpi 1280/1600/2048 px read 94.6/96.8/98.6 % of fields
# right, at 300 dpi 1600/2048 px 97.9/99.6 % (2.3 and 2.4 s a page): the isolated characters of
# spaced labels ('申　报　单　位') are missed at the smaller sizes
DET_LONG_SIDE = 2048
THREADS_VARIABLE = "JIANGXIN_OCR_THREADS"
# narrowest input (width / height) a crop is padded to; PP-OCR pads to 320/48 ≈ 6.7, which doubles
# the work on the many short crops of a form and changes nothing read (measured on generated scans)
_MIN_RATIO = 3.0
# a blank step this sure of itself hides no dropped character
_SURE_BLANK = 0.9


class RapidOcrEngine:
    """Text detection and recognition with RapidOCR's ONNX models, loaded once at construction."""

    name = "rapidocr"

    def __init__(self, det_long_side: int = DET_LONG_SIDE, threads: int | None = None) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self._ocr: Any = RapidOCR()
        self.det_long_side = det_long_side
        _calm_sessions(self._ocr, threads or default_threads())
        self._chars: list[str] = list(self._ocr.text_rec.postprocess_op.character)
        self._classes = _equivalence_classes(self._chars)

    def detect(self, image: np.ndarray) -> list[Quad]:
        import cv2

        bgr = _bgr(image)
        h, w = bgr.shape[:2]
        scale = min(1.0, self.det_long_side / max(h, w))
        small = cv2.resize(bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        quads, _ = self._ocr.text_det(small if scale < 1.0 else bgr)
        if quads is None:
            return []
        return [tuple((float(x) / scale, float(y) / scale) for x, y in quad) for quad in quads]  # type: ignore[misc]

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        """Read line crops one at a time at their own width (padding short crops to a common width
        costs more than it saves on this CPU model); each character's probability counts every
        symbol that means the same (full- and half-width forms, 、 and 丶), so a form glyph the model
        hesitates over is not taken for a doubtful character."""
        import math

        import numpy as np

        rec = self._ocr.text_rec
        height = rec.rec_image_shape[1]
        out = []
        for crop in crops:
            image = _bgr(crop)
            ratio = image.shape[1] / max(image.shape[0], 1)
            widest = max(ratio, _MIN_RATIO)
            tensor = rec.resize_norm_img(image, widest)[np.newaxis, :].astype(np.float32)
            probs = rec.session(tensor)[0]
            padded_width = int(height * widest)
            # the crop fills `used` of the input; each output step covers a fixed share of it
            used = min(math.ceil(height * ratio), padded_width)
            step = padded_width / probs.shape[1] * image.shape[1] / max(used, 1)
            out.append(self._decode(probs[0], step, image))
        return out

    def _decode(self, probs: np.ndarray, step_px: float, image: np.ndarray) -> TextLine:
        """Greedy CTC decoding with class-summed probabilities and character centres in pixels."""
        best = probs.argmax(axis=1)
        text: list[str] = []
        confs: list[float] = []
        xs: list[float] = []
        emitted: list[tuple[int, int]] = []  # (step, symbol) of each character written
        previous = -1
        for t, index in enumerate(best):
            index = int(index)
            if index != previous and index != 0:
                char = self._chars[index]
                text.append(char)
                confs.append(min(float(probs[t, self._classes[index]].sum()), 1.0))
                xs.append((t + 0.5) * step_px)
                emitted.append((t, index))
            previous = index
        # a character the model nearly wrote between two others (a dropped 、 or digit) is doubt
        # that belongs to the neighbouring character: blank steps with much mass on other symbols
        k = 0
        for t in range(len(best)):
            while k < len(emitted) and emitted[k][0] <= t:
                k += 1
            if int(best[t]) != 0 or probs[t, 0] > _SURE_BLANK:
                continue
            near = [emitted[j] for j in (k - 1, k) if 0 <= j < len(emitted)]
            if not near:
                continue
            other = 1.0 - float(probs[t, 0]) - sum(float(probs[t, self._classes[s]].sum()) for _, s in near)
            owner = k - 1 if k > 0 else 0
            confs[owner] = min(confs[owner], max(1.0 - other, 0.0))
        _drop_split_strokes(text, confs, xs)
        return TextLine(
            text=_tidy("".join(text)),
            box=(0.0, 0.0, float(image.shape[1]), float(image.shape[0])),
            char_conf=tuple(confs),
            char_x=tuple(xs),
        )


def default_threads() -> int:
    """Threads per inference: `JIANGXIN_OCR_THREADS`, else every core (workers may set it to 1)."""
    value = os.environ.get(THREADS_VARIABLE, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(os.cpu_count() or 1, 1)


def _calm_sessions(ocr: Any, threads: int) -> None:
    """Reopen the detection and recognition models with a fixed thread count and without
    spin-waiting: on a machine shared with other work, spinning threads starve each other."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 4
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    for wrapper in (ocr.text_det.infer, ocr.text_rec.session):
        model = wrapper.session._model_path
        wrapper.session = ort.InferenceSession(
            model, sess_options=options, providers=["CPUExecutionProvider"]
        )


def _bgr(image: np.ndarray) -> np.ndarray:
    import cv2

    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    return image


# symbols the recognizer confuses that mean the same on a form; the first is what is written out
_STROKE_LETTERS = frozenset("lI|丨")
_SAME = ("、丶", "。°", ".·", "√✓✔", ",’")


def _equivalence_classes(chars: list[str]) -> list[list[int]]:
    """For each symbol index, every index meaning the same (NFKC-equal, or listed in `_SAME`)."""
    import unicodedata

    groups: dict[str, list[int]] = {}
    key_of: list[str] = []
    for i, char in enumerate(chars):
        key = unicodedata.normalize("NFKC", char) if i else "\0blank"
        for same in _SAME:
            if key in same:
                key = same[0]
        key_of.append(key)
        groups.setdefault(key, []).append(i)
    return [groups[key] for key in key_of]


def _drop_split_strokes(text: list[str], confs: list[float], xs: list[float]) -> None:
    """Remove a Latin l, I or a bar read between two Chinese characters (the right stroke of 引 or
    川 split off as a letter); its doubt stays with the character before it."""
    i = 1
    while i < len(text) - 1:
        if text[i] in _STROKE_LETTERS and _is_cjk(text[i - 1]) and _is_cjk(text[i + 1]):
            confs[i - 1] = min(confs[i - 1], confs[i])
            del text[i], confs[i], xs[i]
        else:
            i += 1


def _tidy(text: str) -> str:
    """Write out the usual form of symbols the model confuses: 丶 is 、, ° after a Chinese character
    is the full stop 。 (a degree sign follows a number), a lone ’ between Chinese characters is
    the comma ，(a closing quote has its opening one), and · after a digit is a decimal point
    between digits or the point of a list number '1．' (a middle dot joins the parts of a name)."""
    out = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else ""
        if char == "丶":
            char = "、"
        elif char == "°" and _is_cjk(before):
            char = "。"
        elif char == "’" and "‘" not in text[:i] and _is_cjk(before) and _is_cjk(text[i + 1 : i + 2]):
            char = "，"
        elif char == "·" and before.isdigit():
            after = text[i + 1] if i + 1 < len(text) else ""
            char = "." if after.isdigit() else "．"
        out.append(char)
    return "".join(out)


def _is_cjk(char: str) -> bool:
    return len(char) == 1 and "\u4e00" <= char <= "\u9fff"
