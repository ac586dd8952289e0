"""RapidOCR (PP-OCRv4 Chinese models shipped inside the `rapidocr-onnxruntime` wheel) as an `OcrEngine`.

Detection runs on a reduced copy of the page (text lines stay easy to find at that size), and
recognition on crops cut from the full-resolution image, so small characters keep their strokes.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from . import THREADS_VARIABLE
from .density import DET_TEXT_PX, det_long_side, measure
from .engine import Quad, TextLine

if TYPE_CHECKING:
    import numpy as np

# longest side of the image text detection sees when fixed (the former rule, kept for measurement:
# benchmarks/ocr_accuracy.py --baseline); by default the size is chosen per page from the height of
# its text (`density.det_long_side`)
DET_LONG_SIDE = 2048
# narrowest input (width / height) a crop is padded to; PP-OCR pads to 320/48 ≈ 6.7, which doubles
# the work on the many short crops of a form and changes nothing read (measured on generated scans)
_MIN_RATIO = 3.0
# a blank step this sure of itself hides no dropped character
_SURE_BLANK = 0.9
# crops read together in one inference (RapidOCR's `rec_batch_num`), only crops whose input is the
# same width alone (`_BATCH_SPREAD`): mostly the short crops of a form, all padded to `_MIN_RATIO`.
# The model reads each crop of a batch on its own, so nothing read changes (to the last bit, measured
# on generated scans), and recognition takes about a tenth less time. Padding a crop to a wider
# neighbour would change what is read (a colon's form, a character's probability by up to 0.06,
# enough to move a field across the review threshold), so crops of other widths are read alone, and
# the cores are used by reading groups on several threads, which changes nothing read either.
REC_BATCH = 8
_BATCH_MAX_RATIO = 10.0  # crops wider than this many heights are read alone
# showing the detector only the inked part of the page (`crop_to_ink`) saves a third of detection
# and read as many fields right, but flagged more right fields for review (24/142 against 15/139 on
# 12 generated scans, 45/222 against 30/215 on 20: benchmarks/ocr_accuracy.py --only all), so it is
# off by default
_INK_MARGIN = 3.0  # character heights of paper kept around the ink the detector is shown
_MIN_INK_MARGIN = 32  # pixels, when the characters could not be measured
_BATCH_SPREAD = 1.0  # a batch's widest crop is at most this much wider than its narrowest


class RapidOcrEngine:
    """Text detection and recognition with RapidOCR's ONNX models, loaded once at construction.

    `threads` is the number of cores one page may use: the detector runs with that many intra-op
    threads, and the recogniser (one thread per inference, which costs nothing to coordinate) reads
    that many groups of crops at once (`rec_parallel=False`: one group after another, each with
    `threads` intra-op threads, as before). `det_long_side` fixes the detector's input size (the
    former rule); by default it is chosen per page from the height of the page's text."""

    name = "rapidocr"

    def __init__(
        self,
        det_long_side: int | None = None,
        threads: int | None = None,
        det_text_px: float = DET_TEXT_PX,
        rec_batch: int = REC_BATCH,
        rec_parallel: bool = True,
        crop_to_ink: bool = False,
        fold: bool = True,
    ) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self.threads = threads or default_threads()
        # the angle classifier is never run: pages are levelled and turned upright by the pipeline
        # (deskew, quarter turns from box shapes, half turns from reading confidence)
        # (the sessions are reopened below with the thread settings wanted; one thread here keeps
        # the first opening cheap)
        self._ocr: Any = RapidOCR(
            use_cls=False,
            rec_batch_num=rec_batch,
            intra_op_num_threads=1,
            inter_op_num_threads=1,
        )
        self.det_long_side = det_long_side
        self.det_text_px = det_text_px
        self.rec_batch = max(1, rec_batch)
        self.rec_parallel = rec_parallel
        self.crop_to_ink = crop_to_ink
        self.last_det_side = 0  # the size the last page was detected at (for measurement)
        _calm_sessions(self._ocr, self.threads, 1 if rec_parallel else self.threads, fold)
        self._chars: list[str] = list(self._ocr.text_rec.postprocess_op.character)
        self._classes = _equivalence_classes(self._chars)
        self._executor: ThreadPoolExecutor | None = None
        self._executor_key = (0, 0)  # (process, threads) the executor was made for

    def detect(self, image: np.ndarray) -> list[Quad]:
        """Text lines of a page, reduced so characters are `det_text_px` tall; with `crop_to_ink`
        the detector sees only the part of the page holding ink (blank margins cost as much as text)."""
        import cv2

        h, w = image.shape[:2]
        ink = measure(image)
        side = self.det_long_side or det_long_side(image.shape, ink.text_px, self.det_text_px)
        self.last_det_side = side
        scale = min(1.0, side / max(h, w))
        x0, y0, x1, y1 = 0, 0, w, h
        if self.crop_to_ink and ink.box is not None:
            margin = max(round(_INK_MARGIN * (ink.text_px or 0)), _MIN_INK_MARGIN)
            x0, y0 = max(ink.box[0] - margin, 0), max(ink.box[1] - margin, 0)
            x1, y1 = min(ink.box[2] + margin, w), min(ink.box[3] + margin, h)
        part = image[y0:y1, x0:x1]
        # reduced before it is made three-channel (the same pixels, a third of the work)
        small = (
            part
            if scale >= 1.0
            else cv2.resize(
                part,
                (max(round((x1 - x0) * scale), 1), max(round((y1 - y0) * scale), 1)),
                interpolation=cv2.INTER_AREA,
            )
        )
        quads = self._run_detector(small)
        if quads is None:
            return []
        sx, sy = (x1 - x0) / small.shape[1], (y1 - y0) / small.shape[0]
        return [tuple((x0 + float(x) * sx, y0 + float(y) * sy) for x, y in quad) for quad in quads]  # type: ignore[misc]

    def _run_detector(self, grey: np.ndarray) -> np.ndarray | None:
        """RapidOCR's detection step on a grey image: the same input tensor its `TextDetector` makes
        of the image in three channels, built from a table of the 256 grey levels (its pixel by
        pixel normalisation, in float64, took a seventh of the detector's time), then the same model,
        box extraction and filtering."""
        import numpy as np

        det = self._ocr.text_det
        pre = det.get_preprocess(max(grey.shape[:2]))
        resized = pre.resize(grey)  # to multiples of 32, as the model needs
        if resized is None:
            return None
        table = _det_levels(tuple(pre.mean.tolist()), tuple(pre.std.tolist()), pre.scale)
        tensor = np.empty((1, table.shape[0], *resized.shape[:2]), dtype=np.float32)
        for channel, levels in enumerate(table):
            np.take(levels, resized, out=tensor[0, channel])
        preds = det.infer(tensor)[0]
        boxes, _scores = det.postprocess_op(preds, grey.shape[:2])
        return det.filter_tag_det_res(boxes, grey.shape[:2])

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        """Read line crops, one inference each (or crops whose input is the same width up to
        `rec_batch` at a time, see `REC_BATCH`), spread over `threads` threads: what is read does
        not depend on how many. Each character's
        probability counts every symbol that means the same (full- and half-width forms, 、 and 丶),
        so a form glyph the model hesitates over is not taken for a doubtful character."""
        images = [_bgr(crop) for crop in crops]
        groups = rec_groups([im.shape[1] / max(im.shape[0], 1) for im in images], self.rec_batch)
        out: list[TextLine | None] = [None] * len(images)

        def run(group: list[int]) -> None:
            for index, line in zip(group, self._read_group([images[i] for i in group]), strict=True):
                out[index] = line

        executor = self._pool() if len(groups) > 1 else None
        if executor is None:
            for group in groups:
                run(group)
        else:
            # widest groups first, so the threads finish together
            for future in [executor.submit(run, g) for g in groups]:
                future.result()
        return [line for line in out if line is not None]

    def _pool(self) -> ThreadPoolExecutor | None:
        """This process's recognition threads (made afresh in a forked child: threads do not
        survive a fork), or None when one thread is all there is."""
        if self.threads <= 1 or not self.rec_parallel:
            return None
        if self._executor is None or self._executor_key != (os.getpid(), self.threads):
            self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="jiangxin-rec")
            self._executor_key = (os.getpid(), self.threads)
        return self._executor

    def _read_group(self, images: list[np.ndarray]) -> list[TextLine]:
        """One inference over crops padded to the widest of them, decoded crop by crop."""
        import math

        import numpy as np

        rec = self._ocr.text_rec
        height = rec.rec_image_shape[1]
        widest = max(max(im.shape[1] / max(im.shape[0], 1) for im in images), _MIN_RATIO)
        tensor = np.stack([rec.resize_norm_img(im, widest) for im in images]).astype(np.float32)
        probs = rec.session(tensor)[0]
        padded_width = int(height * widest)
        out = []
        for k, image in enumerate(images):
            ratio = image.shape[1] / max(image.shape[0], 1)
            # the crop fills `used` of the input; each output step covers a fixed share of it
            used = min(math.ceil(height * ratio), padded_width)
            step = padded_width / probs.shape[1] * image.shape[1] / max(used, 1)
            out.append(self._decode(probs[k], step, image))
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


def rec_groups(ratios: Sequence[float], batch: int) -> list[list[int]]:
    """Indices of crops (given by width / height) grouped for recognition, widest groups first:
    crops wider than `_BATCH_MAX_RATIO` alone, shorter ones up to `batch` at a time among those padded
    to the same width (padding a crop wider than it is alone would change what is read)."""
    order = sorted(range(len(ratios)), key=lambda i: ratios[i])
    groups: list[list[int]] = []
    for index in order:
        ratio = max(ratios[index], _MIN_RATIO)
        last = groups[-1] if groups else None
        if (
            last is not None
            and len(last) < batch
            and ratio <= _BATCH_MAX_RATIO
            and ratio <= _BATCH_SPREAD * max(ratios[last[0]], _MIN_RATIO)
        ):
            last.append(index)
        else:
            groups.append([index])
    return sorted(groups, key=lambda g: -max(ratios[i] for i in g) * len(g))


@functools.cache
def _det_levels(mean: tuple[float, ...], std: tuple[float, ...], scale: float) -> np.ndarray:
    """The detector's input value of each grey level per channel ((level × scale − mean) / std,
    computed as RapidOCR's `DetPreProcess.normalize` computes it, then made float32)."""
    import numpy as np

    levels = np.repeat(np.arange(256, dtype=np.uint8)[:, None], len(mean), axis=1)
    normalised = (levels.astype("float32") * scale - np.array(mean)) / np.array(std)
    return np.ascontiguousarray(normalised.astype(np.float32).T)


def default_threads() -> int:
    """Cores one page may use: `JIANGXIN_OCR_THREADS` (the worker pool sets it so that processes
    × threads is about the number of cores), else every core."""
    value = os.environ.get(THREADS_VARIABLE, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(os.cpu_count() or 1, 1)


def _calm_sessions(ocr: Any, threads: int, rec_threads: int, fold: bool = True) -> None:
    """Reopen the detection and recognition models with fixed thread counts and without
    spin-waiting (on a machine shared with other work, spinning threads starve each other): the
    detector with `threads` intra-op threads, the recogniser with `rec_threads` (one when its
    callers run in parallel); with `fold`, their scale-and-shift steps folded into the convolutions
    (`fold.py`: the same results for about a third less time)."""
    import onnxruntime as ort

    from .fold import model_for_session

    for wrapper, intra in ((ocr.text_det.infer, threads), (ocr.text_rec.session, rec_threads)):
        options = ort.SessionOptions()
        options.log_severity_level = 4
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = intra
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        path = wrapper.session._model_path
        model = model_for_session(path) if fold else path
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
