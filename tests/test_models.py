"""py3langid's model, decompressed once (into the installation, else the site's cache):
the same scores as the packaged model, and damage is survived."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import REPO, copy_site

TEXTS = [
    "The International Narcotics Control Board monitors the drug control treaties.",
    "L'Organe international de contrôle des stupéfiants veille à l'application des traités.",
    "La Junta Internacional de Fiscalización de Estupefacientes es un órgano independiente.",
]

SCRIPT = """
import json, sys
from pathlib import Path
from pipeline.engine import models
from pipeline.langid.py3langid_backend import packaged_model
models.SHARED_DIR = Path(sys.argv[3])
model = packaged_model()
if sys.argv[1] == "install":
    models.install_shared()
    model = models.load_py3langid(None)
elif sys.argv[1] != "-":
    model = models.load_py3langid(Path(sys.argv[1]))
texts = json.loads(sys.argv[2])
print(json.dumps([model.profile(t, ("en", "fr")) for t in texts]))
"""


def _profiles(folder: str, shared: str = "/nonexistent") -> object:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, folder, json.dumps(TEXTS), shared],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return json.loads(done.stdout)


def test_cached_model_gives_the_packaged_models_scores(tmp_path: Path) -> None:
    packaged = _profiles("-")
    first = _profiles(str(tmp_path))  # decompresses into the folder
    files = sorted(p.name for p in (tmp_path / "models").glob("*/*.npy"))
    assert files == sorted(
        f"{n}.npy" for n in ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
    )
    second = _profiles(str(tmp_path))  # memory-maps the decompressed files
    assert packaged == first == second


def test_damaged_model_files_are_ignored_and_rewritten(tmp_path: Path) -> None:
    packaged = _profiles("-")
    _profiles(str(tmp_path))
    folder = next((tmp_path / "models").iterdir())
    (folder / "ptc.npy").write_bytes(b"\x93NUMPY garbage")
    (folder / "classes.npy").unlink()
    assert _profiles(str(tmp_path)) == packaged
    assert (folder / "classes.npy").is_file()
    assert len((folder / "ptc.npy").read_bytes()) > 1_000_000


def test_the_installed_copy_gives_the_same_scores(tmp_path: Path) -> None:
    packaged = _profiles("-")
    assert _profiles("install", str(tmp_path / "shared")) == packaged
    assert len(list((tmp_path / "shared").glob("*/ptc.npy"))) == 1
    assert _profiles(str(tmp_path / "cache"), str(tmp_path / "shared")) == packaged
    assert not (tmp_path / "cache").exists()  # the installed copy served


def test_a_cold_check_keeps_the_model_in_the_sites_cache(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    run = (
        "import sys; from pathlib import Path; from pipeline.engine import models; "
        "models.SHARED_DIR = Path('/nonexistent'); from pipeline.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", run, "-C", str(site), "check"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode in (0, 1), done.stderr
    cache = site / ".pipeline-cache"
    assert len(list((cache / "models").glob("*/ptc.npy"))) == 1
    assert (cache / ".gitignore").read_text() == "*\n"


def test_the_model_is_loaded_once_per_process(tmp_path: Path) -> None:
    run = (
        "import json, sys; from pathlib import Path; from pipeline.engine import models; "
        "from pipeline.langid.py3langid_backend import packaged_model; "
        "models.SHARED_DIR = Path('/nonexistent'); "
        "a = models.load_py3langid(Path(sys.argv[1])); "
        "b = models.load_py3langid(Path(sys.argv[1]) / 'elsewhere'); "
        "print(json.dumps([a is b, a is packaged_model(), packaged_model().loaded]))"
    )

    def loads() -> object:
        done = subprocess.run(
            [sys.executable, "-c", run, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        return json.loads(done.stdout)

    # Decompressed from the package (into the cache), which then serves the process.
    assert loads() == [True, True, True]
    # Memory-mapped from the cache; the package's own is never loaded.
    assert loads() == [True, False, False]
    assert not (tmp_path / "elsewhere").exists()


FULL_DISK = """
import errno, json, sys
from pathlib import Path
from pipeline.engine import models
from pipeline.fsio import FaultPlan, injected_faults
models.SHARED_DIR = Path("/nonexistent")
with injected_faults(FaultPlan(int(sys.argv[2]), errno.ENOSPC)) as plan:
    model = models.load_py3langid(Path(sys.argv[1]))
print(json.dumps({"failed": plan.failed, "profile": model.profile(sys.argv[3], ("en", "fr"))}))
"""


def test_a_full_disk_while_the_model_is_kept_costs_nothing(tmp_path: Path) -> None:
    """The run goes on with the package's model; no partial file is ever used or left."""
    for at in (9,):  # the data of the third file of six
        folder = tmp_path / str(at)
        done = subprocess.run(
            [sys.executable, "-c", FULL_DISK, str(folder), str(at), TEXTS[1]],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        result = json.loads(done.stdout)
        assert result["failed"], "the fault point was never reached"
        assert [p.name for p in folder.rglob("*.tmp")] == []
        # The next run writes the model whole, and scores as the package's model did.
        assert _profiles(str(folder))[1] == result["profile"]  # type: ignore[index]
