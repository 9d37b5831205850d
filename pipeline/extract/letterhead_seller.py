"""The seller read from the letterhead: the most prominent line at the top of page 1, and the rows of its name.

The letterhead is the top of page 1: the seller name is its most prominent line (a legal form like GmbH, SARL,
Ltd or SDN BHD, a larger font, written in capitals or title case) that is not a document title, a date, a
contact line, a labelled field or a line of the buyer's block. What counts as noise there is the party reader's
(`pipeline.extract.parties`), which asks this module when no seller label names the seller.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context
from pipeline.extract.layout import clean_text, evidence_of, labels_in, line_height, right_neighbours
from pipeline.extract.letterhead import REG_LINE, is_address_like, is_title, names_firm, opens_with_street
from pipeline.extract.letterhead_name import name_rows
from pipeline.extract.line_items import table_top
from pipeline.extract.line_kinds import CONTACT, LEGAL_FORMS, LEGAL_NOTE, OUTLET_NAME, SLOGAN
from pipeline.extract.name_cues import TITLE_AFTER, contact_below, over_attention, overlap, under_addressee
from pipeline.extract.name_text import repair_name, strip_lead_label, strip_reg_tail, tidy
from pipeline.extract.postcodes import POSTCODE
from pipeline.extract.seller_repeat import named_in_footer
from pipeline.extract.sender_line import SenderLine, recipient_lines

_SEPARATORS = re.compile(r"\s+[-–|•●·]\s+")
_MONOGRAM = re.compile(r"^([A-Z])\s+(?=\1)")  # a logo letter set before the name: "B Brightwave Digital"


SINGLE_WORD = 1.5
# A phone or mail line under the name: about a legal form's worth, so that a letterhead naming a person or a
# firm without its form outweighs the recipient's block further down that prints one ("Oakridge Consulting" /
# phone / mail over "Harbor Works Ltd")
CONTACT_BELOW = 1.5
FOOTER_REPEAT = 2.0  # the name opens a footer line again (`seller_repeat.named_in_footer`)
_BRAND_WORD = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ'&-]{3,}")


def _score(line: Line, rank: int, median_h: float, after_title: bool, after_address: bool) -> float:
    """How much a top-of-page line looks like the trading name (higher is better)."""
    # look-alike digits read as the letters they stand for ("88 5TAR MART 5/8"): a name, not a digit-heavy line
    read = clean_text(line).strip()
    text = repair_name(strip_reg_tail(read))
    # a legal form as printed, else as repaired ("5DN BHD"); "AB T5J 0N3" is a province, even read "TSJ"
    legal = names_firm(read) if LEGAL_FORMS.search(read) else names_firm(text)
    ratio = line_height(line) / median_h
    score = 2.0 * legal + min(ratio, 2.5) - 0.15 * rank
    if ratio > 4.0:
        score -= 2.0  # a logo or a stamp read as giant letters
    if text.islower():
        score -= 3.0  # handwriting or notes, not a printed letterhead
    digits = sum(c.isdigit() for c in text)
    outlet = rank == 0 and ratio >= _OUTLET_SIZE and bool(OUTLET_NAME.match(text))
    if not legal and not outlet and (re.search(r"\d{3}", text) or digits > 0.3 * len(text.replace(" ", ""))):
        score -= 1.0
    if sum(c.isalpha() for c in text) < 4:
        score -= 2.5  # a logo's initials ("S&P") rather than the name
    elif not legal and len(text.split()) == 1:
        # a logo's stylised word, read as a fragment ("LndM"), rather than the name; less so a word set in
        # capitals as a brand is ("QUICKMART", "FUEL-POINT")
        score -= SINGLE_WORD / 3 if _BRAND_WORD.fullmatch(text) else SINGLE_WORD
    if is_address_like(read) or is_address_like(text) or after_address:  # as printed: "T5J 0N3" is no "TSJ"
        score -= 2.0  # the name comes before its address
    if after_title:
        score -= 1.5  # on a receipt, lines under the title are the sale, not the seller
    if LEGAL_NOTE.match(text):
        score -= 3.0  # "owned by X Sdn Bhd": the operator, not the trading name
    return score


_OUTLET_SIZE = 1.3  # an outlet's name is set this much larger than the receipt's median line


def _outlet_on_top(line: Line, text: str, rank: int, median_h: float) -> bool:
    """The receipt's first line, set larger than its text, is a brand's word and its outlet's number ("SPBU
    54.36252"): the name, though mostly digits, when no label or contact word says otherwise."""
    return (
        rank == 0
        and bool(OUTLET_NAME.match(text))
        and line_height(line) >= _OUTLET_SIZE * median_h
        and not labels_in(line)
        and not CONTACT.search(text)
    )


def _address_right_under(lines: list[Line], line: Line) -> bool:
    """The next line down in the line's column, set close under it in a like size, is address text: a name heads
    that block, where a logo's stray word stands alone (or over lines a fraction of its size)."""
    h = line_height(line)
    below = [
        o
        for o in lines
        if 0 <= o.bbox.y0 - line.bbox.y1 < 0.8 * h
        and overlap(o, line) > 0
        and 0.5 <= line_height(o) / h <= 1.6
    ]
    return bool(below) and is_address_like(clean_text(min(below, key=lambda o: o.bbox.y0)))


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


def seller_in_letterhead(
    ctx: Context,
    sender: SenderLine | None,
    buyer_lines: list[Line],
    is_noise: Callable[[Line], bool],
    rivals: list[Candidate] | None = None,
) -> tuple[Candidate | None, Page, Line] | None:
    """The seller's name as the most prominent line at the top of page 1 (its rows, `name_rows`), with its page
    and the line its address is read under; never a line of the buyer's block or of the window's recipient
    (`buyer_lines`, `sender`). Its confidence drops where another line scored almost as high. Where the most
    name-like line is an address, the name is a logo no text reads: no name, and on a receipt that line, where
    the address begins."""
    if not ctx.doc.pages:
        return None
    page = ctx.doc.pages[0]
    top = page.height * 0.3
    if (
        ctx.is_receipt and page.lines
    ):  # a till roll scanned on an A4 flatbed: the top of the strip, not the page
        y0, y1 = min(ln.bbox.y0 for ln in page.lines), max(ln.bbox.y1 for ln in page.lines)
        top = y0 + 0.35 * (y1 - y0)
    if (table := table_top(ctx, page)) is not None:
        top = min(top, table)  # an item under the table's heading is no seller, however high the table sits
    lines = sorted((ln for ln in page.lines if ln.bbox.y0 < top), key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    heights = sorted(line_height(ln) for ln in page.lines) or [1.0]
    median_h = heights[len(heights) // 2]
    best = None
    runner_up: tuple[float, Line] | None = None
    title_y: float | None = None
    address_y: float | None = None
    above_postcode = {id(ln) for ln in _lines_above_postcodes(lines)}
    buyer = {id(ln) for ln in buyer_lines}
    if sender is not None:  # the window's recipient under the return-address line
        buyer |= {id(ln) for ln in recipient_lines(sender)}
        if sender.rest is not None:  # the return line's wrapped town: no name of its own
            buyer.add(id(sender.rest))
    for rank, line in enumerate(lines):
        text = clean_text(line).strip()
        after_title = ctx.is_receipt and title_y is not None and line.bbox.cy > title_y
        after_address = ctx.is_receipt and address_y is not None and line.bbox.cy > address_y
        if is_title(text) and title_y is None:
            title_y = line.bbox.y1
        if is_address_like(text) and address_y is None:
            address_y = line.bbox.y1
        if (is_noise(line) and not _outlet_on_top(line, text, rank, median_h)) or REG_LINE.match(text):
            continue
        if SLOGAN.match(text):
            continue  # the logo's slogan; the name may be the logo itself, never printed as text
        if id(line) in buyer:
            continue
        if _FORM_FIELD.match(text) and not LEGAL_FORMS.search(text):
            continue  # "Member: manuelriel", "Name: Manuel Riel": a form's field, not a firm's name
        if text.startswith(":") or any(
            clean_text(o).lstrip().startswith(":") for o in right_neighbours(page, line, limit=1)
        ):
            continue  # "Remise à Zéro" | ": 01/12/2019": a form's label, its value in the next column
        if not ctx.is_receipt and ctx.money(text):
            continue  # "Handling fee $0.00": a charge
        if over_attention(page, line) or under_addressee(page, line):
            continue  # the addressee's name: "Att: <person>" under it, "M <person>" over it
        score = _score(line, rank, median_h, after_title, after_address)
        if id(line) in above_postcode and not names_firm(text):
            score -= 1.0  # right above the postcode line: the street or district
        if len(text.split()) == 1 and _address_right_under(lines, line):
            # a one-word name over its own address ("Saber" / "Westlake Village, CA"), no logo's fragment
            score += SINGLE_WORD * 2 / 3
        if not ctx.is_receipt and contact_below(page, line):
            score += (
                CONTACT_BELOW  # a letterhead gives its phone or mail under the address; a recipient does not
            )
        if not ctx.is_receipt and named_in_footer(page, line):
            score += FOOTER_REPEAT  # the footer's registration line names this firm again
        if best is None or score > best[0]:
            runner_up = (best[0], best[1]) if best is not None else None
            best = (score, line, names_firm(text))
        elif runner_up is None or score > runner_up[0]:
            runner_up = (score, line)
    if best is None:
        return None
    top_score, line, legal = best
    best_text = clean_text(line).strip()
    if is_address_like(best_text) and (not legal or opens_with_street(best_text)):
        # the name is a logo no text reads; a till's slip heads with its shop's address, a letter's top may hold
        # the buyer's block
        return (None, page, line) if ctx.is_receipt else None
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
        rows = name_rows(page, line, lambda row: any(is_noise(ln) for ln in row.lines))
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
    contested = runner_up is not None and top_score - runner_up[0] < _CLEAR_LEAD
    if contested or _MISREAD.search(read):
        conf = min(conf, 0.45)  # a guess among near-equal lines, or a garbled reading: worth a human look
    if contested and runner_up is not None and rivals is not None and not ctx.is_receipt:
        rival = _rival(page, lines, runner_up[1], [ln for _, ln, _, _ in spans], value)
        if rival is not None:
            rivals.append(rival)
    return Candidate(value=value, confidence=conf, evidence=evidence_of(spans)), page, _anchor(spans)


RIVAL = "letterhead"  # the source of the runner-up line offered beside a contested pick


def _rival(page: Page, lines: list[Line], line: Line, chosen: list[Line], value: str) -> Candidate | None:
    """The line that scored almost as high as the chosen name, as a second candidate for the seller: two
    unlabelled blocks that look alike (the seller's and the buyer's, side by side or one over the other) are a
    guess the layout cannot settle, and a guess is for a person to confirm, however sure the scorer is of names
    in general. Only a line heading an address of its own (a party's block, not a copy note such as "Original
    for Recipient"), and not a row or a part of the chosen name."""
    text = tidy(clean_text(line).strip())
    if (
        line in chosen
        or not text
        or text.casefold() in value.casefold()
        or not _address_right_under(lines, line)
    ):
        return None
    ev = evidence_of([(page.number, line, 0, len(clean_text(line)))])
    return Candidate(value=text, confidence=0.3, evidence=ev, source=RIVAL)


def _anchor(spans: list[tuple[int, Line, int, int]]) -> Line:
    """The line the address is read under: the widest line of the name's last row ("Eichenfeld Bürobedarf",
    not the "GmbH" printed beside it, whose column holds nothing)."""
    lines = [ln for _, ln, _, _ in spans]
    lowest = max(lines, key=lambda ln: ln.bbox.cy)
    row = [ln for ln in lines if abs(ln.bbox.cy - lowest.bbox.cy) < 0.5 * line_height(lowest)]
    return max(row, key=lambda ln: ln.bbox.width)


# A short label, a colon and its value: a field of a form printed on the page
_FORM_FIELD = re.compile(r"^[^\W\d_]{2,15}(?:\s[^\W\d_]{2,15})?\s*:\s*\S")

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
