"""English-speaking and Asian styles: US, Canada, UK, Ireland, Australia, Malaysia, Singapore, India.

Why these tax set-ups: US and Canadian tills add sales tax at the end (state rates; GST + PST or HST), UK,
Irish and Australian ones include VAT/GST in the shelf price and may print a VAT summary or "Total includes
GST", Singapore includes GST in shops but adds it in restaurants, Malaysian restaurants add SST, Indian
restaurants add CGST + SGST and round the bill to the rupee.
"""

from __future__ import annotations

from decimal import Decimal

from samples.till.locale import Locale, Rng, TaxPlan, id_lines, phone_fmt, vat
from samples.till.model import Tax
from samples.till.notation import Num

D = Decimal
EN: dict[str, tuple[str, ...]] = {
    "subtotal": ("SUBTOTAL", "Subtotal", "Sub-Total", "SUB TOTAL"),
    "total": ("TOTAL", "Total", "TOTAL DUE", "BALANCE DUE", "Amount Due"),
    "cash": ("CASH", "Cash", "Cash Tendered", "TENDERED"),
    "change": ("CHANGE", "Change", "Change Due", "CHANGE DUE"),
    "card": ("CARD", "Card", "VISA", "DEBIT CARD", "Credit Card", "CONTACTLESS"),
    "tax": ("TAX", "Tax", "SALES TAX"),
    "tax_total": ("TOTAL TAX", "Tax Total", "Total Tax"),
    "incl": ("Total includes tax",),
    "net": ("Net",),
    "gross": ("Gross", "Total"),
    "discount": ("Discount {p}%", "COUPON", "Promo -{p}%", "Member Saving", "Multibuy Saving"),
    "receipt": ("Receipt #", "Trans #", "TRN", "Receipt No.", "Invoice No:"),
    "cashier": ("Cashier:", "Operator", "Served by", "CSH"),
    "till": ("Till", "Reg", "POS", "Lane"),
    "table": ("Table", "TABLE", "Tbl"),
    "server": ("Server:", "Served by", "Staff:"),
    "pump": ("Pump", "PUMP #", "Pump No."),
    "thanks": ("THANK YOU!", "Thank you for shopping with us", "Thanks for visiting!", "Please come again"),
    "footer": (
        "Returns accepted within 30 days|with receipt",
        "Keep your receipt",
        "Tell us how we did|and win a gift card",
        "Customer copy",
    ),
    "legal": ("Ltd", "Inc.", "LLC"),
    "items_hdr": ("ITEM", "Description", "QTY ITEM"),
    "amount_hdr": ("AMOUNT", "Price", "AMT"),
    "date": ("Date:", "DATE"),
    "auth": ("AUTH CODE", "Auth:", "APPROVAL #", "AUTH #"),
    "amount": ("AMOUNT", "Amount", "PURCHASE"),
    "tip": ("Tip:", "TIP", "Gratuity:"),
    "round": ("Round Off", "Rounding", "Round off"),
}


def labels(base: dict[str, tuple[str, ...]], **over: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """`base` with some labels replaced (a style differs from English in a handful of words)."""
    return {**base, **over}


def _us_tax(rng: Rng, kind: str) -> TaxPlan:
    """A state sales tax on non-food goods and restaurant bills; groceries untaxed (most states)."""
    pct = D(rng.choice(["6", "6.25", "7", "8.25", "8.875", "9.5", "5.3"]))
    t = Tax(rng.choice(["TAX", "SALES TAX", "Tax", "TX"]), pct)
    if kind == "fuel":
        return "none", {}
    food = (t,) if kind == "restaurant" else ()
    return "added", {"std": (t,), "food": food, "drink": (t,)}


def _ca_tax(rng: Rng, kind: str) -> TaxPlan:
    """GST + PST (BC), HST (ON, NS), GST only (AB); basic groceries zero-rated."""
    prov = rng.choice(["ON", "BC", "AB", "NS"])
    if prov in ("ON", "NS"):
        taxes: tuple[Tax, ...] = (Tax("HST", D("13" if prov == "ON" else "15")),)
    elif prov == "BC":
        taxes = (Tax("GST", D(5)), Tax("PST", D(7)))
    else:
        taxes = (Tax("GST", D(5)),)
    if kind == "fuel":
        return "included", {"std": taxes[:1], "food": ()}
    food = taxes[:1] if kind == "restaurant" else ()
    return "added", {"std": taxes, "food": food, "drink": taxes}


def _au_tax(rng: Rng, kind: str) -> TaxPlan:
    g = Tax("GST", D(10))
    return "included", {"std": (g,), "food": (g,) if kind == "restaurant" else (), "drink": (g,)}


def _sg_tax(rng: Rng, kind: str) -> TaxPlan:
    g = Tax("GST", D(9) if rng.random() < 0.7 else D(8))
    return ("added" if kind == "restaurant" else "included"), {"std": (g,), "food": (g,), "drink": (g,)}


def _my_tax(rng: Rng, kind: str) -> TaxPlan:
    if kind == "restaurant":
        s = Tax(rng.choice(["SST", "Service Tax", "SST"]), D(6) if rng.random() < 0.5 else D(8))
        return "added", {"std": (s,), "food": (s,), "drink": (s,)}
    s = Tax("SST", D(10))
    return "included", {"std": (s,), "food": (), "drink": ()}


def _in_tax(rng: Rng, kind: str) -> TaxPlan:
    """GST split in halves between the centre and the state; restaurants 5 % added, shops by slab, included."""

    def split(p: str) -> tuple[Tax, ...]:
        half = D(p) / 2
        return (Tax("CGST", half), Tax("SGST", half))

    if kind == "restaurant":
        return "added", {"std": split("5"), "food": split("5"), "drink": split("5")}
    return "included", {"std": split(rng.choice(["18", "12"])), "food": split("5"), "drink": split("12")}


US = Locale(
    "us",
    "US",
    "en",
    "USD",
    ("$", "USD"),
    True,
    (Num(".", ","), Num(".", "")),
    "US",
    _us_tax,
    (),
    labels(EN, legal=("Inc.", "LLC", "Corp.")),
    id_lines("Store #9999", "ST# 9999 OP# 99 TE# 99", "Store 999", k=(0, 1)),
    phone_fmt("(999) 999-9999", "999-999-9999", "999.999.9999"),
    scale=1.1,
    twelve_hour=True,
    weight_unit="lb",
    fuel_unit="gal",
    tip=True,
)
CA = Locale(
    "ca",
    "CA",
    "en",
    "CAD",
    ("$", "CAD"),
    True,
    (Num(".", ","), Num(".", "")),
    "CA",
    _ca_tax,
    ("rows",),
    labels(EN, legal=("Inc.", "Ltd.", "Ltée")),
    id_lines("GST/HST # 999999999 RT0001", "GST# 999999999", "BN 999999999RT0001", k=(1, 1)),
    phone_fmt("(999) 999-9999", "999-999-9999"),
    scale=1.5,
    tip=True,
    extra={"tld": "ca"},
)
UK = Locale(
    "uk",
    "GB",
    "en",
    "GBP",
    ("£", "GBP"),
    True,
    (Num(".", ","), Num(".", "")),
    "GB",
    vat("20", "0", "VAT", ("A", "Z"), eat_in="20"),
    ("rows", "table", "single", "none", "rows_total"),
    labels(
        EN,
        incl=("VAT INCLUDED", "Total VAT", "VAT included"),
        net=("Net",),
        gross=("Gross",),
        tax=("VAT",),
        tax_total=("TOTAL VAT", "VAT Total"),
        legal=("Ltd", "PLC", "Limited"),
        change=("CHANGE", "Change", "Change Due"),
    ),
    id_lines("VAT No: GB 999 9999 99", "VAT Reg No. 999 9999 99", "Co. Reg. 09999999", k=(1, 2)),
    phone_fmt("01999 999999", "020 9999 9999", "0999 999 9999"),
    scale=0.85,
    extra={"rate_fmt": "{label} @ {pct}%", "tld": "co.uk"},
)
IE = Locale(
    "ie",
    "IE",
    "en",
    "EUR",
    ("€", "EUR"),
    True,
    (Num(".", ","),),
    "GB",
    vat("23", "13.5", "VAT", ("S", "R")),
    ("rows", "table", "none", "single"),
    labels(
        EN,
        incl=("VAT Included", "Incl. VAT"),
        tax=("VAT",),
        tax_total=("Total VAT",),
        legal=("Ltd", "DAC", "Teoranta"),
    ),
    id_lines("VAT No. IE9999999@", "VAT Reg: IE 9999999@@", k=(1, 1)),
    phone_fmt("(01) 999 9999", "091 999 999", "+353 1 999 9999"),
    extra={"rate_fmt": "{label} {pct}%", "tld": "ie"},
)
AU = Locale(
    "au",
    "AU",
    "en",
    "AUD",
    ("$", "AUD"),
    True,
    (Num(".", ","), Num(".", "")),
    "GB",
    _au_tax,
    ("single", "single", "rows"),
    labels(
        EN,
        incl=("Total includes GST", "GST included in total", "INCL GST"),
        tax=("GST",),
        legal=("Pty Ltd",),
        footer=EN["footer"] + ("# denotes GST free item", "Flybuys points earned: 12"),
    ),
    id_lines("ABN 99 999 999 999", "ABN: 99 999 999 999", k=(1, 1)),
    phone_fmt("(02) 9999 9999", "03 9999 9999", "1300 999 999"),
    scale=1.6,
    tip=False,
    extra={"tld": "com.au"},
)
MY = Locale(
    "my",
    "MY",
    "ms",
    "MYR",
    ("RM", "MYR"),
    True,
    (Num(".", ","),),
    "GB",
    _my_tax,
    ("single", "none"),
    labels(
        EN,
        thanks=("TERIMA KASIH", "Terima Kasih, Sila Datang Lagi", "THANK YOU, PLEASE COME AGAIN"),
        legal=("Sdn Bhd", "Enterprise", "Trading"),
        incl=("Total incl. SST",),
        cash=("TUNAI", "CASH"),
        change=("BAKI", "CHANGE"),
        footer=("Goods sold are not returnable", "Barang yang dibeli|tidak boleh dipulangkan"),
    ),
    id_lines(
        "(Co. Reg. No. 999999-@)", "SST Reg No: W10-9999-99999999", "Company No. 201901099999", k=(1, 2)
    ),
    phone_fmt("03-9999 9999", "07-999 9999", "012-999 9999"),
    scale=4.8,
    notes=(10, 20, 50, 100),
    extra={"tld": "com.my"},
)
SG = Locale(
    "sg",
    "SG",
    "en",
    "SGD",
    ("S$", "SGD", "$"),
    True,
    (Num(".", ","),),
    "GB",
    _sg_tax,
    ("single", "rows"),
    labels(
        EN,
        incl=("GST Inclusive", "Incl. GST", "Prices include GST"),
        tax=("GST",),
        legal=("Pte Ltd", "Pte. Ltd."),
    ),
    id_lines("GST Reg No: M9-9999999-@", "UEN: 2019999999@", "GST Reg. No. 2009999999@", k=(1, 2)),
    phone_fmt("6999 9999", "+65 6999 9999"),
    scale=1.5,
    extra={"tld": "sg"},
)
IN = Locale(
    "in",
    "IN",
    "hi",
    "INR",
    ("₹", "Rs.", "INR"),
    True,
    (Num(".", ",", lakh=True), Num(".", "")),
    "GB",
    _in_tax,
    ("rows", "rows_total"),
    labels(
        EN,
        tax=("GST",),
        tax_total=("Total GST", "Total Tax"),
        total=("Net Amount", "TOTAL", "Grand Total", "Bill Amount"),
        thanks=("Thank You! Visit Again", "THANK YOU VISIT AGAIN", "Have a nice day"),
        legal=("Pvt Ltd", "Pvt. Ltd."),
        receipt=("Bill No:", "Bill No.", "Invoice No:"),
        cash=("Cash", "CASH"),
        card=("Card", "UPI", "Paytm"),
        footer=("Goods once sold will not|be taken back", "E & O.E.", "Subject to local jurisdiction"),
    ),
    id_lines("GSTIN: 99@@@@@9999@9Z9", "GSTIN 99@@@@@9999@1Z9", "FSSAI Lic No. 99999999999999", k=(1, 2)),
    phone_fmt("+91 99999 99999", "080-9999 9999", "022 9999 9999"),
    scale=80,
    whole=True,
    round_off=True,
    notes=(100, 200, 500, 2000),
    extra={"rate_fmt": "{label} @{pct}%", "tld": "in"},
)
