"""Generated hybrids through the pipeline: consistent ones straight-through, tampered ones caught.

N consistent Factur-X PDFs (tools/samples/einvoices.py, German and English number formats alternating) and N
tampered ones, each printing one field (total, net, tax, number, date, due date, IBAN, VAT id, buyer reference)
differently from its XML. Prints the share of consistent hybrids with nothing to review and the share of tampered
fields sent to review as ungrounded. Run: `python benchmarks/einvoice_hybrids.py [N]`.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.options import PipelineOptions  # noqa: E402
from pipeline.runner import Pipeline  # noqa: E402
from tools.samples import einvoices as E  # noqa: E402

FIELDS = (
    "total",
    "subtotal",
    "tax",
    "invoice_number",
    "invoice_date",
    "due_date",
    "iban",
    "vendor_vat_id",
    "buyer_reference",
)


def tampered_value(field: str, rng: random.Random) -> str:
    if field in ("total", "subtotal", "tax"):
        return f"{rng.randint(10, 99999)},{rng.randint(10, 99)}"
    if field in ("invoice_date", "due_date"):
        return f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2031"
    if field == "iban":
        return E.de_iban(rng)
    if field == "vendor_vat_id":
        return E.de_vat(rng)
    return f"X-{rng.randint(10000, 99999)}"


def main(n: int = 50) -> None:
    pipeline = Pipeline(PipelineOptions())
    rng = random.Random(7)
    straight = caught = 0
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            path = Path(tmp) / f"h{i}.pdf"
            path.write_bytes(E.hybrid(E.terms(1000 + i), german=i % 2 == 0))
            straight += not pipeline.process(path).review
            field = FIELDS[i % len(FIELDS)]
            bad = Path(tmp) / f"t{i}.pdf"
            bad.write_bytes(
                E.hybrid(
                    E.terms(2000 + i), german=i % 2 == 0, tamper=E.Tamper(field, tampered_value(field, rng))
                )
            )
            result = pipeline.process(bad)
            hit = result.fields[field].status.value == "ungrounded"
            caught += hit
            if not hit:
                missed.append(field)
    print(f"consistent hybrids straight-through: {straight}/{n}; tampered fields caught: {caught}/{n}")
    if missed:
        print("missed:", ", ".join(missed))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
