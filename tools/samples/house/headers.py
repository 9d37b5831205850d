"""The page headers a style chooses from (`Doc.header`): each draws title, parties and meta, and returns the y (mm
from the top) where the table starts.

saas: Stripe-like; classic: QuickBooks-like; din: German DIN 5008 letter; twocol: seller and meta side by side;
banner: a coloured band; taxinv: the boxed grid of Indian / Australian / Polish tax invoices.
"""

from __future__ import annotations

from reportlab.lib.colors import white
from reportlab.lib.units import mm

from samples.house.painter import GREY, LIGHT, Painter, party_lines


def header_saas(pt: Painter) -> float:
    d, m = pt.doc, pt.doc.margin
    pt.t(m, 24, d.title, size=18, bold=True)
    if d.brand:
        pt.t(pt.W - m, 24, d.brand, size=15, bold=True, align="right", color=pt.accent)
    y = pt.pairs(m, 36, d.meta, gap=34)
    y += 6
    cols = [(pt.block, party_lines(d.seller, ids=True), "")]
    if d.buyer:
        cols.append((pt.block, party_lines(d.buyer, contact=True), d.L["bill_to"]))
    if d.ship_to:
        cols.append((pt.block, party_lines(d.ship_to, ids=False, contact=False), d.L["ship_to"]))
    ends = [pt.block(m + i * 62, y, lines, caption=cap) for i, (_f, lines, cap) in enumerate(cols)]
    y = max(ends) + 6
    if d.headline:
        pt.t(m, y, d.headline, size=14, bold=True)
        y += 6
        if d.headline_sub:
            pt.t(m, y, d.headline_sub, size=8.5, color=pt.accent)
            y += 5
    return y + 4


def header_classic(pt: Painter) -> float:
    d, m = pt.doc, pt.doc.margin
    x_title = pt.W - m
    if d.brand:
        pt.sheet.logo(
            m, 14, d.brand_initials, color=d.accent, round_=d.layout.get("round_logo", False), size=13
        )
        xs = m + 17
    else:
        xs = m
    y = pt.block(xs, 18, party_lines(d.seller), size=8.5) if d.seller_pos != "footer" else 30
    pt.t(
        x_title,
        22,
        d.title,
        size=pt.fit(d.title, 22, (pt.W - 2 * m) * 0.45),
        bold=True,
        align="right",
        color=pt.accent,
    )
    y = max(y, 42) + 4
    ends = []
    if d.buyer:
        ends.append(pt.block(m, y, party_lines(d.buyer, ids=False, contact=False), caption=d.L["bill_to"]))
    if d.ship_to:
        ends.append(
            pt.block(m + 55, y, party_lines(d.ship_to, ids=False, contact=False), caption=d.L["ship_to"])
        )
    if d.layout.get("meta_boxes"):
        yb = max(ends or [y]) + 4
        n = len(d.meta)
        w = (pt.W - 2 * m) / n
        for i, (label, value) in enumerate(d.meta):
            pt.sheet.box(m + i * w, yb, w, 11, fill=LIGHT if i % 2 == 0 else None)
            pt.t(m + i * w + w / 2, yb + 4, label, size=7, bold=True, align="center")
            pt.t(m + i * w + w / 2, yb + 9, value, size=8.5, align="center")
        return yb + 18
    ends.append(pt.pairs(pt.W - m - 62, y, d.meta, right=pt.W - m, bold_labels=True))
    return max(ends) + 8


def header_din(pt: Painter) -> float:
    """German DIN 5008 letter: letterhead, a tiny sender line over the address window, an info block beside it."""
    d, m = pt.doc, pt.doc.margin
    window_right = d.layout.get("window_right", False)
    wx = 118 if window_right else 22
    ix = 22 if window_right else 125
    if d.brand:
        pt.t(
            pt.W - m if not window_right else m,
            20,
            d.brand,
            size=16,
            bold=True,
            color=pt.accent,
            align="right" if not window_right else "left",
        )
        ty = 26
    else:
        ty = 20
    if d.seller_pos != "footer":
        lines = party_lines(d.seller, ids=False)
        x = pt.W - m if not window_right else m
        pt.block(x, ty, lines, size=8, align="right" if not window_right else "left")
    if d.sender_line:
        pt.t(wx, 50, d.sender_line, size=6.5)
        pt.sheet.rule(wx, wx + min(85, pt.width(d.sender_line, 6.5)), 51, width=0.3)
    if d.buyer:
        pt.block(wx, 57, party_lines(d.buyer, ids=False, contact=False), size=9.5, bold_first=False)
    pt.pairs(ix, 57, d.meta, size=8, gap=30)
    y = 103
    pt.t(m, y, d.subject, size=11, bold=True)
    y += 8
    for s in d.intro:
        pt.t(m, y, s, size=9)
        y += 5
    return y + 3


def header_twocol(pt: Painter) -> float:
    d, m = pt.doc, pt.doc.margin
    seller_right = d.seller_pos == "right"
    y0 = 18
    if d.brand:
        bx = pt.W - m if seller_right else m
        if d.layout.get("logo"):
            lx = pt.W - m - 13 if seller_right else m
            pt.sheet.logo(lx, y0 - 5, d.brand_initials, color=d.accent, size=12)
            y0 += 12
        else:
            pt.t(
                bx,
                y0,
                d.brand,
                size=15,
                bold=True,
                color=pt.accent,
                align="right" if seller_right else "left",
            )
            y0 += 7
    ys = y0
    if d.seller_pos in ("left", "right"):
        ys = pt.block(
            pt.W - m if seller_right else m,
            y0,
            party_lines(d.seller),
            size=8.3,
            align="right" if seller_right else "left",
            caption=d.L.get("seller_caption", ""),
        )
    tx = m if seller_right else pt.W - m
    align = "left" if seller_right else "right"
    pt.t(
        tx,
        22,
        d.title,
        size=pt.fit(d.title, 20, (pt.W - 2 * m) * 0.45),
        bold=True,
        align=align,
        color=pt.accent,
    )
    if seller_right:
        ym = pt.pairs(m, 32, d.meta, gap=34)
    else:
        ym = pt.pairs(pt.W - m - 70, 32, d.meta, right=pt.W - m)
    y = max(ys, ym) + 8
    ends = [y]
    if d.buyer:
        ends.append(pt.block(m, y, party_lines(d.buyer), caption=d.L["bill_to"]))
    if d.ship_to:
        ends.append(
            pt.block(m + 80, y, party_lines(d.ship_to, ids=False, contact=False), caption=d.L["ship_to"])
        )
    return max(ends) + 6


def header_banner(pt: Painter) -> float:
    d, m = pt.doc, pt.doc.margin
    pt.sheet.box(0, 0, pt.W, 30, fill=pt.accent, stroke=False)
    name = d.brand or d.seller.name
    pt.t(m, 16, name, size=16, bold=True, color=white)
    if d.brand:
        pt.t(m, 23, d.seller.name, size=8, color=white)
    avail = pt.W - 2 * m - pt.width(name, 16, True) - 10
    pt.t(pt.W - m, 19, d.title, size=pt.fit(d.title, 18, avail), bold=True, align="right", color=white)
    y = 40
    ends = []
    if d.seller_pos != "footer":
        # the name stands in the band; the block below it is the rest of the letterhead
        ends.append(
            pt.block(
                m,
                y,
                party_lines(d.seller)[1:],
                size=8,
                bold_first=False,
                caption=d.L.get("seller_caption", ""),
            )
        )
    ends.append(pt.pairs(pt.W - m - 72, y, d.meta, right=pt.W - m))
    y = max(ends) + 6
    ends = [y]
    if d.buyer:
        ends.append(pt.block(m, y, party_lines(d.buyer), caption=d.L["bill_to"]))
    if d.ship_to:
        ends.append(
            pt.block(m + 80, y, party_lines(d.ship_to, ids=False, contact=False), caption=d.L["ship_to"])
        )
    return max(ends) + 6


def header_taxinv(pt: Painter) -> float:
    """A boxed 'TAX INVOICE' sheet (Indian / Australian / Polish practice): seller and meta in a grid of cells."""
    d, m = pt.doc, pt.doc.margin
    pt.t(pt.W / 2, 16, d.title, size=14, bold=True, align="center")
    if d.copy_mark:
        pt.t(pt.W - m, 16, d.copy_mark, size=7, align="right", color=GREY)
    w = pt.W - 2 * m
    half = w * 0.55
    y = 20
    seller = party_lines(d.seller)
    meta_h = len(d.meta) * 4.2 + 4
    h1 = max(len(seller) * 4 + 6 + (4 if d.L.get("seller_caption") else 0), meta_h)
    pt.sheet.box(m, y, w, h1)
    pt.sheet.c.line((m + half) * mm, (pt.H - y) * mm, (m + half) * mm, (pt.H - y - h1) * mm)
    pt.block(m + 2, y + 4.5, seller, size=8, lead=4, caption=d.L.get("seller_caption", ""))
    pt.pairs(m + half + 2, y + 4.5, d.meta, size=7.8, gap=33)
    y += h1
    parties = [(d.L["bill_to"], d.buyer), (d.L["ship_to"], d.ship_to)]
    parties = [(cap, p) for cap, p in parties if p]
    if parties:
        h2 = max(len(party_lines(p)) for _c, p in parties) * 4 + 8
        pt.sheet.box(m, y, w, h2)
        for i, (cap, p) in enumerate(parties):
            x = m + 2 + i * half
            if i:
                pt.sheet.c.line((m + half) * mm, (pt.H - y) * mm, (m + half) * mm, (pt.H - y - h2) * mm)
            pt.block(x, y + 4.5, party_lines(p), size=8, lead=4, caption=cap)
        y += h2
    return y + 5


HEADERS = {
    "saas": header_saas,
    "classic": header_classic,
    "din": header_din,
    "twocol": header_twocol,
    "banner": header_banner,
    "taxinv": header_taxinv,
}
