"""US house styles: a Stripe-like SaaS invoice and a QuickBooks-like small-business one."""

from __future__ import annotations

from datetime import timedelta

from reportlab.lib.pagesizes import LETTER

from samples.house.doc import D, Doc, Rng, Row, q2
from samples.house.fonts import available_family
from samples.house.invent import en_ids, fill, person
from samples.house.notation import Fmt, dfmt
from samples.house.planning import base, columns, due_after, finalize, items, num_invoice, resolve


def us_saas(rng: Rng, k: int) -> Doc:
    """Stripe-like: "Invoice number / Date of issue / Date due", big "$X USD due <date>", period under each line."""
    fmt = Fmt(",", ".", "$", before=True, space=False)
    doc = base(
        rng,
        k,
        "us_saas",
        "us",
        "USD",
        fmt,
        ["us_long", "us_short"],
        header="saas",
        page_size=LETTER,
        family=available_family(rng.sample(["liberation", "dejavu", "helvetica"], 3), "$–·"),
    )
    doc.layout.update(header_fill=None, zebra=False, always_page=True, total_box=False)
    doc.seller.contact = en_ids(rng, doc, "Tel.")[:1]
    doc.buyer.address = [a for a in doc.buyer.address if not a.startswith("Attn")]
    doc.buyer.contact = [
        f"{person(rng, 'en').split()[0].lower()}@{doc.buyer.name.split()[0].lower()}.example"
    ]
    doc.title = "Invoice"
    doc.number = num_invoice(rng, doc, ["{hex8}-{n4}", "{hex8}-{n4}", "INV-{y}-{n5}", "{hex8}"])
    due_after(rng, doc, [0, 7, 14, 15, 30])
    L = resolve(
        rng,
        {
            "number": "Invoice number",
            "date": ["Date of issue", "Issue date"],
            "due": ["Date due", "Due date"],
            "bill_to": "Bill to",
            "ship_to": "Ship to",
            "desc": "Description",
            "qty": "Qty",
            "price": "Unit price",
            "amount": "Amount",
            "rate": "Tax",
            "pos": "#",
            "sku": "SKU",
            "unit": "Unit",
        },
    )
    doc.L = L
    doc.meta = [(L["number"], doc.number), (L["date"], doc.date(doc.issued)), (L["due"], doc.date(doc.due))]
    plans = [
        ("Starter plan", 9, 29),
        ("Team plan", 12, 49),
        ("Business plan", 39, 199),
        ("Additional seat", 8, 25),
        ("Extra storage (100 GB)", 2, 20),
        ("Priority support add-on", 49, 299),
        ("Onboarding package", 250, 1500),
    ]
    n = rng.choice([1, 1, 2, 2, 3, 4, 6])
    start = doc.issued
    end = start + timedelta(days=30 if rng.random() < 0.8 else 365)
    period = f"{dfmt('us_short')(start)} – {dfmt('us_short')(end)}"
    for name, lo, hi in rng.sample(plans, min(n, len(plans))):
        qty = D(rng.choice([1, 1, 1, 3, 5, 10, 25]))
        parts = [name] if rng.random() < 0.3 else [name, period]
        doc.rows.append(Row(parts, qty, "", D(str(rng.randint(lo, hi))) + D("0.00"), 2, D(0)))
    if rng.random() < 0.4:
        rate = D(rng.choice(["0.0004", "0.0020", "0.0150"]))
        doc.rows.append(
            Row(
                ["API requests (metered usage)", period],
                D(rng.choice([12500, 48000, 250000])),
                "",
                rate,
                4,
                D(0),
            )
        )
    columns(rng, doc, L, pos=0, sku=0, unit=0, rate=0)
    tax = None
    if rng.random() < 0.5:
        r = D(rng.choice(["6.25", "7.25", "8.875", "6", "9.5"]))
        tax = [
            (
                rng.choice(
                    [
                        f"Sales tax ({fmt.rate(r)})",
                        f"Tax ({fmt.rate(r)} on {fmt.money(sum(x.amount for x in doc.rows))})",
                    ]
                ),
                q2(sum(x.amount for x in doc.rows) * r / 100),
            )
        ]
    finalize(doc, tax, sub_label="Subtotal", total_label="Total", due_label="Amount due")
    doc.headline = f"{fmt.money(doc.total)} USD due {doc.date(doc.due)}"
    doc.headline_sub = rng.choice(["Pay online", "", "Questions? Contact us at the address above."])
    doc.footer_line = f"{doc.number} · {fmt.money(doc.total)} due {doc.date(doc.due)}"
    doc.notes = rng.choice([[], ["Thank you for your business!"], ["Payment is processed by card on file."]])
    return doc


def us_smallbiz(rng: Rng, k: int) -> Doc:
    """QuickBooks-like: company block top left, INVOICE in colour, BILL TO / SHIP TO, TERMS Net 30, BALANCE DUE."""
    fmt = Fmt(",", ".", "$", before=True, space=False)
    doc = base(
        rng,
        k,
        "us_smallbiz",
        "us",
        "USD",
        fmt,
        ["us", "us", "us_long"],
        header="classic",
        page_size=LETTER,
        family=available_family(rng.sample(["liberation", "helvetica", "dejavu"], 3), "$"),
    )
    doc.layout.update(meta_boxes=rng.random() < 0.4, round_logo=rng.random() < 0.5)
    doc.seller.contact = en_ids(rng, doc, "Phone")
    if rng.random() < 0.3:
        doc.seller.ids = [fill(rng, "EIN {d}{d}-{d}{d}{d}{d}{d}{d}{d}")]
    doc.title = rng.choice(["INVOICE", "Invoice"])
    doc.number = num_invoice(rng, doc, ["{n}", "{n}", "{n4}", "INV-{n4}", "{y}-{n3}"])
    terms = rng.choice([("Net 30", 30), ("Net 15", 15), ("Net 60", 60), ("Due on receipt", 0)])
    doc.due = doc.issued + timedelta(days=terms[1])
    L = resolve(
        rng,
        {
            "number": ["INVOICE #", "INVOICE NO."],
            "date": "DATE",
            "due": "DUE DATE",
            "terms": "TERMS",
            "bill_to": ["BILL TO", "Bill To", "INVOICE TO"],
            "ship_to": ["SHIP TO", "Ship To"],
            "desc": ["ACTIVITY", "DESCRIPTION", "SERVICE"],
            "qty": "QTY",
            "price": ["RATE", "PRICE"],
            "amount": "AMOUNT",
            "sku": ["ITEM", "PRODUCT"],
            "svc": "DATE",
            "unit": "UNIT",
            "rate": "TAX",
            "pos": "#",
            "balance": ["BALANCE DUE", "Balance Due", "AMOUNT DUE"],
            "subtotal": ["SUBTOTAL", "Subtotal"],
            "tax": ["TAX", "SALES TAX"],
            "total": ["TOTAL", "Total"],
        },
    )
    doc.L = L
    doc.meta = [
        (L["number"], doc.number),
        (L["date"], doc.date(doc.issued)),
        (L["due"], doc.date(doc.due)),
        (L["terms"], terms[0]),
    ]
    if rng.random() < 0.3:
        doc.meta.append(("P.O. #", fill(rng, "{d}{d}{d}{d}{d}")))
    items(rng, doc, [D(0)], 0)
    columns(rng, doc, L, pos=0, sku=0.25, unit=0.1, rate=0, extra=["svc"] if rng.random() < 0.3 else [])
    for r in doc.rows:
        r.cells["svc"] = doc.date(doc.issued - timedelta(days=rng.randrange(20)))
    sub = sum(r.amount for r in doc.rows)
    tax = None
    if rng.random() < 0.65:
        rate = D(rng.choice(["4", "5.3", "6.25", "7", "8.25", "8.875"]))
        tax = [(f"{L['tax']} ({fmt.rate(rate)})" if rng.random() < 0.6 else L["tax"], q2(sub * rate / 100))]
    finalize(doc, tax, sub_label=L["subtotal"], total_label=L["total"], due_label=L["balance"])
    doc.notes = [
        rng.choice(
            ["Thank you for your business!", "Thanks for choosing us!", "We appreciate your business."]
        )
    ]
    if rng.random() < 0.5:
        doc.notes.append(f"Please make checks payable to {doc.seller.name}.")
    if doc.brand:
        doc.seller_pos = "left"
    doc.page_label = "Page {i} of {n}"
    return doc
