"""The planning steps every style is built from: common choices, line items, columns, totals, due date, number.

A style function calls these in a fixed order with its own conventions; the order of the random draws is part of
the output (same seed, same bytes), so a step must not change what or how many numbers it draws.
"""

from __future__ import annotations

import string
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from samples.house.doc import Col, D, Doc, Party, Rng, Row, q2
from samples.house.invent import address, company, person
from samples.house.notation import Fmt, dfmt
from samples.house.products import CATALOG, DETAILS, DISCOUNT, SHIPPING
from samples.house.words import LANG_OF, STEMS


def pick(rng: Rng, options: Any) -> Any:
    """One of a list of synonyms (a plain string is its own only choice)."""
    return rng.choice(options) if isinstance(options, list) else options


def resolve(rng: Rng, labels: dict[str, Any]) -> dict[str, str]:
    """A style's label table with one synonym chosen per label, fixed for the whole document."""
    return {k: pick(rng, v) for k, v in labels.items()}


ACCENTS = ["#1f4e79", "#2e7d32", "#8e24aa", "#c62828", "#37474f", "#00695c", "#ef6c00", "#283593", "#000000"]
WIDTHS = {
    "pos": 9,
    "sku": 21,
    "hsn": 17,
    "qty": 14,
    "unit": 13,
    "price": 23,
    "rate": 16,
    "amount": 26,
    "per": 10,
    "svc": 20,
}


def base(rng: Rng, k: int, style: str, cc: str, currency: str, fmt: Fmt, dates: list[str], **kw: Any) -> Doc:
    """A document's common choices: parties, dates, look. The style function then adds its conventions."""
    lang = LANG_OF[cc]
    doc = Doc(style=style, k=k, lang=lang, currency=currency, fmt=fmt, date=dfmt(rng.choice(dates)), **kw)
    doc.accent = rng.choice(ACCENTS)
    doc.margin = rng.choice([15, 17, 18, 20])
    name, brand = company(rng, cc)
    doc.seller = Party(name, address(rng, cc))
    doc.brand = brand if rng.random() < 0.4 else ""
    bname, _ = company(rng, cc)
    doc.buyer = Party(bname, address(rng, cc))
    if rng.random() < 0.4:
        doc.buyer.address.insert(
            0,
            {
                "de": "z. Hd. ",
                "fr": "À l'att. de ",
                "nl": "T.a.v. ",
                "sv": "Att: ",
                "it": "Alla c.a. ",
                "es": "Att.: ",
                "pt": "A/C ",
                "pl": "Osoba: ",
            }.get(lang, "Attn: ")
            + person(rng, lang),
        )
    if rng.random() < 0.3:
        doc.ship_to = Party(doc.buyer.name, address(rng, cc))
    doc.issued = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    doc.layout = {
        "header_fill": rng.choice([None, None, "light", "accent"]),
        "zebra": rng.random() < 0.25,
        "row_rules": rng.random() < 0.7,
        "table_size": rng.choice([7.8, 8.2, 8.5, 8.8]),
        "row_pad": rng.choice([1.4, 1.8, 2.2, 2.8, 3.4]),
        "total_box": rng.random() < 0.35,
        "totals_width": rng.choice([60, 68, 76]),
        "always_page": rng.random() < 0.4,
        "logo": rng.random() < 0.5,
    }
    return doc


def items(
    rng: Rng, doc: Doc, rates: list[Decimal], multi: float, *, n: int | None = None, price_places: int = 2
) -> None:
    """1–15 catalogue lines (some with a detail that wraps), tax rates per line, maybe shipping and a discount."""
    cat = CATALOG[doc.lang]
    n = n or rng.choice([1, 1, 2, 3, 3, 4, 5, 6, 7, 8, 10, 12, 15])
    mixed = len(rates) > 1 and rng.random() < multi
    chosen = rng.sample(cat, min(n, len(cat))) + rng.choices(cat, k=max(0, n - len(cat)))
    for prod in chosen:
        frac = prod.frac and rng.random() < 0.5
        if frac:
            qty = D(rng.choice(["0.5", "1.5", "2.25", "2.5", "3.75", "7.5", "12.5"]))
        elif prod.hi > 300:  # nobody buys 250 office chairs on a small-business invoice
            qty = D(rng.choice([1, 1, 1, 2, 3, 5]))
        else:
            qty = D(rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6, 10, 12, 20, 25, 50, 100, 250]))
        places = 2 if prod.hi >= 1 else 4 if rng.random() < 0.5 else 3
        price = D(str(round(rng.uniform(prod.lo, prod.hi), places))).quantize(D(1).scaleb(-places))
        parts = [prod.name]
        if rng.random() < 0.25:
            d1 = doc.issued - timedelta(days=30)
            parts.append(
                rng.choice(DETAILS[doc.lang]).format(
                    p=rng.choice(STEMS) + " " + str(rng.randint(2, 99)),
                    n=rng.randint(1000, 9999),
                    d1=doc.date(d1),
                    d2=doc.date(doc.issued - timedelta(days=1)),
                )
            )
        rate = rng.choice(rates) if mixed else rates[0]
        sku = f"{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}-{rng.randint(1000, 99999)}"
        doc.rows.append(Row(parts, qty, prod.unit, price, max(places, price_places), rate, sku))
    if rng.random() < 0.2:
        doc.rows.append(
            Row(
                [SHIPPING[doc.lang]],
                D(1),
                "",
                D(rng.choice(["4.95", "9.90", "14.50", "25.00"])),
                2,
                rates[0],
                "SHIP",
            )
        )
    if rng.random() < 0.08 and len(doc.rows) > 1:
        p = rng.choice([3, 5, 10])
        off = -q2(sum(r.amount for r in doc.rows) * p / 100)
        doc.rows.append(Row([DISCOUNT[doc.lang].format(p=p)], D(1), "", off, 2, rates[0], ""))


def columns(
    rng: Rng,
    doc: Doc,
    L: dict[str, str],
    *,
    pos: float = 0.3,
    sku: float = 0.2,
    unit: float = 0.3,
    rate: float | None = None,
    extra: list[str] | None = None,
) -> None:
    """Pick the table's columns (and fill each row's cells): description, qty, price, amount always."""
    keys = []
    if rng.random() < pos:
        keys.append("pos")
    if rng.random() < sku:
        keys.append("sku")
    keys.append("desc")
    keys += extra or []
    keys.append("qty")
    if rng.random() < unit:
        keys.append("unit")
    keys.append("price")
    multi = len({r.rate for r in doc.rows}) > 1
    if multi or rng.random() < (rate if rate is not None else 0.25):
        keys.append("rate")
    keys.append("amount")
    align = {
        "pos": "center",
        "sku": "left",
        "hsn": "left",
        "unit": "left",
        "per": "left",
        "desc": "left",
        "svc": "left",
    }
    doc.columns = [Col(key, L[key], WIDTHS.get(key, 0), align.get(key, "right")) for key in keys]
    f = doc.fmt
    for i, r in enumerate(doc.rows, 1):
        r.cells = {
            "pos": str(i) if doc.layout.get("pos_style") != "dotted" else f"{i}.",
            "sku": r.sku,
            "qty": f.qty(r.quantity),
            "unit": r.unit,
            "per": r.unit,
            "price": f.amount(r.unit_price, r.price_places),
            "rate": f.rate(r.rate, doc.layout.get("pct_space", False)),
            "amount": f.amount(r.amount),
            "hsn": r.sku,
        }


def taxes(doc: Doc) -> dict[Decimal, Decimal]:
    """Net base per tax rate, in first-seen order."""
    bases: dict[Decimal, Decimal] = {}
    for r in doc.rows:
        bases[r.rate] = bases.get(r.rate, D("0.00")) + r.amount
    return bases


def finalize(
    doc: Doc,
    tax_lines: list[tuple[str, Decimal]] | None,
    *,
    sub_label: str,
    total_label: str,
    due_label: str = "",
    money_totals: bool = True,
    show_tax_total: str = "",
) -> None:
    """The totals block from the rows and the printed tax lines: subtotal + Σ tax lines = total, by construction.

    `tax_lines` None means the invoice prints no tax at all (truth `tax` null, total = subtotal).
    """
    doc.subtotal = sum((r.amount for r in doc.rows), D("0.00"))
    f = doc.fmt
    show = f.money if money_totals else f.amount
    doc.totals = [(sub_label, show(doc.subtotal), False)]
    if tax_lines is None:
        doc.tax = None
    else:
        doc.tax = sum((amt for _l, amt in tax_lines), D("0.00"))
        doc.totals += [(label, show(amt), False) for label, amt in tax_lines]
        if show_tax_total:
            doc.totals.append((show_tax_total, show(doc.tax), False))
    doc.total = doc.subtotal + (doc.tax or 0)
    doc.totals.append((total_label, f.money(doc.total), True))
    if due_label:
        doc.totals.append((due_label, f.money(doc.total), True))


def due_after(rng: Rng, doc: Doc, days: list[int], none_p: float = 0.0) -> int:
    """Set the due date some days after issue (or none, with probability `none_p`); returns the days for the terms text."""
    d = rng.choice(days)
    doc.due = None if rng.random() < none_p else doc.issued + timedelta(days=d)
    return d


def num_invoice(rng: Rng, doc: Doc, patterns: list[str]) -> str:
    """An invoice number from one of the style's patterns (year, Indian fiscal year `fy`, serials, hex ids)."""
    y = doc.issued.year
    fy = (
        f"{y % 100:02d}-{(y + 1) % 100:02d}"
        if doc.issued.month >= 4
        else f"{(y - 1) % 100:02d}-{y % 100:02d}"
    )
    pat = rng.choice(patterns)
    return pat.format(
        y=y,
        yy=f"{y % 100:02d}",
        m=f"{doc.issued.month:02d}",
        fy=fy,
        fyl="20" + fy,
        n3=rng.randint(1, 999),
        n4=f"{rng.randint(1, 9999):04d}",
        n5=f"{rng.randint(1, 99999):05d}",
        n=rng.randint(100, 99999),
        hex8="".join(rng.choice("0123456789ABCDEF") for _ in range(8)),
        c=rng.choice("ABCDEFGH"),
    )


def footer_from(rng: Rng, doc: Doc, cols: list[list[str]], p: float = 0.6) -> None:
    """Print the legal/bank footer columns, and (when the letterhead omits it) the seller in the first one."""
    if doc.seller_pos == "footer" or rng.random() < p:
        doc.footer_cols = [[doc.seller.name, *doc.seller.address], *[c for c in cols if c]]


def euro_common(
    rng: Rng,
    doc: Doc,
    rates: list[Decimal],
    L: dict[str, str],
    *,
    rate_word: str,
    table_head: list[str] | None,
    sub: list[str],
    total: list[str],
    due: list[str],
    tax_table_p: float = 0.4,
) -> None:
    """Lines, columns, per-rate tax lines and (maybe) a VAT summary table: shared by the southern/western styles."""
    items(rng, doc, rates, 0.3)
    columns(rng, doc, L, pos=0.3, sku=0.35, unit=0.4, rate=0.4)
    bases = taxes(doc)
    space = doc.layout.get("pct_space", False)
    lines = [(rate_word.format(r=doc.fmt.rate(r, space)), q2(b * r / 100)) for r, b in bases.items()]
    finalize(
        doc,
        lines,
        sub_label=rng.choice(sub),
        total_label=rng.choice(total),
        due_label=rng.choice(due),
        money_totals=rng.random() < 0.6,
    )
    if table_head and (len(bases) > 1 or rng.random() < tax_table_p):
        doc.tax_table = [table_head] + [
            [doc.fmt.rate(r, space), doc.fmt.amount(b), doc.fmt.amount(q2(b * r / 100))]
            for r, b in bases.items()
        ]
