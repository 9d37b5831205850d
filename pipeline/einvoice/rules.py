"""The EN 16931 calculation rules (BR-CO-10 to BR-CO-17), checked on the XML's own amounts.

An e-invoice states its sums twice: per line and per VAT category, and as document totals. Software that
builds one wrongly (or a hand that edits one) breaks an equation below; the blamed schema field goes to review
with the rule's id and both sides. Amounts are compared exactly at the currency's minor unit, one minor unit of
tolerance per rounded term where the standard rounds (VAT per category). ZUGFeRD 1.0 predates EN 16931 and let
allowances carry either sign, so their sum is compared by size there.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.currency import minor_unit
from pipeline.document import FieldStatus
from pipeline.einvoice.model import EInvoice
from pipeline.validate.rules import Violation

RULE = "en16931"


def _sum(values: list[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def _close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    return abs(a - b) <= tolerance


def sum_rules(inv: EInvoice) -> list[Violation]:
    """Violations of the EN 16931 sum rules, each blaming the schema field a reviewer should look at."""
    unit = minor_unit(str(inv.value("currency") or "")) or Decimal("0.01")
    out: list[Violation] = []

    def check(rule: str, field: str, stated: Decimal | None, computed: Decimal | None, what: str, tol=unit):
        if stated is None or computed is None or _close(stated, computed, tol):
            return
        out.append(
            Violation(
                field, FieldStatus.INCONSISTENT, RULE, f"{rule}: {what} = {computed:f}, XML states {stated:f}"
            )
        )

    t = inv.total
    line_nets = [ln.values["amount"].value for ln in inv.lines if "amount" in ln.values]
    if line_nets:
        check("BR-CO-10", "line_items", t("line_total"), _sum(line_nets), "sum of line net amounts")
    allowances = [a["amount"].value for a in inv.allowances_charges if "amount" in a and not _is_charge(a)]
    charges = [a["amount"].value for a in inv.allowances_charges if "amount" in a and _is_charge(a)]
    if allowances:
        stated, computed = t("allowance_total"), _sum(allowances)
        if inv.syntax == "zugferd1" and stated is not None and computed is not None:
            stated, computed = abs(stated), abs(computed)  # ZUGFeRD 1.0 let allowances carry either sign
        check("BR-CO-11", "allowances_charges", stated, computed, "sum of allowances")
    if charges:
        check("BR-CO-12", "allowances_charges", t("charge_total"), _sum(charges), "sum of charges")
    if t("line_total") is not None:
        basis = t("line_total") - (t("allowance_total") or 0) + (t("charge_total") or 0)
        check("BR-CO-13", "subtotal", t("tax_basis"), basis, "line total - allowances + charges")
    breakdown = [b["amount"].value for b in inv.tax_breakdown if "amount" in b]
    if breakdown:
        check("BR-CO-14", "tax", t("tax_total"), _sum(breakdown), "sum of VAT breakdown amounts")
    if t("tax_basis") is not None:
        check("BR-CO-15", "total", t("grand_total"), t("tax_basis") + (t("tax_total") or 0), "net + VAT")
    if t("grand_total") is not None and t("due"):  # a due amount of 0: settled or offset, nothing to pay
        due = t("grand_total") - (t("prepaid") or 0) + (t("rounding") or 0)
        check("BR-CO-16", "total", t("due"), due, "total - paid + rounding (amount due)")
    for i, b in enumerate(inv.tax_breakdown, start=1):
        basis, rate, amount = (b[k].value if k in b else None for k in ("basis", "rate", "amount"))
        if basis is not None and rate is not None and amount is not None:
            computed = (basis * rate / 100).quantize(unit)
            check(
                "BR-CO-17",
                "tax_breakdown",
                amount,
                computed,
                f"VAT of category {i} ({rate:f} % of {basis:f})",
            )
    return out


def _is_charge(entry) -> bool:
    flag = entry.get("charge")
    return bool(flag is not None and flag.value)
