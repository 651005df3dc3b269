"""What a command imports: a check of a catalogue-only site reads no Markdown and no YAML,
so markdown-it-py and PyYAML stay unloaded (part of every run's start-up time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_PROBE = """
import json, sys
from pipeline.cli import main
status = main(sys.argv[1:])
loaded = sorted({m.split('.')[0] for m in sys.modules} & {'markdown_it', 'mdit_py_plugins', 'yaml'})
print(json.dumps({'status': status, 'loaded': loaded}))
"""


def _po(msgid: str, msgstr: str) -> str:
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'
    )
    return f'{header}\n#: library/os.rst:12\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'


def test_a_catalogue_only_check_loads_no_markdown_or_yaml_parser(tmp_path: Path) -> None:
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "os.po").write_text(
        _po("Call :func:`len` here.", "Appelez :func:`lens` ici."), "utf-8"
    )
    argv = ["-C", str(tmp_path), "-q", "check", "--no-cache", "-j", "1", "--fail-on", "never"]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"status": 0, "loaded": []}
