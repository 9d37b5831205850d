"""Command line of the till-receipt generator (the generator itself is the package `samples.till`).

    python tools/samples/till_receipts.py --out DIR --n 120 --seed 0

Same shape as house_styles.py so scripts can run either the same way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `samples` importable the way tools/make_samples.py does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.till import STYLES, build


def main(argv: list[str] | None = None) -> int:
    """Parse `--out/--n/--seed`, write the receipts; returns the exit status."""
    ap = argparse.ArgumentParser(
        description=f"Write till receipts (shops, restaurants, fuel) in {len(STYLES)} national styles "
        f"({', '.join(STYLES)}) as photos, scans, thermal prints and e-receipt PDFs, each with a "
        f"<stem>.truth.json ground truth (see shared/datasets/README.md). Document k uses style k mod "
        f"{len(STYLES)}, so --n {len(STYLES)} or more covers every style; the same --seed gives byte-identical files."
    )
    ap.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    ap.add_argument("--n", type=int, default=120, help="number of documents (default 120)")
    ap.add_argument(
        "--seed", type=int, default=0, help="run seed; document k draws from (seed, k) (default 0)"
    )
    args = ap.parse_args(argv)
    paths = build(args.out, args.n, args.seed)
    print(f"wrote {len(paths)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
