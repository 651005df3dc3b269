"""py3langid's model, decompressed once into the site's cache folder.

The package ships its model LZMA-compressed; decompressing it takes about a second at every
start, most of a re-check after one page changed. :func:`prepare_py3langid` keeps the model's
arrays as plain ``.npy`` files under ``.pipeline-cache/models/`` (named after the package
version and the compressed file's size), memory-maps them and hands the identifier to
:mod:`pipeline.langid.detect`. Files are read with ``allow_pickle=False`` and checked
against each other: anything unreadable or inconsistent is ignored and written again.
"""

from __future__ import annotations

import io
import threading
from array import array
from importlib import import_module, metadata
from pathlib import Path
from typing import Any

from pipeline.engine.cache import mark_cache_folder
from pipeline.errors import PipelineError
from pipeline.fsio import write_if_changed
from pipeline.langid import detect

MODELS_DIR = "models"
"""Sub-folder of the cache folder holding decompressed models."""

_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODES = {2: "H", 4: "I", 8: "L"}
_lock = threading.Lock()


def prepare_py3langid(cache_folder: Path) -> None:
    """Make :mod:`pipeline.langid.detect` use py3langid's model from the site's cache
    folder ``cache_folder`` (decompressing it there first when needed). Does nothing when
    py3langid is missing or the model is already loaded; never fails (the package's own
    loader is the fallback)."""
    if not detect.py3langid_available() or detect.py3langid_loaded():
        return
    with _lock:
        if detect.py3langid_loaded():
            return
        folder = cache_folder / MODELS_DIR / _model_name()
        identifier = _load(folder)
        if identifier is None:
            identifier = detect.py3langid_from_package()
            _save(cache_folder, folder, identifier)
        detect.install_py3langid(identifier)


def _model_name() -> str:
    langid = import_module("py3langid.langid")
    size = (langid.MODEL_DIR / langid.MODEL_FILE).stat().st_size
    return f"py3langid-{metadata.version('py3langid')}-{size}-f32"


def _load(folder: Path) -> Any | None:
    import numpy as np

    LanguageIdentifier = import_module("py3langid.langid").LanguageIdentifier
    try:
        data = {
            name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in _ARRAYS
        }
        ptc, pc = data["ptc"], data["pc"]
        classes = [str(c) for c in data["classes"].tolist()]
        rows, row_of = data["nextmove"], data["nextmove_row"]
        if ptc.dtype != np.float32 or ptc.ndim != 2:
            return None
        if ptc.shape[1] != len(pc) or len(classes) != len(pc):
            return None
        if rows.size % 256 or len(row_of) != len(data["out_feat"]):
            return None
        if len(row_of) and int(np.max(row_of)) >= rows.size // 256:
            return None
        return LanguageIdentifier(
            ptc,
            np.asarray(pc),
            classes,
            _stdlib_array(rows),
            data["out_feat"].tolist(),
            norm_probs=False,
            tk_row=_stdlib_array(row_of),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _stdlib_array(values: Any) -> array[int]:
    import numpy as np

    contiguous = np.ascontiguousarray(values)
    out = array(_TYPECODES[contiguous.dtype.itemsize])
    out.frombytes(contiguous.tobytes())
    return out


def _save(cache_folder: Path, folder: Path, identifier: Any) -> None:
    import numpy as np

    nextmove = np.frombuffer(identifier.tk_nextmove, dtype=_dtype(identifier.tk_nextmove))
    row_of = np.frombuffer(identifier.tk_row, dtype=_dtype(identifier.tk_row))
    arrays = {
        # float32: numpy computes with float16 weights by converting them at every call;
        # stored converted, the scores are the same and come 30 % faster.
        "ptc": np.asarray(identifier.nb_ptc, dtype=np.float32),
        "pc": np.asarray(identifier.nb_pc),
        "classes": np.array(identifier.nb_classes),
        "nextmove": nextmove,
        "nextmove_row": row_of,
        "out_feat": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    try:
        cache_folder.mkdir(exist_ok=True)
        mark_cache_folder(cache_folder)
        # The files that are read together are written last-first: "ptc" (read first,
        # the largest) completes the set.
        for name in reversed(_ARRAYS):
            buffer = io.BytesIO()
            np.save(buffer, arrays[name], allow_pickle=False)
            write_if_changed(folder / f"{name}.npy", buffer.getvalue())
    except (OSError, PipelineError):
        pass  # a read-only cache folder: the package's loader serves next time too


def _dtype(values: array[int]) -> str:
    return {"H": "<u2", "I": "<u4", "L": "<u8"}[values.typecode]
