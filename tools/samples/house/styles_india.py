"""The Indian GST tax invoice: GSTIN, HSN/SAC, CGST + SGST or IGST, lakh grouping and the amount in words.

Its own module because it brings its own machinery (state codes, GSTIN check characters, Indian number words).
"""

from __future__ import annotations

import string
import textwrap

from stdnum.in_ import gstin as in_gstin

from samples.house.doc import Col, D, Doc, Rng, q2
from samples.house.fonts import available_family
from samples.house.invent import fill
from samples.house.notation import Fmt
from samples.house.planning import (
    WIDTHS,
    base,
    columns,
    due_after,
    finalize,
    items,
    num_invoice,
    resolve,
    taxes,
)

IN_STATES = {
    "Pune": ("Maharashtra", "27"),
    "Bengaluru": ("Karnataka", "29"),
    "Gurugram": ("Haryana", "06"),
    "Chennai": ("Tamil Nadu", "33"),
}
ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words_en(n: int, indian: bool = True) -> str:
    """English number words, in lakh and crore as Indian invoices print the amount in words."""

    def small(n: int) -> str:
        if n < 20:
            return ONES[n]
        if n < 100:
            return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
        return ONES[n // 100] + " hundred" + (" " + small(n % 100) if n % 100 else "")

    if n == 0:
        return "zero"
    parts = []
    for size, name in ((10**7, "crore"), (10**5, "lakh"), (1000, "thousand")):
        if n >= size:
            parts.append(f"{words_en(n // size) if n // size >= 100 else small(n // size)} {name}")
            n %= size
    if n:
        parts.append(small(n))
    return " ".join(parts)


def gstin(rng: Rng, state: str) -> str:
    """A GSTIN of `state` (its two-digit code first) with a valid check character."""
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
    stem = (
        state + letters[:3] + rng.choice("CF") + letters[3] + fill(rng, "{d}{d}{d}{d}")
    )  # PAN: 4th C/F = firm
    stem += rng.choice(string.ascii_uppercase) + rng.choice("123") + "Z"
    for c in string.digits + string.ascii_uppercase:
        if in_gstin.is_valid(stem + c):
            return stem + c
    raise RuntimeError(stem)


def india(rng: Rng, k: int) -> Doc:
    """Indian GST tax invoice (Tally-like grid): GSTIN, HSN/SAC, CGST+SGST or IGST, lakh grouping, amount in words."""
    lakh = rng.random() < 0.6
    sym = rng.choice(["₹", "Rs.", "", "INR"])
    fmt = Fmt(",", ".", sym, before=True, space=sym != "₹", lakh=lakh)
    doc = base(
        rng,
        k,
        "in",
        "in",
        "INR",
        fmt,
        ["tally", "dmy_slash", "dmy_dash", "in_mon"],
        header=rng.choice(["taxinv", "taxinv", "twocol"]),
        family=available_family(rng.sample(["dejavu", "dejavu-cond"], 2) + ["liberation"], "₹"),
    )
    city = doc.seller.address[-1].split(",")[0]
    st_name, st = IN_STATES[city]
    bcity = doc.buyer.address[-1].split(",")[0]
    b_name, b_st = IN_STATES[bcity]
    doc.seller.ids = [f"GSTIN/UIN: {gstin(rng, st)}", f"State Name: {st_name}, Code: {st}"]
    doc.seller.contact = [f"E-Mail: accounts@{doc.seller.name.split()[0].lower()}.example"]
    doc.buyer.ids = [f"GSTIN/UIN: {gstin(rng, b_st)}", f"State Name: {b_name}, Code: {b_st}"]
    if doc.ship_to:
        doc.ship_to.address = list(doc.buyer.address)
    doc.title = rng.choice(["Tax Invoice", "TAX INVOICE", "GST INVOICE"])
    doc.copy_mark = rng.choice(["(ORIGINAL FOR RECIPIENT)", "Original for Recipient", ""])
    doc.number = num_invoice(rng, doc, ["GST/{fy}/{n3}", "INV/{fy}/{n4}", "{n3}/{fyl}", "{n3}"])
    days = due_after(rng, doc, [15, 30, 45], none_p=0.5)
    L = resolve(
        rng,
        {
            "number": ["Invoice No.", "Invoice No"],
            "date": ["Dated", "Invoice Date", "Date"],
            "due": ["Due Date", "Payment Due Date"],
            "seller_caption": "",
            "bill_to": ["Buyer (Bill to)", "Details of Receiver (Billed to)", "Bill To"],
            "ship_to": ["Consignee (Ship to)", "Details of Consignee (Shipped to)", "Ship To"],
            "pos": ["Sl No.", "S.No.", "Sr."],
            "desc": ["Description of Goods", "Particulars", "Description of Goods/Services"],
            "hsn": ["HSN/SAC", "HSN Code"],
            "qty": ["Quantity", "Qty"],
            "price": ["Rate", "Rate (Rs.)"],
            "per": "per",
            "rate": ["GST Rate", "GST %"],
            "amount": ["Amount", "Taxable Value"],
            "sku": "Code",
            "unit": "Unit",
            "sub": ["Taxable Value", "Sub Total", "Total Taxable Amount"],
            "total": ["Grand Total", "Total Invoice Value", "Total", "Invoice Total"],
            "tax_table_caption": ["Tax Summary", "GST Summary"],
        },
    )
    doc.L = L
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued))]
    if doc.due:
        doc.meta.append((L["due"], doc.date(doc.due)))
    doc.meta += [
        ("Mode/Terms of Payment", f"{days} Days" if doc.due else rng.choice(["Immediate", "Advance"])),
        ("Buyer's Order No.", fill(rng, "PO/{d}{d}{d}{d}")),
        ("Place of Supply", f"{b_name} ({b_st})"),
    ]
    if rng.random() < 0.4:
        doc.meta.insert(2, ("Delivery Note", fill(rng, "DN-{d}{d}{d}")))
    items(rng, doc, [D(18), D(12), D(5), D(28)], 0.3)
    for r in doc.rows:
        r.sku = rng.choice(["4802", "8443", "998313", "9983", "8471", "4820", "998719", "8528"])
        r.unit_price = q2(r.unit_price * 80)
        r.price_places = 2
    columns(rng, doc, L, pos=0.9, sku=0, unit=0, rate=0.4, extra=["hsn"])
    if rng.random() < 0.5:  # Tally prints the unit in a "per" column after the rate
        i = next(i for i, c in enumerate(doc.columns) if c.key == "price")
        doc.columns.insert(i + 1, Col("per", L["per"], WIDTHS["per"], "left"))
    intra = st == b_st or rng.random() < 0.3
    lines, table = (
        [],
        [["GST Rate", "Taxable Value", "CGST", "SGST"] if intra else ["GST Rate", "Taxable Value", "IGST"]],
    )
    for r, b in taxes(doc).items():
        if intra:
            half = q2(b * r / 200)
            lines += [(f"CGST @ {fmt.rate(r / 2)}", half), (f"SGST @ {fmt.rate(r / 2)}", half)]
            table.append([fmt.rate(r), fmt.amount(b), fmt.amount(half), fmt.amount(half)])
        else:
            lines.append((f"IGST @ {fmt.rate(r)}", q2(b * r / 100)))
            table.append([fmt.rate(r), fmt.amount(b), fmt.amount(q2(b * r / 100))])
    finalize(
        doc,
        lines,
        sub_label=L["sub"],
        total_label=L["total"],
        show_tax_total=rng.choice(["", "Total Tax Amount", "Total GST"]),
        money_totals=rng.random() < 0.5,
    )
    doc.tax_table = table if rng.random() < 0.5 else None
    rupees, paise = divmod(int(doc.total * 100), 100)
    text = (
        "Indian Rupees "
        + words_en(rupees).title()
        + (f" and {words_en(paise).title()} Paise" if paise else "")
    )
    full = rng.choice(["Amount Chargeable (in words): ", "Amount in Words: "]) + text + " Only"
    doc.words = textwrap.wrap(full, 95)
    doc.bank = [
        "Company's Bank Details",
        "Bank Name: Sahyadri Co-operative Bank",
        fill(rng, "A/c No.: 5020{d}{d}{d}{d}{d}{d}{d}{d}{d}{d}"),
        fill(rng, "Branch & IFS Code: Main Branch & SAHY000{d}{d}{d}{d}"),
    ]
    doc.notes = [
        "Declaration: We declare that this invoice shows the actual price of the goods",
        "described and that all particulars are true and correct.",
    ]
    doc.signature = (f"for {doc.seller.name}", "Authorised Signatory")
    doc.footer_line = rng.choice(
        ["This is a Computer Generated Invoice", f"SUBJECT TO {city.upper()} JURISDICTION"]
    )
    doc.layout.update(grid=rng.random() < 0.6)
    return doc
