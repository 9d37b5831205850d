"""Command line of the house-style invoice generator (the generator itself is the package `samples.house`).

    python tools/samples/house_styles.py --out DIR --n 120 --seed 0

Kept at this path, with these options, because scripts and notes run it by this name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `samples` importable the way tools/make_samples.py does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.house import STYLES, build


def main(argv: list[str] | None = None) -> int:
    """Parse `--out/--n/--seed`, write the documents; returns the exit status."""
    ap = argparse.ArgumentParser(
        description=f"Write invoice PDFs in {len(STYLES)} national / invoicing-software house styles "
        f"({', '.join(STYLES)}), each with a <stem>.truth.json ground truth (see shared/datasets/README.md). "
        f"Document k uses style k mod {len(STYLES)}, so --n {len(STYLES)} or more covers every style; the same "
        "--seed gives byte-identical files."
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
