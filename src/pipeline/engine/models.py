"""py3langid's model, decompressed once, then memory-mapped by every run and worker.

The package ships its model LZMA-compressed; decompressing it takes about a second at every
start, most of a re-check after one page changed. The model's arrays are kept as plain
``.npy`` files (named after the package version and the compressed file's size) in the
installation's ``share/pipeline/models/`` (written once at set-up: ``python -m
pipeline.engine.models``, which ``make`` runs), else in the site's ``.pipeline-cache/models/``.
:func:`load_py3langid` memory-maps them (worker processes share the pages) and returns the
model, a :class:`~pipeline.langid.py3langid_backend.Py3langidModel` for whoever builds the
detectors; it is mapped once a process. Files are read with ``allow_pickle=False`` and
checked against each other: anything unreadable or inconsistent is ignored (and, in the
site's cache, written again).
"""

from __future__ import annotations

import io
import sys
import threading
from array import array
from importlib import import_module, metadata
from pathlib import Path
from typing import Any

from pipeline.engine.cache import mark_cache_folder
from pipeline.errors import PipelineError
from pipeline.fsio import fault_point, write_if_changed
from pipeline.langid.detection import language_set
from pipeline.langid.lingua_backend import BROAD_LANGUAGES, lingua_detector
from pipeline.langid.py3langid_backend import (
    Py3langidModel,
    identifier_from_package,
    packaged_model,
    py3langid_available,
)

MODELS_DIR = "models"
"""Sub-folder of the cache folder holding decompressed models."""

_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODES = {2: "H", 4: "I", 8: "L"}
_lock = threading.Lock()


SHARED_DIR = Path(sys.prefix) / "share" / "pipeline" / MODELS_DIR
"""The installation's copy of decompressed models (written at set-up)."""


_mapped: list[Py3langidModel] = []
"""The model this process has memory-mapped, once it has (every copy holds the same model,
so one serves every later call)."""


def load_py3langid(cache_folder: Path | None) -> Py3langidModel | None:
    """py3langid's model, from the installation's copy, else from the site's cache folder
    ``cache_folder`` (decompressing it there first when needed; None: no cache), else the
    package's own (:func:`~pipeline.langid.py3langid_backend.packaged_model`, loaded on
    first use). The model this process has already (mapped, or the package's loaded) is
    returned as it is. None when py3langid is missing; never fails otherwise."""
    packaged = packaged_model()
    if packaged is None:
        return None
    with _lock:
        if _mapped:
            return _mapped[0]
        if packaged.loaded:
            return packaged
        name = _model_name()
        identifier = _load(SHARED_DIR / name)
        if identifier is None and cache_folder is not None:
            identifier = _load(cache_folder / MODELS_DIR / name)
            if identifier is None:
                _save(cache_folder, cache_folder / MODELS_DIR / name, packaged.identifier)
                return packaged
        if identifier is None:
            return packaged
        _mapped.append(Py3langidModel.of(identifier))
        return _mapped[0]


WARM_TEXTS = (
    "the text",
    "le texte",
    "текст",
    "κείμενο",
    "النص",
    "पाठ",
    "পাঠ্য",
    "文本",
    "テキスト",
    "텍스트",
    "טקסט",
    "ข้อความ",
)
"""One short text per script: judging each loads the lingua models of every candidate
language written in that script (lingua loads a language's models when a text's script
leaves that language among several possible ones)."""


def warm_lingua(languages: tuple[str, ...], broad: bool = False) -> None:
    """Load, in this process, the lingua models that detection among ``languages`` uses
    (with ``broad``, the any-language pass's too), one text at a time: lingua then starts
    no thread (its parallel calls would), so that processes forked from this one share the
    models. Only memory is at stake: a model not loaded here is loaded where needed."""
    if not languages:
        return
    candidates = language_set(languages[0], languages)
    detectors = [lingua_detector(candidates)]
    if broad:
        wide = tuple(sorted(set(BROAD_LANGUAGES) | set(candidates)))
        detectors.append(lingua_detector(wide, low_accuracy=True))
    for detector in detectors:
        if detector is not None:
            for text in WARM_TEXTS:
                detector.compute_language_confidence_values(text)


def install_shared() -> Path | None:
    """Write the installation's copy (set-up step); the folder, or None without py3langid."""
    if not py3langid_available():
        return None
    folder = SHARED_DIR / _model_name()
    if _load(folder) is None:
        SHARED_DIR.mkdir(parents=True, exist_ok=True)
        _write(folder, identifier_from_package())
    return folder


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
        # A plain array over the mapped file: numpy's memmap class adds a Python call to
        # every indexing, once per text.
        ptc, pc = data["ptc"].view(np.ndarray), data["pc"]
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
            _shared_view(rows),
            data["out_feat"].tolist(),
            norm_probs=False,
            tk_row=_stdlib_array(row_of),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _shared_view(values: Any) -> memoryview:
    """The DFA's transitions as a flat view of the mapped file (shared between processes,
    indexed like the package's ``array``)."""
    import numpy as np

    contiguous: Any = np.ascontiguousarray(values)
    flat: Any = memoryview(contiguous).cast("B")
    view: memoryview = flat.cast(_TYPECODES[contiguous.dtype.itemsize])
    return view


def _stdlib_array(values: Any) -> array[int]:
    import numpy as np

    contiguous = np.ascontiguousarray(values)
    out = array(_TYPECODES[contiguous.dtype.itemsize])
    out.frombytes(contiguous.tobytes())
    return out


def _save(cache_folder: Path, folder: Path, identifier: Any) -> None:
    try:
        fault_point("create", cache_folder)
        cache_folder.mkdir(exist_ok=True)
        mark_cache_folder(cache_folder)
        _write(folder, identifier)
    except (OSError, PipelineError):
        # A read-only cache folder or a full disk: the package's loader serves next time
        # too (a file written only in part was never renamed into place).
        pass


def _write(folder: Path, identifier: Any) -> None:
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
    # The files that are read together are written last-first: "ptc" (read first, the
    # largest) completes the set.
    for name in reversed(_ARRAYS):
        buffer = io.BytesIO()
        np.save(buffer, arrays[name], allow_pickle=False)
        write_if_changed(folder / f"{name}.npy", buffer.getvalue())


def _dtype(values: array[int]) -> str:
    return {"H": "<u2", "I": "<u4", "L": "<u8"}[values.typecode]


if __name__ == "__main__":  # pragma: no cover - the set-up step
    print(install_shared() or "py3langid is not installed: nothing to prepare")
