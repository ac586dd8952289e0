"""The OCR models with their constant scale-and-shift steps folded into the convolutions beside them.

PP-OCRv4's networks (PP-LCNetV3) follow convolutions and activations with a learnable affine step
y = s·x + b (one s and one b for the whole tensor), exported as a Mul and an Add. At run time each is
a pass over a whole feature map, and they break onnxruntime's blocked memory layout, adding
reorders; folded into a neighbouring convolution's weights they cost nothing. Folded where the
result is exactly the same function:
- after a convolution: W' = s·W, B' = s·B + b;
- before a 1×1 convolution without padding: W' = s·W, B' = B + b·ΣW (before a padded convolution the
  padding would change value, so those stay).
Hard-swish, exported as x·clip(x + 3, 0, 6) / 6, becomes x·HardSigmoid(x) with α = 1/6, β = 1/2.
Results differ from the models as shipped by float rounding only (`tests/test_ocr_fold.py`).
The folded models are kept in the user's cache folder (`model_for_session`): importing the onnx package takes
a second or two, which a reader process then pays once per machine, not at every start.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiangxin.core.paths import cache_dir

# bumped whenever the folds change, so that models folded by an earlier version are not reused
FOLD_VERSION = 1

if TYPE_CHECKING:
    import numpy as np


@dataclass
class _Graph:
    """An ONNX graph with its constants and the nodes reading each value, kept up to date by the folds."""

    graph: Any
    constants: dict[str, np.ndarray] = field(default_factory=dict)
    readers: dict[str, list[Any]] = field(default_factory=dict)
    removed: set[tuple[str, str]] = field(default_factory=set)  # nodes gone: (operation, first output)
    replaced: dict[str, list[Any]] = field(default_factory=dict)  # node (first output) → new nodes
    added: int = 0

    @classmethod
    def of(cls, graph: Any) -> _Graph:
        from onnx import numpy_helper

        out = cls(graph)
        for node in graph.node:
            if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
                out.constants[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
            for name in node.input:
                out.readers.setdefault(name, []).append(node)
        for init in graph.initializer:
            out.constants[init.name] = numpy_helper.to_array(init)
        for value in graph.output:
            out.readers.setdefault(value.name, []).append(None)
        return out

    def scalar(self, name: str) -> float | None:
        value = self.constants.get(name)
        return float(value.reshape(-1)[0]) if value is not None and value.size == 1 else None

    def only_reader(self, name: str, op_type: str) -> Any | None:
        readers = self.live_readers(name)
        if len(readers) == 1 and readers[0] is not None and readers[0].op_type == op_type:
            return readers[0]
        return None

    def live_readers(self, name: str) -> list[Any]:
        return [r for r in self.readers.get(name, []) if r is None or _key(r) not in self.removed]

    def weights(self, array: np.ndarray) -> str:
        """A new initializer holding `array` (float32), by name."""
        import numpy as np
        from onnx import numpy_helper

        self.added += 1
        name = f"jiangxin_folded_{self.added}"
        self.graph.initializer.append(numpy_helper.from_array(array.astype(np.float32), name))
        self.constants[name] = array
        return name

    def affine_after(self, name: str) -> tuple[Any, Any, float, float] | None:
        """The Mul by a scalar and the Add of a scalar that alone read `name`, one after the other."""
        mul = self.only_reader(name, "Mul")
        if mul is None:
            return None
        scale = [self.scalar(i) for i in mul.input if i != name]
        if len(scale) != 1 or scale[0] is None:
            return None
        add = self.only_reader(mul.output[0], "Add")
        if add is None:
            return None
        shift = [self.scalar(i) for i in add.input if i != mul.output[0]]
        if len(shift) != 1 or shift[0] is None:
            return None
        return mul, add, scale[0], shift[0]

    def affines(self) -> Iterator[tuple[str, Any, Any, float, float]]:
        """(source, mul, add, scale, shift) of every scale-and-shift step still in the graph, in order."""
        for mul in list(self.graph.node):
            if mul.op_type != "Mul" or _key(mul) in self.removed:
                continue
            for source in mul.input:
                if self.scalar(source) is not None:
                    continue
                affine = self.affine_after(source)
                if affine is not None and self.is_(affine[0], mul):
                    yield source, mul, affine[1], affine[2], affine[3]
                break

    def conv_parts(self, conv: Any) -> tuple[np.ndarray, np.ndarray] | None:
        import numpy as np

        weights = self.constants.get(conv.input[1]) if len(conv.input) > 1 else None
        if weights is None:
            return None
        bias = self.constants.get(conv.input[2]) if len(conv.input) > 2 and conv.input[2] else None
        return weights, (bias if bias is not None else np.zeros(weights.shape[0], np.float32))

    def drop(self, *nodes: Any) -> None:
        self.removed.update(_key(n) for n in nodes)

    def current(self) -> list[Any]:
        """The nodes as they stand: removed ones left out, replaced ones as their replacements."""
        nodes = []
        for node in self.graph.node:
            if node.output[0] in self.replaced:
                nodes.extend(self.replaced[node.output[0]])
            elif _key(node) not in self.removed:
                nodes.append(node)
        return nodes

    def is_(self, node: Any, other: Any) -> bool:
        return node is not None and other is not None and node.output[0] == other.output[0]


def model_for_session(path: str | Path) -> str | bytes:
    """What onnxruntime should open for the model at `path`: the folded model kept in the cache (made
    and kept there the first time), or its bytes when the cache cannot be written."""
    source = Path(path)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    kept = cache_dir() / "ocr" / f"{source.stem}.{digest}.fold{FOLD_VERSION}.onnx"
    if kept.is_file():
        return str(kept)
    model = folded_model(source)
    part: str | None = None
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        # written aside and moved into place: readers starting together never see half a file
        with tempfile.NamedTemporaryFile(dir=kept.parent, suffix=".part", delete=False) as file:
            part = file.name
            file.write(model)
        os.replace(part, kept)
    except OSError:
        if part is not None:
            with contextlib.suppress(OSError):
                os.unlink(part)
        return model
    return str(kept)


def folded_model(path: str | Path) -> bytes:
    """The model at `path` with its scale-and-shift steps folded and hard-swish in two steps, serialised."""
    import onnx

    model = onnx.load(str(path))
    g = _Graph.of(model.graph)
    _fold_after_convs(g)
    _fold_before_pointwise(g)
    _hard_swish(g)
    _affine_as_conv(g)
    nodes = g.current()
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    _drop_unused(model.graph)
    return bytes(model.SerializeToString())


def _fold_after_convs(g: _Graph) -> None:
    for conv in list(g.graph.node):
        if conv.op_type != "Conv" or _key(conv) in g.removed:
            continue
        affine = g.affine_after(conv.output[0])
        parts = g.conv_parts(conv)
        if affine is None or parts is None:
            continue
        mul, add, scale, shift = affine
        weights, bias = parts
        source = conv.input[0]
        del conv.input[:]
        conv.input.extend([source, g.weights(weights * scale), g.weights(bias * scale + shift)])
        conv.output[0] = add.output[0]
        g.drop(mul, add)


def _fold_before_pointwise(g: _Graph) -> None:
    from onnx import helper

    for source, mul, add, scale, shift in g.affines():
        convs = g.live_readers(add.output[0])
        parts = []
        for conv in convs:
            attrs = {} if conv is None else {a.name: helper.get_attribute_value(a) for a in conv.attribute}
            part = None if conv is None or conv.op_type != "Conv" else g.conv_parts(conv)
            if (
                part is None
                or conv.input[0] != add.output[0]
                or part[0].shape[2:] != (1, 1)
                or any(attrs.get("pads", [0]))
                or attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET", b"VALID", "VALID")
            ):
                break
            parts.append(part)
        else:
            if not convs:
                continue
            for conv, (weights, bias) in zip(convs, parts, strict=True):
                sums = weights.sum(axis=(1, 2, 3))
                del conv.input[:]
                conv.input.extend([source, g.weights(weights * scale), g.weights(bias + shift * sums)])
                g.readers.setdefault(source, []).append(conv)
            g.drop(mul, add)


def _hard_swish(g: _Graph) -> None:
    from onnx import helper

    made_by = {out: node for node in g.current() for out in node.output}
    for div in list(g.graph.node):
        if div.op_type != "Div" or _key(div) in g.removed or g.scalar(div.input[1]) != 6.0:
            continue
        mul = made_by.get(div.input[0])
        if mul is None or mul.op_type != "Mul" or not g.is_(g.only_reader(mul.output[0], "Div"), div):
            continue
        clip = next((made_by[i] for i in mul.input if i in made_by and made_by[i].op_type == "Clip"), None)
        if clip is None or len(clip.input) != 3 or not g.is_(g.only_reader(clip.output[0], "Mul"), mul):
            continue
        if g.scalar(clip.input[1]) != 0.0 or g.scalar(clip.input[2]) != 6.0:
            continue
        x = next(i for i in mul.input if i != clip.output[0])
        add = made_by.get(clip.input[0])
        if add is None or add.op_type != "Add" or x not in add.input:
            continue
        if (
            not g.is_(g.only_reader(add.output[0], "Clip"), clip)
            or g.scalar(next(i for i in add.input if i != x)) != 3.0
        ):
            continue
        gate = div.output[0] + "_gate"
        g.replaced[div.output[0]] = [
            helper.make_node("HardSigmoid", [x], [gate], alpha=1.0 / 6.0, beta=0.5),
            helper.make_node("Mul", [x, gate], [div.output[0]]),
        ]
        g.drop(add, clip, mul)


def _affine_as_conv(g: _Graph) -> None:
    """The scale-and-shift steps left (before padded convolutions) as one 1×1 convolution per channel:
    one pass instead of two, in the blocked layout the convolutions around it use."""
    import numpy as np

    made_by = {out: node for node in g.current() for out in node.output}

    def width(name: str) -> int | None:
        node = made_by.get(name)
        for _ in range(8):
            if node is None:
                return None
            if node.op_type == "Conv" and node.input[1] in g.constants:
                return int(g.constants[node.input[1]].shape[0])
            if node.op_type not in ("Mul", "Add", "HardSigmoid", "Relu", "Sigmoid", "Clip", "Div"):
                return None
            node = next((made_by[i] for i in node.input if i in made_by and g.scalar(i) is None), None)
        return None

    from onnx import helper

    for source, mul, add, scale, shift in g.affines():
        count = width(source)
        if count is None:
            continue
        conv = helper.make_node(
            "Conv",
            [
                source,
                g.weights(np.full((count, 1, 1, 1), scale, np.float32)),
                g.weights(np.full(count, shift, np.float32)),
            ],
            [add.output[0]],
            group=count,
            kernel_shape=[1, 1],
        )
        g.replaced[mul.output[0]] = [conv]
        g.drop(add)


def _key(node: Any) -> tuple[str, str]:
    return node.op_type, node.output[0]


def _drop_unused(graph: Any) -> None:
    """Initializers and constants nothing reads any more (the weights before folding)."""
    used = {name for node in graph.node for name in node.input} | {v.name for v in graph.output}
    keep = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    nodes = [n for n in graph.node if n.op_type != "Constant" or n.output[0] in used]
    del graph.node[:]
    graph.node.extend(nodes)
