"""Reading scanned forms and photos: OCR engine, page cleaning, deskew, ruled tables, seals.

Everything here needs the optional `ocr` extra (RapidOCR, onnx, pypdfium2, numpy, Pillow); importing this
package does not load any of it, so `available()` can be asked on any install.
"""

from __future__ import annotations

import importlib.util

_REQUIRED = ("rapidocr_onnxruntime", "onnx", "pypdfium2", "numpy", "PIL", "cv2")
# the threads of the OCR detector of one reader process (set by jiangxin.workers before the models load)
THREADS_VARIABLE = "JIANGXIN_OCR_THREADS"


def available() -> bool:
    """Whether the OCR extra is installed (`pip install 'jiangxin[ocr]'`)."""
    return all(importlib.util.find_spec(name) is not None for name in _REQUIRED)
