"""Time to draw the images for publication (conflictmap/images.py): per PNG and per GIF frame, and file sizes.

    python benchmarks/images.py [--data ROOT] [--pngs 5] [--gif-from 2022-02-24] [--gif-to 2024-12-24]

Loads the atlas once, draws one warm-up PNG (fonts, cached base paths), then ``--pngs`` PNGs at the default
1600×1200 on dates spread over the war, then one GIF at the default 960×720 and 30-day step. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from conflictmap.catalog import load_atlas  # noqa: E402
from conflictmap.images import GIF_SIZE, GIF_STEP_DAYS, PNG_SIZE, frame_dates, render_gif, render_png  # noqa: E402
from conflictmap.paths import data_paths  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=None)
    p.add_argument("--pngs", type=int, default=5)
    p.add_argument("--gif-from", type=date.fromisoformat, default=date(2022, 2, 24))
    p.add_argument("--gif-to", type=date.fromisoformat, default=date(2024, 12, 24))
    args = p.parse_args(argv)

    t0 = time.perf_counter()
    atlas = load_atlas(data_paths(args.data))
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    render_png(atlas, date(2022, 12, 24))
    first_png_s = time.perf_counter() - t0

    start, end = date(2022, 3, 1), min(atlas.last_date, date(2026, 6, 30))
    step = max(1, (end - start).days // max(1, args.pngs - 1))
    png_s, png_bytes = [], []
    for i in range(args.pngs):
        t0 = time.perf_counter()
        data = render_png(atlas, min(end, start + timedelta(days=i * step)))
        png_s.append(time.perf_counter() - t0)
        png_bytes.append(len(data))

    n = len(frame_dates(args.gif_from, args.gif_to, GIF_STEP_DAYS))
    t0 = time.perf_counter()
    gif = render_gif(atlas, args.gif_from, args.gif_to)
    gif_s = time.perf_counter() - t0
    from PIL import Image

    assert Image.open(io.BytesIO(gif)).n_frames == n

    print(json.dumps({
        "atlas_load_s": round(load_s, 2),
        "png": {"size": list(PNG_SIZE), "first_s": round(first_png_s, 2), "count": args.pngs,
                "s_median": round(statistics.median(png_s), 3), "s_max": round(max(png_s), 3),
                "bytes_median": int(statistics.median(png_bytes))},
        "gif": {"size": list(GIF_SIZE), "from": args.gif_from.isoformat(), "to": args.gif_to.isoformat(),
                "step_days": GIF_STEP_DAYS, "frames": n, "s": round(gif_s, 2), "s_per_frame": round(gif_s / n, 3),
                "bytes": len(gif), "bytes_per_frame": len(gif) // n},
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
