"""Seller and buyer: a labelled party block ("Seller", "Verkäufer", "Bill to") or, for the seller, the letterhead.

The letterhead is the top of page 1: the seller name is its most prominent line (a legal form like GmbH, SARL,
Ltd or SDN BHD, a larger font, written in capitals or title case) that is not a document title, a date, a
contact line or a labelled field; the postal address is the lines right under it.
"""

from __future__ import annotations

import re

from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context
from pipeline.extract.footer_seller import FOOTER, footer_contradicts, footer_seller
from pipeline.extract.layout import (
    clean_text,
    evidence_of,
    iter_labels,
    labels_in,
    line_height,
    lines_below,
    right_neighbours,
    span_box,
)
from pipeline.extract.letterhead import (
    LEGAL_NOTE,
    REG_LINE,
    address_after,
    is_address_like,
    is_title,
)
from pipeline.extract.letterhead_name import name_rows
from pipeline.extract.line_items import table_top
from pipeline.extract.line_kinds import (
    ATTENTION,
    CONTACT,
    CONTACT_PERSON,
    COURTESY,
    DOC_TITLES,
    ID_ROW,
    LEGAL_END,
    LEGAL_FORMS,
)
from pipeline.extract.name_cues import (
    TITLE_AFTER,
    contact_below,
    over_attention,
    overlap,
    spelled_out,
    table_headings,
    word_in_firm,
)
from pipeline.extract.name_text import repair_name, strip_lead_label, strip_reg_tail, tidy
from pipeline.extract.parsing import find_dates
from pipeline.extract.party_block import block_address, is_label_only
from pipeline.extract.postcodes import POSTCODE
from pipeline.extract.recipient import window_recipient
from pipeline.extract.seller_repeat import address_by_repeat
from pipeline.extract.sender_line import (
    SenderLine,
    find_sender_line,
    recipient_lines,
    recipient_name,
    sender_address,
    sender_name,
)

_NAME_PREFIX = re.compile(r"^\s*(?:name|firma|company|raison\s+sociale|nom)\s*:\s*", re.I)
_NUMBERISH = re.compile(r"^[\W\d]*(?:\w+\s+)?(?:nummer|number|nr|no|gln|kunden|customer|id|ref)\b", re.I)
_FIELD_LABEL = re.compile(r"^[^:]{1,30}:\s*$")  # "Anschrift:", "Globale Nummer:": a label without its value
_SEPARATORS = re.compile(r"\s+[-–|•●·]\s+")
_REG_LINE = re.compile(
    r"^\W*(?:co\.?\s*reg|company\s+reg|reg\.?\s*no|roc|ssm)|^\(?[A-Z0-9-]*\d[A-Z0-9-]*\)?$", re.I
)
_PAGE = re.compile(r"\b(?:page|seite)\s+\d", re.I)
_MONOGRAM = re.compile(r"^([A-Z])\s+(?=\1)")  # a logo letter set before the name: "B Brightwave Digital"


def _is_noise(line: Line, ctx: Context) -> bool:
    text = clean_text(line).strip()
    core = strip_reg_tail(text)  # "88 SUNRISE MART S/B (123456-K)": the company number is not the name's text
    letters = sum(c.isalpha() for c in core)
    return (
        letters < 2
        or letters < 0.4 * len(core.replace(" ", ""))
        or bool(DOC_TITLES.match(text))
        or bool(CONTACT.search(text))
        or bool(COURTESY.search(text))
        or bool(find_dates(text, ctx.date_order))
        or bool(_PAGE.search(text))
        or bool(_NUMBERISH.match(text))
        or bool(_FIELD_LABEL.match(text))
        or is_label_only(text)
        or bool(ID_ROW.match(text) and (re.search(r"\d", text) or text.rstrip().endswith(":")))
        or bool(CONTACT_PERSON.match(text) or ATTENTION.match(text))
        or table_headings(text)
        or any(m.field not in ("vendor_name",) and not word_in_firm(m, core) for m in labels_in(line))
    )


def _block_lines(page: Page, line: Line, start: int, end: int, limit: int = 5) -> list[Line]:
    """Lines of the block under a party label, staying in the label's column."""
    box = span_box(line, start, end)
    h = line_height(line)
    out = []
    for other in lines_below(page, box, h, max_gap=6.0):
        if other.bbox.x0 > box.x0 + 8 * h:
            continue
        out.append(other)
        if len(out) >= limit:
            break
    return out


def _name_from_block(
    ctx: Context, page: Page, line: Line, start: int, end: int
) -> tuple[Candidate, Line] | None:
    """The party's name under (or after) its label, and the line its address rows are read under."""
    text = clean_text(line)
    rest = text[end:].strip(" :")
    if (
        sum(c.isalpha() for c in rest) >= 2
        and len(rest.split()) <= 8
        and not CONTACT.search(rest)
        and not ID_ROW.match(text[start:])  # "Customer No. 123", "Kunden-Nr.": an id, not a name
        and not re.match(r"(?:no|nr|id|number|nummer|#)\b", rest, re.I)
        and not find_dates(rest, ctx.date_order)
        and not any(m.start >= end and m.field != "customer_name" for m in labels_in(line))
    ):
        s = text.index(rest, end)
        ev = evidence_of([(page.number, line, s, s + len(rest))])
        return Candidate(value=tidy(rest), confidence=0.8, evidence=ev), line
    for other in _block_lines(page, line, start, end):
        otext = clean_text(other)
        m = _NAME_PREFIX.match(otext)
        if m:
            value = otext[m.end() :].strip()
            if value:
                ev = evidence_of([(page.number, other, m.end(), len(otext))])
                return Candidate(value=value, confidence=0.88, evidence=ev), other
            right = right_neighbours(page, other, limit=1)
            if right:  # "Name:" and the name in two columns
                rtext = clean_text(right[0])
                ev = evidence_of([(page.number, right[0], 0, len(rtext))])
                return Candidate(value=rtext.strip(), confidence=0.88, evidence=ev), right[0]  # its column
        if _is_noise(other, ctx):
            continue
        ev = evidence_of([(page.number, other, 0, len(otext))])
        return Candidate(value=tidy(otext), confidence=0.75, evidence=ev), other
    return None


def _label_ok(line: Line, start: int) -> bool:
    """A party label opens its line ("Seller", "Bill to:"), it is not a word inside a sentence."""
    text = clean_text(line)
    return not text[:start].strip(" :") and len(text.split()) <= 6


SINGLE_WORD = 1.5
_BRAND_WORD = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ'&-]{3,}")


def _score(line: Line, rank: int, median_h: float, after_title: bool, after_address: bool) -> float:
    """How much a top-of-page line looks like the trading name (higher is better)."""
    # look-alike digits read as the letters they stand for ("88 5TAR MART 5/8"): a name, not a digit-heavy line
    text = repair_name(strip_reg_tail(clean_text(line).strip()))
    legal = bool(LEGAL_FORMS.search(text))
    ratio = line_height(line) / median_h
    score = 2.0 * legal + min(ratio, 2.5) - 0.15 * rank
    if ratio > 4.0:
        score -= 2.0  # a logo or a stamp read as giant letters
    if text.islower():
        score -= 3.0  # handwriting or notes, not a printed letterhead
    digits = sum(c.isdigit() for c in text)
    if not legal and (re.search(r"\d{3}", text) or digits > 0.3 * len(text.replace(" ", ""))):
        score -= 1.0
    if sum(c.isalpha() for c in text) < 4:
        score -= 2.5  # a logo's initials ("S&P") rather than the name
    elif not legal and len(text.split()) == 1:
        # a logo's stylised word, read as a fragment ("LndM"), rather than the name; less so a word set in
        # capitals as a brand is ("QUICKMART", "FUEL-POINT")
        score -= SINGLE_WORD / 3 if _BRAND_WORD.fullmatch(text) else SINGLE_WORD
    if is_address_like(text) or after_address:
        score -= 2.0  # the name comes before its address
    if after_title:
        score -= 1.5  # on a receipt, lines under the title are the sale, not the seller
    if LEGAL_NOTE.match(text):
        score -= 3.0  # "owned by X Sdn Bhd": the operator, not the trading name
    return score


def _lines_above_postcodes(lines: list[Line]) -> list[Line]:
    """For each line holding a postcode, the line printed right above it in its column (street or district)."""
    out = []
    for ln in lines:
        if not POSTCODE.search(clean_text(ln)):
            continue
        above = [o for o in lines if o.bbox.cy < ln.bbox.cy - 0.5 * line_height(ln) and overlap(o, ln) > 0]
        if above:
            out.append(max(above, key=lambda o: o.bbox.cy))
    return out


def _buyer_lines(ctx: Context) -> list[Line]:
    """The rows under a buyer label ("Rechnungsempfänger", "Bill to"): the buyer's name and address, which a
    letterhead scan must never take for the seller's, however prominent ("Meyer Immobilien GmbH")."""
    out: list[Line] = []
    for page, line, match in iter_labels(ctx.doc, {"customer_name"}):
        if page.number == 1 and _label_ok(line, match.start):
            out.extend(_block_lines(page, line, match.start, match.end))
    return out


def _letterhead(
    ctx: Context, sender: SenderLine | None, buyer_lines: list[Line]
) -> tuple[Candidate, Page, Line] | None:
    if not ctx.doc.pages:
        return None
    page = ctx.doc.pages[0]
    top = page.height * 0.3
    if (
        ctx.is_receipt and page.lines
    ):  # a till roll scanned on an A4 flatbed: the top of the strip, not the page
        y0, y1 = min(ln.bbox.y0 for ln in page.lines), max(ln.bbox.y1 for ln in page.lines)
        top = y0 + 0.35 * (y1 - y0)
    if (table := table_top(page)) is not None:
        top = min(top, table)  # an item under the table's heading is no seller, however high the table sits
    lines = sorted((ln for ln in page.lines if ln.bbox.y0 < top), key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    heights = sorted(line_height(ln) for ln in page.lines) or [1.0]
    median_h = heights[len(heights) // 2]
    best = None
    runner_up: float | None = None
    title_y: float | None = None
    address_y: float | None = None
    above_postcode = {id(ln) for ln in _lines_above_postcodes(lines)}
    buyer = {id(ln) for ln in buyer_lines}
    if sender is not None:  # the window's recipient under the return-address line
        buyer |= {id(ln) for ln in recipient_lines(sender)}
    for rank, line in enumerate(lines):
        text = clean_text(line).strip()
        after_title = ctx.is_receipt and title_y is not None and line.bbox.cy > title_y
        after_address = ctx.is_receipt and address_y is not None and line.bbox.cy > address_y
        if is_title(text) and title_y is None:
            title_y = line.bbox.y1
        if is_address_like(text) and address_y is None:
            address_y = line.bbox.y1
        if _is_noise(line, ctx) or _REG_LINE.match(text) or REG_LINE.match(text) or id(line) in buyer:
            continue
        if over_attention(page, line):
            continue  # the addressee's name: "Att: <person>" under it
        score = _score(line, rank, median_h, after_title, after_address)
        if id(line) in above_postcode and not LEGAL_FORMS.search(text):
            score -= 1.0  # right above the postcode line: the street or district
        if not ctx.is_receipt and contact_below(page, line):
            score += (
                0.8  # a letterhead gives its phone or mail under the address; a recipient's block does not
            )
        if best is None or score > best[0]:
            runner_up = best[0] if best is not None else None
            best = (score, line, bool(LEGAL_FORMS.search(text)))
        elif runner_up is None or score > runner_up:
            runner_up = score
    if best is None:
        return None
    top_score, line, legal = best
    text = clean_text(line)
    start, end = 0, len(text)
    parts = list(_SEPARATORS.finditer(text))
    if parts:  # "Name SARL - 12 rue X - 75001 Paris": the part with the name
        bounds = [0] + [m.end() for m in parts]
        ends = [m.start() for m in parts] + [len(text)]
        segs = list(zip(bounds, ends, strict=True))
        start, end = next(((s, e) for s, e in segs if LEGAL_FORMS.search(text[s:e])), segs[0])
        spans = [(page.number, line, start, end)]
        value = text[start:end].strip()
    else:
        rows = name_rows(page, line, lambda row: any(_is_noise(ln, ctx) for ln in row.lines))
        row_lines = [ln for row in rows for ln in _name_part(row.lines, line)]
        spans = [(page.number, ln, 0, len(clean_text(ln))) for ln in row_lines]
        value = " ".join(clean_text(ln).strip() for ln in row_lines)
    mono = _MONOGRAM.match(value)
    if mono:
        value = value[mono.end() :]
        p, ln, s, e = spans[0]
        spans[0] = (p, ln, s + mono.end(), e)
    read = strip_lead_label(strip_reg_tail(tidy(TITLE_AFTER.sub("", value))))
    value = repair_name(read)
    legal = legal or bool(LEGAL_FORMS.search(value))
    conf = 0.7 if legal else 0.5
    contested = runner_up is not None and top_score - runner_up < _CLEAR_LEAD
    if contested or _MISREAD.search(read):
        conf = min(conf, 0.45)  # a guess among near-equal lines, or a garbled reading: worth a human look
    return Candidate(value=value, confidence=conf, evidence=evidence_of(spans)), page, _anchor(spans)


def _anchor(spans: list[tuple[int, Line, int, int]]) -> Line:
    """The line the address is read under: the widest line of the name's last row ("Eichenfeld Bürobedarf",
    not the "GmbH" printed beside it, whose column holds nothing)."""
    lines = [ln for _, ln, _, _ in spans]
    lowest = max(lines, key=lambda ln: ln.bbox.cy)
    row = [ln for ln in lines if abs(ln.bbox.cy - lowest.bbox.cy) < 0.5 * line_height(lowest)]
    return max(row, key=lambda ln: ln.bbox.width)


# How far the chosen letterhead line must out-score the next one (about one legal form's worth, less a
# size step) for the layout alone to be trusted.
_CLEAR_LEAD = 0.7

# Traces of a misread name: stray symbols, doubled dots, a zero between letters ("C0."), a lone lower-case
# letter split off a word ("Shel l"), words run together into one very long upper-case token, or a name
# cut short after a connector ("X &").
_MISREAD = re.compile(
    r"[_·|¦•]|\.\.|(?<=[A-Za-z])0|0(?=[A-Za-z])|(?<=[a-z]) [a-z](?!\w)|\b[A-Z]{16,}\b|[&+,-]\s*$"
)


def _name_part(row: tuple[Line, ...], name: Line) -> list[Line]:
    """The lines of one name row: the one under/over the chosen name line and its same-size neighbours."""
    seed = name if any(ln is name for ln in row) else max(row, key=lambda ln: overlap(ln, name))
    taken = [seed]
    grew = True
    while grew:  # word by word: "SWC" "ENTERPRISE" "SDN" "BHD" read as four boxes, each close to the next
        grew = False
        for ln in row:
            if all(ln is not t for t in taken) and _same_name(ln, seed, near=taken):
                taken.append(ln)
                grew = True
    return [ln for ln in row if any(ln is t for t in taken)]


def _same_name(other: Line, name: Line, near: list[Line] | None = None) -> bool:
    """A line printed on the name's row belongs to the name only when it is set in the same size, close by
    ("SAM SAM TRADING" | "CO") to the name or to one of the `near` lines already taken with it, not a date or
    a number in another column."""
    if other is name:
        return True
    h = line_height(name)
    gap = min(max(other.bbox.x0 - ln.bbox.x1, ln.bbox.x0 - other.bbox.x1) for ln in (near or [name]))
    text = clean_text(other)
    return (
        gap < 1.5 * h
        and 0.7 <= line_height(other) / h <= 1.45
        and sum(c.isalpha() for c in text) >= 2
        and not re.search(r"\d", text)
        and not CONTACT.search(text)
        and not is_title(text)
    )


_STAFF_NUMBER = re.compile(r"[\s:#.-]*\d+[\s.]*")


def _labelled_seller(ctx: Context) -> tuple[Candidate, Page, Line] | None:
    """The seller's name read under (or after) a seller label on page 1, its page and its line."""
    for page, line, match in iter_labels(ctx.doc, {"vendor_name"}):
        if page.number > 1 or not _label_ok(line, match.start):
            continue
        if _STAFF_NUMBER.fullmatch(clean_text(line)[match.end :]):
            continue  # "Vendeur 437", "Verkäufer: 12": the till's staff number, no seller block under it
        found = _name_from_block(ctx, page, line, match.start, match.end)
        if found is not None:
            return found[0], page, found[1]
    return None


def vendor_name(ctx: Context) -> tuple[Candidate | None, Line | None]:
    labelled = _labelled_seller(ctx)
    if labelled is not None:
        return labelled[0], labelled[2]
    sender = find_sender_line(ctx)
    buyer_lines = _buyer_lines(ctx)
    head = _letterhead(ctx, sender, buyer_lines)
    if head is not None and sender is not None and head[2] is sender.line:
        return sender_name(sender), sender.line  # the return-address line itself: its first part
    # An invoice's seller with no legal form on top: the return-address line's, else the footer's (a till names
    # its shop by its trading name)
    if not ctx.is_receipt and (head is None or not LEGAL_FORMS.search(str(head[0].value or ""))):
        if sender is not None and LEGAL_FORMS.search(clean_text(sender.line)):
            return sender_name(sender), sender.line
        buyer = {clean_text(ln).strip().casefold() for ln in buyer_lines}
        footer = footer_seller(ctx, buyer)
        if footer is not None:
            return footer[0], footer[2]
    if head is None:
        return None, None
    full = spelled_out(head[1], head[2], str(head[0].value or ""))
    if full is not None and ctx.is_receipt and not LEGAL_END.search(clean_text(full)):
        full = None  # a till's shop name over more words of it: the firm only where its legal name is printed
    if full is not None:
        return Candidate(
            value=tidy(clean_text(full)),
            confidence=head[0].confidence,
            evidence=evidence_of([(head[1].number, full, 0, len(clean_text(full)))]),
        ), full
    return head[0], head[2]


def contested_seller(ctx: Context, seller: Candidate | None) -> tuple[Candidate, Candidate | None] | None:
    """Another firm the page names as its seller (`footer_seller.footer_contradicts`) and the address printed
    under it, or None."""
    buyer = {clean_text(ln).strip().casefold() for ln in _buyer_lines(ctx)}
    found = footer_contradicts(ctx, seller, buyer)
    if found is None:
        return None
    name, page, line = found
    address = address_after(ctx, page, line)
    return name, (address.model_copy(update={"source": FOOTER}) if address is not None else None)


def vendor_address(ctx: Context, name_line: Line | None) -> Candidate | None:
    """The rows of a labelled seller block; else the return-address line when the letter has one; else the
    address rows under the letterhead name."""
    labelled = _labelled_seller(ctx)
    if labelled is not None and name_line is not None and labelled[2] is name_line:
        found = block_address(ctx, labelled[1], name_line)
        if found is not None:
            return found
        sender = find_sender_line(ctx)
        return sender_address(sender) if sender is not None else address_by_repeat(ctx, name_line)
    sender = find_sender_line(ctx)
    if sender is not None:
        return sender_address(sender)
    if name_line is None:
        return None
    found = address_after(ctx, ctx.doc.pages[0], name_line)
    if found is not None:
        return found
    return address_by_repeat(ctx, name_line)


def customer_name(ctx: Context, seller: list[Candidate | None]) -> Candidate | None:
    """Under a buyer label; else under the sender line; else the unlabelled address block that is not the
    `seller`'s (its name and address candidates)."""
    for page, line, match in iter_labels(ctx.doc, {"customer_name"}):
        if not _label_ok(line, match.start):
            continue
        found = _name_from_block(ctx, page, line, match.start, match.end)
        if found is not None:
            found[0].confidence = min(found[0].confidence, 0.75)
            return found[0]
    sender = find_sender_line(ctx)
    if sender is not None:
        found = recipient_name(sender, lambda ln: _is_noise(ln, ctx))
        if found is not None:
            return found
    return window_recipient(ctx, seller, lambda ln: _is_noise(ln, ctx))
