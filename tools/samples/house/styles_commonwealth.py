"""UK, Australian and Canadian house styles: VAT / GST / HST invoices in English with their registration numbers."""

from __future__ import annotations

from datetime import timedelta

from reportlab.lib.pagesizes import LETTER
from stdnum import luhn
from stdnum.au import abn as au_abn

from samples.house.doc import D, Doc, Rng, q2
from samples.house.fonts import available_family
from samples.house.invent import bic, en_ids, fill, iban, valid_id
from samples.house.notation import Fmt
from samples.house.planning import (
    base,
    columns,
    due_after,
    finalize,
    footer_from,
    items,
    num_invoice,
    resolve,
    taxes,
)
from samples.house.words import EN_COLS


def gb_vat(rng: Rng) -> str:
    """A UK VAT number with valid check digits, spaced as printed (GB 123 4567 89)."""
    from stdnum.gb import vat

    raw = valid_id(rng, "GB#########", vat.is_valid)
    return f"GB {raw[2:5]} {raw[5:9]} {raw[9:]}"


def uk(rng: Rng, k: int) -> Doc:
    """UK VAT invoice: VAT Registration No., tax point, VAT @ 20% (and zero-rated lines), sort code and account."""
    fmt = Fmt(",", ".", "£", before=True, space=False)
    doc = base(
        rng,
        k,
        "uk",
        "uk",
        "GBP",
        fmt,
        ["uk_long", "dmy_slash", "uk_short"],
        header=rng.choice(["twocol", "twocol", "banner", "classic"]),
        family=available_family(
            rng.sample(["liberation", "dejavu", "helvetica", "liberation-serif"], 4), "£"
        ),
    )
    doc.seller_pos = rng.choice(["left", "right", "footer", "left"])
    vat_no = gb_vat(rng)
    doc.seller.ids = [rng.choice(["VAT Registration No.", "VAT Reg No:", "VAT No."]) + " " + vat_no]
    doc.seller.contact = [fill(rng, "Tel: 01{d}{d}{d} {d}{d}{d}{d}{d}{d}")]
    doc.title = rng.choice(["INVOICE", "Invoice", "VAT Invoice", "TAX INVOICE"])
    doc.number = num_invoice(rng, doc, ["INV-{n5}", "SI-{n5}", "{y}/{n4}", "{n}", "INV{yy}{n4}"])
    days = due_after(rng, doc, [14, 30, 30, 28], none_p=0.1)
    L = resolve(
        rng,
        {
            "number": ["Invoice No.", "Invoice number", "Invoice #"],
            "date": ["Invoice date", "Date"],
            "tax_point": ["Tax point", "Tax date", "Supply date"],
            "due": ["Due date", "Payment due"],
            "acct": ["Account ref.", "Customer ref.", "Your ref."],
            "bill_to": ["Invoice to", "Bill to", "Customer", "To"],
            "ship_to": ["Deliver to", "Delivery address"],
            **EN_COLS,
            "rate": ["VAT %", "VAT rate", "VAT"],
            "sub": ["Subtotal", "Net total", "Total net", "Goods"],
            "vat": ["VAT @ {r}", "VAT ({r})"],
            "total": ["Total", "Invoice total", "Total (GBP)", "TOTAL"],
            "due_amt": ["", "Amount due", "Balance due"],
        },
    )
    doc.L = L
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued))]
    if rng.random() < 0.6:
        doc.meta.append((L["tax_point"], doc.date(doc.issued - timedelta(days=rng.randrange(0, 10)))))
    if doc.due:
        doc.meta.append((L["due"], doc.date(doc.due)))
    if rng.random() < 0.5:
        doc.meta.append((L["acct"], fill(rng, "{L}{L}{L}{d}{d}{d}")))
    items(rng, doc, [D(20), D(0), D(5)], 0.3)
    columns(rng, doc, L, rate=0.4)
    lines = [(L["vat"].format(r=fmt.rate(r)), q2(b * r / 100)) for r, b in taxes(doc).items()]
    finalize(doc, lines, sub_label=L["sub"], total_label=L["total"], due_label=L["due_amt"])
    bank = [
        rng.choice(["Bank details", "Payment details", "Please pay by BACS to:"]),
        f"Account name: {doc.seller.name}",
        fill(rng, "Sort code: {d}{d}-{d}{d}-{d}{d}   Account no.: {d}{d}{d}{d}{d}{d}{d}{d}"),
    ]
    if rng.random() < 0.4:
        bank.append(f"IBAN: {iban(rng, 'GB', 18)}   BIC: {bic(rng, 'GB')}")
    doc.bank = bank
    doc.notes = [
        f"Payment terms: {days} days from date of invoice." if doc.due else "Payment due on receipt.",
        rng.choice(["Thank you for your business.", "Many thanks.", ""]),
    ]
    reg = fill(rng, "Registered in England and Wales No. 0{d}{d}{d}{d}{d}{d}{d}")
    footer_from(rng, doc, [[reg, f"VAT No. {vat_no}"]], p=0.5)
    if not doc.footer_cols:
        doc.footer_line = f"{reg} · VAT No. {vat_no}"
    doc.layout.update(carry=False)
    doc.L["continued"] = "Continued overleaf"
    return doc


def abn(rng: Rng) -> str:
    """An Australian Business Number with valid check digits, spaced as printed (12 345 678 901)."""
    raw = valid_id(rng, "###########", au_abn.is_valid)
    return f"{raw[:2]} {raw[2:5]} {raw[5:8]} {raw[8:]}"


def au(rng: Rng, k: int) -> Doc:
    """Australian TAX INVOICE: ABN, GST 10% with GST-free lines, totals "inc. GST", BSB and account."""
    fmt = Fmt(",", ".", "$", before=True, space=False)
    doc = base(
        rng,
        k,
        "au",
        "au",
        "AUD",
        fmt,
        ["dmy_slash", "uk_short", "uk_long"],
        header=rng.choice(["taxinv", "twocol", "banner"]),
        family=available_family(rng.sample(["liberation", "dejavu", "helvetica"], 3), "$"),
    )
    doc.seller_pos = rng.choice(["left", "right", "left"])
    doc.seller.ids = [f"ABN {abn(rng)}" if rng.random() < 0.7 else f"ABN: {abn(rng)}"]
    doc.seller.contact = [fill(rng, "Ph: (0{d}) {d}{d}{d}{d} {d}{d}{d}{d}")]
    if rng.random() < 0.4:
        doc.buyer.ids = [f"ABN {abn(rng)}"]
    doc.title = rng.choice(["TAX INVOICE", "Tax Invoice"])
    doc.number = num_invoice(rng, doc, ["INV-{n4}", "{n5}", "INV{n5}", "TI-{y}-{n3}"])
    due_after(rng, doc, [7, 14, 30])
    L = resolve(
        rng,
        {
            "number": ["Invoice Number", "Invoice No.", "Invoice #"],
            "date": ["Invoice Date", "Date"],
            "due": ["Due Date", "Payment Due"],
            "ref": ["Reference", "Order No."],
            "bill_to": ["Bill To", "Invoice To", "Customer"],
            "ship_to": ["Ship To", "Deliver To"],
            **EN_COLS,
            "rate": ["GST", "GST %", "Tax Rate"],
            "amount": ["Amount AUD", "Amount", "Total"],
            "sub": ["Subtotal", "Subtotal (excl. GST)", "Total excl. GST"],
            "gst": ["GST", "Total GST", "GST 10%"],
            "total": ["Total", "Total (inc. GST)", "TOTAL AUD", "Invoice Total"],
            "due_amt": ["Amount Due", "Balance Due AUD", ""],
        },
    )
    doc.L = L
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued)), (L["due"], doc.date(doc.due))]
    if rng.random() < 0.4:
        doc.meta.append((L["ref"], fill(rng, "PO{d}{d}{d}{d}{d}")))
    items(rng, doc, [D(10), D(0)], 0.3)
    columns(rng, doc, L, rate=0.5)
    for r in doc.rows:
        if r.rate == 0:
            r.cells["rate"] = rng.choice(["GST Free", "0%", "FRE"])
    gst = q2(sum(b * r / 100 for r, b in taxes(doc).items()))
    finalize(doc, [(L["gst"], gst)], sub_label=L["sub"], total_label=L["total"], due_label=L["due_amt"])
    doc.bank = [
        rng.choice(["Payment Details", "How to pay", "EFT Details"]),
        f"Account Name: {doc.seller.name}",
        fill(rng, "BSB: 0{d}{d}-{d}{d}{d}   Account: {d}{d}{d}{d} {d}{d}{d}{d}"),
    ]
    doc.notes = [
        rng.choice(
            [
                "All amounts are in Australian dollars (AUD).",
                "Thank you for your business.",
                "Please use the invoice number as your payment reference.",
            ]
        )
    ]
    if any(r.rate == 0 for r in doc.rows):
        doc.notes.append("Items marked GST Free are not subject to GST.")
    footer_from(rng, doc, [], p=0.2)
    return doc


CA_TAX = {
    "ON": [("HST", "13")],
    "BC": [("GST", "5"), ("PST", "7")],
    "AB": [("GST", "5")],
    "Québec": [("GST/TPS", "5"), ("QST/TVQ", "9.975")],
}


def canada(rng: Rng, k: int) -> Doc:
    """Canadian invoice: GST/HST registration number, provincial tax split (HST / GST+PST / GST+QST), CAD cues."""
    sym = rng.choice(["$", "$", "CA$", "C$"])
    fmt = Fmt(",", ".", sym, before=True, space=False)
    doc = base(
        rng,
        k,
        "ca",
        "ca",
        "CAD",
        fmt,
        ["iso", "us_long", "uk_long"],
        header=rng.choice(["twocol", "classic", "banner"]),
        page_size=LETTER,
        family=available_family(rng.sample(["liberation", "dejavu"], 2), "é$"),
    )
    doc.layout.update(meta_boxes=rng.random() < 0.3)
    doc.seller_pos = rng.choice(["left", "right", "left"])
    prov = next(p for p in CA_TAX if p in doc.seller.address[-1] or f" {p} " in doc.seller.address[-1])
    bn = valid_id(rng, "#########", luhn.is_valid)
    doc.seller.ids = [
        rng.choice(
            [f"GST/HST No. {bn} RT0001", f"GST/HST Registration: {bn}RT0001", f"Business Number: {bn}"]
        )
    ]
    if prov == "Québec":
        doc.seller.ids.append(fill(rng, "QST No. 12{d}{d}{d}{d}{d}{d}{d}{d}TQ0001"))
    doc.seller.contact = en_ids(rng, doc, "Tel")[:1]
    doc.title = rng.choice(["INVOICE", "Invoice", "Invoice / Facture"])
    doc.number = num_invoice(rng, doc, ["INV-{y}-{n4}", "{n}", "{n5}", "CA-{n4}"])
    due_after(rng, doc, [15, 30, 45])
    L = resolve(
        rng,
        {
            "number": ["Invoice #", "Invoice No.", "Invoice Number"],
            "date": ["Date", "Invoice Date"],
            "due": ["Due Date", "Payment Due"],
            "bill_to": ["Bill To", "Sold To", "Customer"],
            "ship_to": ["Ship To", "Deliver To"],
            **EN_COLS,
            "sub": ["Subtotal", "Sub-total"],
            "total": ["Total", "Total (CAD)", "TOTAL CAD"],
            "due_amt": ["", "Amount Due", "Balance Due"],
        },
    )
    doc.L = L
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued)), (L["due"], doc.date(doc.due))]
    items(rng, doc, [D(0)], 0)
    columns(rng, doc, L, rate=0)
    sub = sum(r.amount for r in doc.rows)
    lines = [
        (
            f"{name} {fmt.rate(D(r))}" + (f" ({bn} RT0001)" if name == "GST" and rng.random() < 0.3 else ""),
            q2(sub * D(r) / 100),
        )
        for name, r in CA_TAX[prov]
    ]
    finalize(doc, lines, sub_label=L["sub"], total_label=L["total"], due_label=L["due_amt"])
    doc.notes = [
        rng.choice(
            [
                "All amounts in Canadian dollars (CAD).",
                "Thank you for your business!",
                "Payment by e-Transfer or cheque.",
            ]
        )
    ]
    doc.bank = [
        rng.choice(["Direct deposit", "EFT payment details"]),
        fill(rng, "Institution 0{d}{d}  Transit {d}{d}{d}{d}{d}  Account {d}{d}{d}{d}{d}{d}{d}"),
    ]
    return doc
