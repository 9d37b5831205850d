"""Compose one receipt of a style: header, sale details, items, totals, payment, tax table, footer.

Why one composer for every country: the order of the blocks, which ones print and how they are laid out vary
per receipt by drawing from the rng, while the style (`Locale`) only supplies the words and notations. All
choices are drawn from the receipt's own `random.Random`, so a seed reproduces the strip exactly.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from samples.till.items import Ctx, add_items, add_totals
from samples.till.locale import Locale, Rng, receipt_no
from samples.till.model import Receipt
from samples.till.notation import (
    DATE_PATTERNS,
    D,
    Money,
    ascii_fold,
    digits,
    print_date,
    print_time,
    sale_moment,
)
from samples.till.places import SURNAMES, address, shop_name
from samples.till.strip import drawable

FIRST_NAMES = ["Anna", "Tom", "Maria", "Li", "Sam", "Jonas", "Elena", "Ravi", "Nora", "Luca", "Emma", "Ali"]


def _center(r: Receipt, text: str, **kw: object) -> None:
    r.add(text, align="center", **kw)  # type: ignore[arg-type]


def header(r: Receipt, ctx: Ctx) -> None:
    """Store name (big, bold or capitals), legal entity, address, phone, registration ids."""
    rng, loc = ctx.rng, ctx.loc
    name = shop_name(rng, r.kind, loc.lang)
    if rng.random() < 0.45:
        name = name.upper()
    name = name[: r.cols]
    r.vendor_name = r.store_name = name
    if len(name) <= r.cols // 2 and rng.random() < 0.55:
        _center(r, name, size="big", bold=True)
    elif rng.random() < 0.5:
        _center(r, name, size="tall", bold=True)
    else:
        _center(r, name, bold=rng.random() < 0.7)
    if rng.random() < 0.3:
        _center(r, rng.choice(["********", "~ ~ ~ ~", "- - - - -"]))
    if rng.random() < 0.35:
        base = name.title() if name.isupper() else name
        form = loc.pick(rng, "legal")
        legal = (form.format(n=base) if "{n}" in form else f"{base} {form}")[: r.cols]
        _center(r, legal)
        r.vendor_name = legal  # the firm is named where its legal name prints (the SROIE labels' convention)
    r.address = address(rng, loc.country, r.cols)
    for line in r.address:
        _center(r, line)
    if rng.random() < 0.75:
        tel = loc.phone(rng)
        _center(r, rng.choice(["Tel. ", "Tel: ", "", "Ph: " if loc.lang == "en" else "Tel "]) + tel)
    if rng.random() < 0.8 or loc.country in ("IT", "ES", "IN", "MY", "SG", "AU"):
        for line in loc.ids(rng):
            _center(r, line[: r.cols])
    if "doc_title" in loc.labels and rng.random() < 0.85:
        r.add("", kind="blank")
        for part in loc.pick(rng, "doc_title").split("|"):
            _center(r, part, bold=True)
    r.add("", kind="blank")


def sale_details(r: Receipt, ctx: Ctx) -> list[tuple[str, str]]:
    """Date/time, receipt number, cashier and till, table and server; returns the rows (the caller places them
    at the top or the bottom, as tills differ)."""
    rng, loc = ctx.rng, ctx.loc
    moment = sale_moment(rng)
    r.day = moment.date()
    pattern = rng.choice(DATE_PATTERNS[loc.dates])
    r.printed_date = print_date(r.day, pattern, loc.lang)
    clock = print_time(moment, loc.twelve_hour and rng.random() < 0.8, rng.random() < 0.5)
    rows: list[tuple[str, str]] = []
    if rng.random() < 0.5:
        rows.append((r.printed_date, clock))
    else:
        rows.append((f"{loc.pick(rng, 'date')} {r.printed_date}", f"{clock}"))
    label, number = loc.pick(rng, "receipt"), receipt_no(rng)
    # Small shops' tills print no number: one in five (decided by the number's last digit, so that the random
    # stream, and with it every other receipt of a seed, stays as it was)
    if number[-1] not in "05":
        r.number = number
        rows.append((f"{label} {number}", ""))
    staff = rng.choice(FIRST_NAMES + SURNAMES.get(loc.lang, SURNAMES["en"]))
    if r.kind == "restaurant":
        rows.append((f"{loc.pick(rng, 'table')} {rng.randint(1, 40)}", f"{loc.pick(rng, 'server')} {staff}"))
    elif rng.random() < 0.8:
        rows.append((f"{loc.pick(rng, 'cashier')} {staff if rng.random() < 0.5 else digits(rng, 3)}", ""))
    if rng.random() < 0.5:
        till = f"{loc.pick(rng, 'till')} {rng.randint(1, 12)}"
        rows[-1] = (rows[-1][0], till) if not rows[-1][1] else rows[-1]
    return rows


def payment(r: Receipt, ctx: Ctx) -> None:
    """Cash with change (change = paid - total) or card with a masked number and an authorisation code."""
    rng, loc, money = ctx.rng, ctx.loc, ctx.money
    total = r.total
    mark = ctx.mark_all or rng.random() < 0.3
    if rng.random() < 0.45:
        step = loc.cash_step
        over = [D(n) for n in loc.notes if n >= total] or [D((int(total) // step + 1) * step)]
        paid = total if rng.random() < 0.1 else rng.choice(over[:2])
        r.add(loc.pick(rng, "cash"), money(paid, mark=mark))
        r.add(loc.pick(rng, "change"), money(paid - total, mark=mark))
        return
    brand = rng.choice(["VISA", "MASTERCARD", "Mastercard", "MAESTRO", "AMEX", "Visa Debit", "DEBIT"])
    r.add(loc.pick(rng, "card"), money(total, mark=mark))
    r.add("", kind="blank")
    pan = rng.choice(["************", "XXXX XXXX XXXX ", "**** **** **** ", "xxxxxxxxxxxx"]) + digits(rng, 4)
    r.add(brand, pan if len(brand) + len(pan) < r.cols else pan[-8:])
    if rng.random() < 0.6:
        r.add(loc.pick(rng, "auth"), digits(rng, 6))
    if rng.random() < 0.5:
        r.add(f"{loc.pick(rng, 'amount')}", money(total, mark=True))
    if loc.tip and r.kind == "restaurant" and rng.random() < 0.7:
        r.add("", kind="blank")
        if loc.country == "US" and rng.random() < 0.5:
            for pct in (15, 18, 20):
                r.add(f"  {pct}% = {money.num.fixed((total * pct / 100).quantize(ctx.step))}")
        r.add(loc.pick(rng, "tip"), "_" * 10)
        r.add(loc.pick(rng, "total"), "_" * 10)
        r.add("", kind="blank")
        r.add("x" + "_" * (r.cols - 8))


def footer(r: Receipt, ctx: Ctx, site: str) -> None:
    """Thanks, return policy or loyalty text, a website, sometimes a barcode with its digits."""
    rng, loc = ctx.rng, ctx.loc
    r.add("", kind="blank")
    for text in rng.sample(loc.labels["footer"], rng.randint(0, min(2, len(loc.labels["footer"])))):
        for part in text.split("|"):
            _center(r, part[: r.cols])
    _center(r, loc.pick(rng, "thanks")[: r.cols], bold=rng.random() < 0.3)
    if rng.random() < 0.4:
        _center(r, site[: r.cols])
    if rng.random() < 0.35:
        code = digits(rng, rng.choice([13, 16, 20]))
        r.add("", kind="blank")
        r.add(code, kind="barcode")
        _center(r, code)


def compose(loc: Locale, rng: Rng, k: int) -> Receipt:
    """Receipt k of style `loc`, every choice drawn from `rng`."""
    plain = loc.fold is not None and rng.random() < loc.fold
    if plain:  # a till without diacritics prints the currency's ASCII code ("VND"), not "đ"
        loc = replace(loc, marks=tuple(m for m in loc.marks if m.isascii()))
    kind = rng.choice(loc.kinds)
    paper = rng.choice([58, 80, 80])
    cols = 32 if paper == 58 else rng.choice([42, 42, 48])
    r = Receipt(loc.key, k, kind, cols, paper, loc.currency, loc.marks)
    num = rng.choice(loc.nums)
    r.places = num.places
    mark_all = rng.random() < 0.25
    symbol = rng.choice(loc.marks[:2]) if rng.random() < 0.85 else ""
    space = not loc.before or (symbol.rstrip(".").isalpha() and rng.random() < 0.7)
    if loc.mark_gap is not None:  # "45.000đ" or "45.000 đ", but always "45.000 VND"
        space = rng.random() < loc.mark_gap or len(symbol) > 2
    money = Money(num, symbol, loc.before, space)
    layouts = ["qtycol", "full", "qtycol"] if kind == "restaurant" else list(loc.shop_layouts)
    codes = "T" if loc.country in ("US", "CA") and rng.random() < 0.5 else ""
    codes = "*" if rng.random() < 0.4 and loc.tax_prints and "table" in loc.tax_prints else codes
    item_codes = rng.choice(["", "", "suffix" if loc.country == "US" else "line"]) if kind == "chain" else ""
    ctx = Ctx(loc, rng, money, mark_all, rng.choice(layouts), codes, item_codes, loc.taxes(rng, kind))
    header(r, ctx)
    details = sale_details(r, ctx)
    top = rng.random() < 0.7
    if top:
        for left, right in details:
            r.add(left, right)
        r.add(rng.choice(["-", "="]), kind="rule")
    if rng.random() < 0.3 and "items_hdr" in loc.labels:
        head = loc.pick(rng, "items_hdr")
        r.add(head, (loc.currency if rng.random() < 0.4 else loc.pick(rng, "amount_hdr")), bold=True)
    add_items(r, ctx)
    tax_print = rng.choice(loc.tax_prints) if loc.tax_prints else "none"
    later = add_totals(r, ctx, tax_print)
    total_label = loc.pick(rng, "total")
    total_mark = mark_all or rng.random() < 0.5
    if not total_mark and rng.random() < 0.4 and len(total_label) < 10:
        total_label += " " + loc.currency  # "SUMME EUR", "TOTAL DUE GBP"
    total_txt = money(r.total, mark=total_mark)
    r.printed_total = num.fixed(r.total)
    if len(total_label) + len(total_txt) + 1 <= r.cols // 2 and rng.random() < 0.5:
        r.add(total_label, total_txt, size="big", bold=True)
    else:
        r.add(total_label, total_txt, bold=True, size=rng.choice(["n", "tall"]))
    before = rng.random() < 0.4
    if before:
        _tax_block(r, later)
    r.add("", kind="blank")
    payment(r, ctx)
    if not before:
        _tax_block(r, later)
    if not top:
        r.add("", kind="blank")
        for left, right in details:
            r.add(left, right)
    site = (
        "www."
        + "".join(c for c in r.store_name.lower() if c.isalnum())[:16]
        + "."
        + loc.extra.get("tld", "com")
    )
    if loc.extra.get("site") == "ascii":  # "www.phattuoi.vn", not "www.pháttươi.vn"
        site = ascii_fold(site)
    footer(r, ctx, site)
    if loc.fold is not None and (plain or not drawable(r.text())):
        r.fold_ascii()
    return r


def _tax_block(r: Receipt, rows: list[tuple[str, str]]) -> None:
    if not rows:
        return
    r.add("", kind="blank")
    for left, right in rows:
        r.add(left, right)


def tax_total(r: Receipt) -> Decimal | None:
    """The tax the truth states (kept for callers that need it without the truth dict)."""
    return r.tax
