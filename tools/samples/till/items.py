"""The item block and the totals block of a strip: prices, quantities, weights, discounts, fuel, taxes.

Why these print in several layouts: tills put a quantity line below or above the article, or a quantity column
in front of it (restaurants), and a weighed article gets its own "0,456 kg x 2,99 €/kg" line. The printed
strings and the Decimals recorded in `Item` come from the same values; an amount is always qty x price rounded
half up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from samples.till.locale import Locale, Rng, TaxPlan
from samples.till.model import Item, Receipt, Tax, tax_amounts
from samples.till.notation import D, Money, Num, digits, q2, quantum
from samples.till.products import DISHES, FUEL_SHOP, FUELS, SHOP, Article


@dataclass
class Ctx:
    """What one receipt decided up front and every block reads: notation, money printer, layout choices."""

    loc: Locale
    rng: Rng
    money: Money
    mark_all: bool  # every amount carries the currency mark
    layout: str  # below | above | qtycol | full
    codes: str  # tax-code letters after amounts: "" | letters
    item_codes: str  # "" | suffix | line
    plan: TaxPlan

    def amt(self, v: Decimal) -> str:
        return self.money(v, mark=self.mark_all)

    @property
    def step(self) -> Decimal:
        """What amounts round to: a cent, or 1 where the currency prints whole units."""
        return quantum(self.money.num.places)

    def dp(self, v: Decimal) -> str:
        """A price for the truth with the digits money prints with ("2.99", "32000")."""
        return f"{v:.{self.money.num.places}f}"


def price(rng: Rng, loc: Locale, art: Article, kind: str) -> Decimal:
    """A shelf or menu price in the style's currency with the usual endings (.99, .49, .50, whole rupees)."""
    v = art.price * loc.scale * rng.uniform(0.85, 1.2)
    if loc.pricing is not None:
        return loc.pricing(rng, v, kind)
    if loc.whole:
        step = 5 if v > 60 else 1
        return D(max(step, int(round(v / step)) * step))
    if kind == "restaurant":
        return max(D("0.50"), D(round(v * 2)) / 2) if loc.scale < 3 else D(max(1, round(v)))
    base = D(int(v * 10)) / 10
    return max(D("0.19"), base + D(rng.choice(["0.09", "0.09", "0.05", "0.00", "0.04", "0.08"])))


def _fit(desc: str, room: int) -> str:
    """The description cut to the room the till has for it (the truth keeps the cut form, as printed)."""
    return desc if len(desc) <= room else desc[:room].rstrip()


def _right(ctx: Ctx, amount: Decimal, taxes: tuple[Tax, ...]) -> str:
    text = ctx.amt(amount)
    if ctx.codes:
        text += " " + (taxes[0].code if taxes and taxes[0].code else ctx.codes)
    return text


def add_article(r: Receipt, ctx: Ctx, art: Article, qty: int) -> None:
    """One article (quantity `qty`, or a weighed one) in the receipt's layout, maybe followed by a discount."""
    rng, loc, num = ctx.rng, ctx.loc, ctx.money.num
    taxes = ctx.plan[1].get(art.cls, ())
    unit = price(rng, loc, art, r.kind)
    x = rng.choice(["x", "x", "X", "*", "@"]) if loc.country != "US" else rng.choice(["@", "x", "X"])
    if art.weighed:
        w = D(rng.randint(95, 2300)) / 1000 if loc.weight_unit == "kg" else D(rng.randint(30, 450)) / 100
        amount = q2(w * unit, ctx.step)
        right = _right(ctx, amount, taxes)
        desc = _fit(art.name, r.cols - len(right) - 1)
        marked = ctx.mark_all and rng.random() < 0.6
        if num.places:
            unit_txt = num.fixed(unit) + (f" {loc.marks[0]}" if marked else "")
        else:  # "0,456 kg x Rp 32.000/kg", "1,25 kg x 599 Ft/kg"
            unit_txt = ctx.money(unit, mark=marked)
        wline = f"  {num.fixed(w, 3 if loc.weight_unit == 'kg' else 2)} {loc.weight_unit} {x} {unit_txt}/{loc.weight_unit}"
        if ctx.layout == "above":
            r.add(wline)
        r.add(desc, right)
        if ctx.layout != "above":
            r.add(wline)
        w_txt = f"{w:.3f}" if loc.weight_unit == "kg" else f"{w:.2f}"
        r.items.append(Item(desc, amount, w_txt, ctx.dp(unit), taxes))
        return
    amount = q2(unit * qty, ctx.step)
    right = _right(ctx, amount, taxes)
    if ctx.layout in ("qtycol", "full"):
        q_txt = f"{qty}" + rng.choice(["", "x"]) if ctx.layout == "qtycol" else str(qty)
        if ctx.layout == "full":  # whole units leave two spaces: "2 399  2 399" is not one number
            right = f"{num.fixed(unit):>7}{' ' if num.places else '  '}{right:>8}"
        desc = _fit(art.name, r.cols - len(right) - max(3, len(q_txt) + 1) - 1)
        r.add(f"{q_txt:<3}{desc}" if len(q_txt) < 3 else f"{q_txt} {desc}", right)
        r.items.append(Item(desc, amount, str(qty), ctx.dp(unit) if ctx.layout == "full" else None, taxes))
    else:
        desc = _fit(art.name, r.cols - len(right) - 1)
        suffix = ""
        if ctx.item_codes == "suffix" and len(desc) + 14 + len(right) < r.cols:
            suffix = " " * max(2, r.cols - len(right) - 14 - len(desc)) + digits(rng, 12)
        qline = f"  {qty} {x} {num.fixed(unit)}" if qty > 1 else ""
        if qline and ctx.layout == "above":
            r.add(qline.strip())
        r.add(desc + suffix, right)
        if qline and ctx.layout == "below":
            r.add(qline)
        if ctx.item_codes == "line" and rng.random() < 0.7:
            r.add("  " + rng.choice([digits(rng, 13), "Art. " + digits(rng, 6), "#" + digits(rng, 5)]))
        printed = qty > 1
        r.items.append(
            Item(desc, amount, str(qty) if printed else None, ctx.dp(unit) if printed else None, taxes)
        )
    if r.kind in ("chain", "small") and rng.random() < 0.1 and amount > D("0.50"):
        pct = rng.choice([10, 20, 25, 30, 50])
        off = q2(amount * pct / 100, ctx.step)
        label = _fit(ctx.loc.pick(rng, "discount").format(p=pct), r.cols - 10)
        r.add(("  " if rng.random() < 0.5 else "") + label, _right(ctx, -off, taxes))
        r.items.append(Item(label, -off, None, None, taxes))


def add_fuel(r: Receipt, ctx: Ctx) -> None:
    """A fuel sale: the pump, the grade, volume x price per litre (or gallon) with three decimals, or in whole
    units where the style sets `fuel_price` ("20,00 l x Rp 10.000/l")."""
    rng, loc, num = ctx.rng, ctx.loc, ctx.money.num
    taxes = ctx.plan[1].get("std", ())
    if loc.fuel_price is not None:  # whole rupiah, pesos, forints, dong per litre
        low, high, step = loc.fuel_price
        per_l = D(rng.randrange(low, high + 1, step))
    else:
        per_l = D(f"{1.55 * loc.scale * rng.uniform(0.8, 1.15):.2f}") + D(
            rng.choice(["0.009", "0.004", "0.000"])
        )
    if loc.fuel_unit == "gal":  # US pump prices per gallon end in 9/10 of a cent
        per_l = D(f"{rng.uniform(2.9, 4.9):.2f}") + D("0.009")
    vol = D(rng.randint(800, 6500)) / 100 if loc.fuel_unit == "l" else D(rng.randint(3000, 18000)) / 1000
    amount = q2(vol * per_l, ctx.step)
    r.add(f"{loc.pick(rng, 'pump')} {rng.randint(1, 12)}")
    right = _right(ctx, amount, taxes)
    desc = _fit(rng.choice(FUELS[loc.lang]), r.cols - len(right) - 1)
    r.add(desc, right)
    vol_txt = num.fixed(vol, 2 if loc.fuel_unit == "l" else 3)
    unit = loc.fuel_unit.upper() if loc.fuel_unit == "gal" else loc.fuel_unit
    if loc.fuel_price is not None:  # "20,00 l x Rp 10.000/l"
        per_txt, per_truth = ctx.amt(per_l), ctx.dp(per_l)
    else:
        per_txt = num.fixed(per_l, 3) + (f" {loc.marks[0]}" if ctx.mark_all else "")
        per_truth = f"{per_l:.3f}"
    r.add(f"  {vol_txt} {unit} x {per_txt}/{unit}")
    r.items.append(Item(desc, amount, vol_txt.replace(num.dec, "."), per_truth, taxes))
    for art in rng.sample(FUEL_SHOP[loc.lang], rng.choice([0, 0, 1, 2])):
        add_article(r, ctx, art, 1)


def add_items(r: Receipt, ctx: Ctx) -> None:
    """1-15 priced lines of the receipt's kind."""
    rng, loc = ctx.rng, ctx.loc
    if r.kind == "fuel":
        add_fuel(r, ctx)
        return
    pool = DISHES[loc.lang] if r.kind == "restaurant" else SHOP[loc.lang]
    n = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15]) if r.kind != "restaurant" else rng.randint(1, 9)
    chosen = [rng.choice(pool) for _ in range(n)]
    seen: set[str] = set()
    for art in chosen:
        if art.name in seen and rng.random() < 0.7:
            continue
        seen.add(art.name)
        qty = rng.choice([1, 1, 1, 1, 2, 2, 3, 4, 6]) if not art.weighed else 1
        add_article(r, ctx, art, qty)


def add_totals(r: Receipt, ctx: Ctx, tax_print: str) -> list[tuple[str, str]]:
    """Subtotal, added taxes, round off and total; returns the included-tax rows to print later (after the
    payment, as German and French tills do) or now, as `(left, right)` pairs."""
    rng, loc = ctx.rng, ctx.loc
    regime = ctx.plan[0]
    items_sum = sum((it.amount for it in r.items), D(0))
    taxes = tax_amounts(r.items, included=regime == "included", step=ctx.step)
    r.tax_added = regime == "added"
    rule = rng.choice(["-", "=", "-", "*", ""])
    if rule:
        r.add(rule, kind="rule")
    if (regime == "added" and rng.random() < 0.9) or (regime != "added" and rng.random() < 0.35):
        r.subtotal = items_sum
        r.add(loc.pick(rng, "subtotal"), ctx.amt(items_sum))
    later: list[tuple[str, str]] = []
    total = items_sum
    if regime == "added":
        if taxes:
            for t, (_base, amount) in taxes.items():
                r.add(rate_label(loc, t, ctx.money.num), ctx.amt(amount))
            r.tax = sum((a for _b, a in taxes.values()), D(0))
            if len(taxes) > 1 and rng.random() < 0.4:
                r.add(loc.pick(rng, "tax_total"), ctx.amt(r.tax))
        elif rng.random() < 0.6:
            r.add(loc.pick(rng, "tax"), ctx.amt(D(0)))
            r.tax = D(0)
        total += r.tax or D(0)
        if loc.round_off and r.kind == "restaurant":
            rounded = total.quantize(D(1), rounding="ROUND_HALF_UP")
            r.round_off = rounded - total
            r.add(loc.pick(rng, "round"), ctx.amt(r.round_off))
            total = rounded
    elif regime == "included" and taxes and tax_print != "none":
        r.tax = sum((a for _b, a in taxes.values()), D(0))
        later = tax_rows(ctx, taxes, tax_print, r.tax)
        if tax_print == "table" and len(taxes) == 1 and r.subtotal is None:
            gross, tax = next(iter(taxes.values()))
            r.net_total = gross - tax  # one rate: its net column is the amount before tax
    r.total = total
    return later


def rate_label(loc: Locale, t: Tax, num: Num) -> str:
    """ "MwSt 19%", "VAT @ 20%", "CGST @2.5%": the style's way of naming one rate."""
    return loc.extra.get("rate_fmt", "{label} {pct}%").format(label=t.label, pct=num.plain(t.pct))


def tax_rows(
    ctx: Ctx, taxes: dict[Tax, tuple[Decimal, Decimal]], how: str, total_tax: Decimal
) -> list[tuple[str, str]]:
    """Included-tax lines: a Netto/Steuer/Brutto table, one row per rate, or one "incl. tax" line."""
    loc, num, rng = ctx.loc, ctx.money.num, ctx.rng
    rows: list[tuple[str, str]] = []
    if how == "single":
        return [(loc.pick(rng, "incl"), ctx.money(total_tax, mark=rng.random() < 0.5))]
    if how == "table":
        head = (loc.pick(rng, "net"), loc.pick(rng, "tax"), loc.pick(rng, "gross"))
        w = [8, 8, 9]
        if not num.places:  # whole units run long ("1.234.567"): widen a column so that numbers never touch
            cells = [(num.fixed(g - x), num.fixed(x), num.fixed(g)) for g, x in taxes.values()]
            w = [max(w[i], *(len(c[i]) + 2 for c in cells)) for i in range(3)]
        rows.append((f"{loc.pick(rng, 'tax')} %", f"{head[0]:>{w[0]}}{head[1]:>{w[1]}}{head[2]:>{w[2]}}"))
        for t, (gross, tax) in taxes.items():
            rate = f"{t.code} {num.fixed(t.pct, 1 if t.pct % 1 == 0 else 2)}%".strip()
            cells = (num.fixed(gross - tax), num.fixed(tax), num.fixed(gross))
            rows.append((rate, f"{cells[0]:>{w[0]}}{cells[1]:>{w[1]}}{cells[2]:>{w[2]}}"))
        return rows
    for t, (_gross, tax) in taxes.items():
        code = t.code + " " if t.code and rng.random() < 0.5 else ""
        rows.append((code + rate_label(loc, t, num), num.fixed(tax)))
    if how == "rows_total":
        rows.append((loc.pick(rng, "tax_total"), num.fixed(total_tax)))
    return rows
