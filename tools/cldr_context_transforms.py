"""Write ``src/pipeline/data/cldr-context-transforms.json`` from CLDR's JSON data.

CLDR says, per locale, how a language name is capitalised in each display context
(``contextTransforms``: ``languages`` -> ``uiListOrMenu`` / ``stand-alone`` ->
``titlecase-firstword`` or ``no-change``). Babel does not ship these, so the few kilobytes
we use are kept in the package. To regenerate (CLDR 48.2.0, Unicode License v3)::

    npm pack cldr-misc-full@48.2.0 && tar xzf cldr-misc-full-48.2.0.tgz
    python tools/cldr_context_transforms.py package
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/pipeline/data/cldr-context-transforms.json"


def main(argv: list[str]) -> int:
    package = Path(argv[0])
    meta = json.loads((package / "package.json").read_text("utf-8"))
    table: dict[str, dict[str, str]] = {}
    for path in sorted((package / "main").glob("*/contextTransforms.json")):
        data = json.loads(path.read_text("utf-8"))["main"]
        ((locale, value),) = data.items()
        languages = value.get("contextTransforms", {}).get("languages")
        if languages:
            table[locale.replace("-", "_")] = dict(sorted(languages.items()))
    document = {
        "source": f"{meta['name']} {meta['version']} (CLDR {meta['cldrVersion']})",
        "license": meta["license"],
        "languages": table,
    }
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {OUT}: {len(table)} locales")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
