"""Insert Ukrainian translations into an events file, keeping its JSON layout (indent=2, UTF-8, trailing newline).

    python scripts/insert_uk.py events/2026.json translations.json

``translations.json`` maps event ids to ``[title_uk, description_uk]``. Each pair is placed right after ``title`` and
``description`` (replacing an older translation); events not listed are left as they are. Run
``python -m conflictmap validate`` afterwards: it names every event still without Ukrainian text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def insert_after(d: dict, after: str, key: str, value: str) -> dict:
    """``d`` with ``key`` = ``value`` placed right after ``after`` (and removed from anywhere else)."""
    out = {}
    for k, v in d.items():
        if k == key:
            continue
        out[k] = v
        if k == after:
            out[key] = value
    return out


def apply(path: Path, translations: dict[str, list[str]]) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    done, events = 0, []
    for e in data["events"]:
        if e["id"] in translations:
            title_uk, description_uk = translations[e["id"]]
            e = insert_after(insert_after(e, "title", "title_uk", title_uk), "description", "description_uk", description_uk)
            done += 1
        events.append(e)
    data["events"] = events
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return done


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    target, source = Path(sys.argv[1]), Path(sys.argv[2])
    tr = json.loads(source.read_text(encoding="utf-8"))
    unknown = sorted(set(tr) - {e["id"] for e in json.loads(target.read_text(encoding="utf-8"))["events"]})
    print(f"{target}: {apply(target, tr)} event(s) translated" + (f"; unknown ids: {', '.join(unknown)}" if unknown else ""))
