"""Command line of the till-receipt generator (the generator itself is the package `samples.till`).

    python tools/samples/till_receipts.py --out DIR --n 120 --seed 0
    python tools/samples/till_receipts.py --out DIR --n 48 --seed 0 --styles whole

Same shape as house_styles.py so scripts can run either the same way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `samples` importable the way tools/make_samples.py does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.till import COLLECTIONS, STYLES, WHOLE_STYLES, build, select


def main(argv: list[str] | None = None) -> int:
    """Parse `--out/--n/--seed/--styles`, write the receipts; returns the exit status."""
    ap = argparse.ArgumentParser(
        description="Write till receipts (shops, restaurants, fuel) in national styles as photos, scans, "
        "thermal prints and e-receipt PDFs, each with a <stem>.truth.json ground truth (see "
        "shared/datasets/README.md). Document k uses style k mod the number of chosen styles, so --n of at "
        "least that number covers every one; the same --seed and --styles give byte-identical files."
    )
    ap.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    ap.add_argument("--n", type=int, default=120, help="number of documents (default 120)")
    ap.add_argument(
        "--seed", type=int, default=0, help="run seed; document k draws from (seed, k) (default 0)"
    )
    ap.add_argument(
        "--styles",
        default="default",
        metavar="SET|KEYS",
        help=f"which styles: 'default' (the {len(STYLES)} styles with cents: {', '.join(STYLES)}), 'whole' "
        f"(the {len(WHOLE_STYLES)} whose money prints in whole units, no decimals: {', '.join(WHOLE_STYLES)}), "
        f"'all' (both, {len(COLLECTIONS['all'])}), or style keys joined by commas in the order to cycle "
        f"(e.g. id,cl,hu,vn); document k uses the chosen set's style k mod its length (default: default)",
    )
    args = ap.parse_args(argv)
    try:
        styles = select(args.styles)
    except ValueError as exc:
        ap.error(str(exc))
    paths = build(args.out, args.n, args.seed, styles)
    print(f"wrote {len(paths)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
