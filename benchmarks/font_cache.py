"""One-time cost of saving the stand-in faces out of their font collections, and the cost of each later run.

    .venv/bin/python -m benchmarks.font_cache --repeat 3

Cold: an empty cache folder, every regular and bold face of the chosen stand-ins that sits inside a
collection (Noto Serif/Sans CJK SC) is saved as a standalone font. Warm: the same call with the faces
already there (what every PDF render after the first pays). Prints seconds and the cache's size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from jiangxin.core.fonts import standalone_faces, substitutions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    faces = {s.face for s in substitutions()}
    if not faces:
        print("本机没有可代替公文标准字体的字体。")
        return 1
    cold, warm = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="jiangxin-font-bench-") as tmp:
            cache = Path(tmp)
            start = time.perf_counter()
            saved = standalone_faces(faces, cache)
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            standalone_faces(faces, cache)
            warm.append(time.perf_counter() - start)
            files = sorted(cache.glob("*.[ot]tf"))
            size = sum(f.stat().st_size for f in files)
    print(f"stand-ins: {', '.join(sorted(faces))}")
    print(f"collections replaced: {len(saved.replaced) if saved else 0}; faces saved: {len(files)} "
          f"({', '.join(f.name for f in files)}), {size / 1e6:.1f} MB")  # fmt: skip
    print(
        f"cold (median of {args.repeat}): {statistics.median(cold):.2f} s; warm: {statistics.median(warm):.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
