"""Seller and buyer: a labelled party block ("Seller", "Verkäufer", "Bill to") or, for the seller, the letterhead.

Without a seller label, the seller is the letterhead's most prominent line (`letterhead_seller`), the
return-address line over a window envelope's recipient (`sender_line`) or the firm the footer names
(`footer_seller`); its postal address is the rows right under its name (`letterhead.address_after`).
"""

from __future__ import annotations

import re
from typing import cast

from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context
from pipeline.extract.dates import find_dates
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
    address_after,
)
from pipeline.extract.letterhead_seller import seller_in_letterhead
from pipeline.extract.line_kinds import (
    ATTENTION,
    CONTACT,
    CONTACT_PERSON,
    COURTESY,
    DOC_TITLES,
    ID_ROW,
    LEGAL_FORMS,
    is_legal_name,
)
from pipeline.extract.name_cues import (
    logo_in_full,
    spelled_out,
    table_headings,
    word_in_firm,
)
from pipeline.extract.name_text import strip_reg_tail, tidy, tidy_address
from pipeline.extract.party_block import block_address, is_label_only
from pipeline.extract.postcodes import POSTCODE
from pipeline.extract.recipient import window_recipient
from pipeline.extract.seller_repeat import address_by_repeat
from pipeline.extract.sender_line import (
    find_sender_line,
    recipient_name,
    sender_address,
    sender_name,
)

_NAME_PREFIX = re.compile(r"^\s*(?:name|firma|company|raison\s+sociale|nom)\s*:\s*", re.I)
_NUMBERISH = re.compile(r"^[\W\d]*(?:\w+\s+)?(?:nummer|number|nr|no|gln|kunden|customer|id|ref)\b", re.I)
_FIELD_LABEL = re.compile(r"^[^:]{1,30}:\s*$")  # "Anschrift:", "Globale Nummer:": a label without its value
_PAGE = re.compile(r"\b(?:page|seite)\s+\d", re.I)


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
        and not is_label_only(rest)  # "Bill to Address:": the block's heading, the name under it
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
        attn = ATTENTION.match(otext)
        if attn is not None and LEGAL_FORMS.search(otext[attn.end() :]):
            # "ATTN: Firm Ltd" opening the block: the firm is the party (a person after it is an addressee)
            s = len(otext) - len(otext[attn.end() :].lstrip(" :"))
            ev = evidence_of([(page.number, other, s, len(otext))])
            return Candidate(value=tidy(otext[s:]), confidence=0.75, evidence=ev), other
        if _is_noise(other, ctx):
            continue
        ev = evidence_of([(page.number, other, 0, len(otext))])
        return Candidate(value=tidy(otext), confidence=0.75, evidence=ev), other
    return None


def _label_ok(line: Line, start: int) -> bool:
    """A party label opens its line ("Seller", "Bill to:"), it is not a word inside a sentence."""
    text = clean_text(line)
    return not text[:start].strip(" :") and len(text.split()) <= 6


def _buyer_lines(ctx: Context) -> list[Line]:
    """The rows under a buyer label ("Rechnungsempfänger", "Bill to"): the buyer's name and address, which a
    letterhead scan must never take for the seller's, however prominent ("Meyer Immobilien GmbH"), nor a
    footer's firm contradict (found once per reading)."""

    def find() -> list[Line]:
        out: list[Line] = []
        for page, line, match in iter_labels(ctx.doc, {"customer_name"}):
            if page.number == 1 and _label_ok(line, match.start):
                if sum(c.isalpha() for c in clean_text(line)[match.end :]) >= 2:
                    out.append(line)  # "To: Firm Ltd": the buyer's name on the label's own line
                out.extend(_block_lines(page, line, match.start, match.end))
        return out

    return ctx.remember(("buyer lines", 1), find)


_STAFF_NUMBER = re.compile(r"[\s:#.-]*\d+[\s.]*")


def _after_heading(ctx: Context, page: Page, line: Line) -> bool:
    """Whether `line` sits under a date or a total's label on its page: a receipt's merchant heads the slip, and
    a seller label in the sale's rows ("26/12/2022 20:37 / Vendeur Tom  Caisse 6", "TOTAL … / Verkäufer: Jan")
    names the staff who served."""
    above = [ln for ln in page.lines if ln.bbox.y1 <= line.bbox.y0]
    return any(ctx.dates(clean_text(ln)) for ln in above) or any(
        p is page and other.bbox.y1 <= line.bbox.y0 for p, other, _ in iter_labels(ctx.doc, {"total"})
    )


def _labelled_seller(ctx: Context) -> tuple[Candidate, Page, Line] | None:
    """The seller's name read under (or after) a seller label on page 1, its page and its line."""
    for page, line, match in iter_labels(ctx.doc, {"vendor_name"}):
        if page.number > 1 or not _label_ok(line, match.start):
            continue
        if _STAFF_NUMBER.fullmatch(clean_text(line)[match.end :]):
            continue  # "Vendeur 437", "Verkäufer: 12": the till's staff number, no seller block under it
        if ctx.is_receipt and _after_heading(ctx, page, line):
            continue
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
    rivals: list[Candidate] = []
    found = seller_in_letterhead(ctx, sender, buyer_lines, lambda ln: _is_noise(ln, ctx), rivals)
    address_line = None  # a logo for a name: the letterhead's address begins on this line
    if found is not None and found[0] is None:
        address_line, found = found[2], None
    head = cast("tuple[Candidate, Page, Line] | None", found)
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
        if head is None and sender is not None:  # no letterhead, no footer: the return line names the sender
            return sender_name(sender), sender.line
    if head is None:
        return None, address_line
    spelled = spelled_out(head[1], head[2], str(head[0].value or ""))
    # a till's shop name over more words of it: the firm only where its legal name is printed
    if spelled is not None and ctx.is_receipt and not is_legal_name(clean_text(spelled[0])):
        spelled = None
    logo = logo_in_full(head[1], head[2], str(head[0].value or ""))
    full, on_page = (logo, logo) if logo is not None else spelled or (None, None)
    ctx.remember(("letterhead rival", 1), lambda: rivals[0] if rivals else None)
    if full is not None:
        return Candidate(
            value=tidy(clean_text(full)),
            confidence=head[0].confidence,
            evidence=evidence_of([(head[1].number, full, 0, len(clean_text(full)))]),
        ), on_page
    return head[0], head[2]


def letterhead_rival(ctx: Context) -> Candidate | None:
    """The line that nearly won the letterhead's seller pick, where the pick was contested and is the seller
    `vendor_name` returned (`letterhead_seller._rival`); None otherwise. Read after `vendor_name`."""
    return cast("Candidate | None", ctx.memo.get(("letterhead rival", 1)))


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


def vendor_address(ctx: Context, name_line: Line | None, name: Candidate | None = None) -> Candidate | None:
    """The rows of a labelled seller block; else the return-address line when the letter has one; else the
    address after the `name` on its line or in the rows under it; whichever it is, tidied the one way
    (`tidy_address`)."""
    found = _vendor_address(ctx, name_line, name)
    if found is not None and isinstance(found.value, str):
        found.value = tidy_address(found.value)
    return found


# What opens the rest of a name's line before its address: a comma, then maybe a short label ("Warehouse Addes:")
_ADDRESS_LEAD = re.compile(r"\s*[,;]\s*(?:(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*:\s*)?")


def _address_after_name(name: Candidate | None, page: Page, line: Line) -> Candidate | None:
    """The address printed on the name's own line after a comma ("Sold By: Firm Pvt. Ltd., Warehouse Address:
    NO. 42/1 …, Bangalore - 560067"), when the rest of the line holds a postcode."""
    if name is None or not isinstance(name.value, str) or not name.value:
        return None
    text = clean_text(line)
    at = text.find(name.value)
    lead = _ADDRESS_LEAD.match(text, at + len(name.value)) if at >= 0 else None
    if lead is None:
        return None
    rest = text[lead.end() :].strip()
    if len(rest) < 8 or not POSTCODE.search(rest) or CONTACT.match(rest):
        return None
    ev = evidence_of([(page.number, line, lead.end(), len(text))])
    return Candidate(value=rest, confidence=0.55, evidence=ev)


def _vendor_address(ctx: Context, name_line: Line | None, name: Candidate | None) -> Candidate | None:
    labelled = _labelled_seller(ctx)
    if labelled is not None and name_line is not None and labelled[2] is name_line:
        found = _address_after_name(labelled[0], labelled[1], name_line) or block_address(
            ctx, labelled[1], name_line
        )
        if found is not None:
            return found
        sender = find_sender_line(ctx)
        return sender_address(sender) if sender is not None else address_by_repeat(ctx, name_line)
    sender = find_sender_line(ctx)
    if sender is not None:
        return sender_address(sender)
    if name_line is None:
        return None
    if name is None:  # no name printed over it (`vendor_name`): the address begins on this line
        return address_after(ctx, ctx.doc.pages[0], name_line, first=True)
    found = _address_after_name(name, ctx.doc.pages[0], name_line) or address_after(
        ctx, ctx.doc.pages[0], name_line
    )
    if found is not None:
        return found
    return address_by_repeat(ctx, name_line)


def customer_name(ctx: Context, seller: list[Candidate | None]) -> Candidate | None:
    """Under a buyer label; else under the sender line; else the unlabelled address block that is not the
    `seller`'s (its name and address candidates)."""
    for page, line, match in iter_labels(ctx.doc, {"customer_name"}):
        if not _label_ok(line, match.start) or ctx.money(clean_text(line)[match.end :]):
            continue  # "Buyer fee $20.20": a charge's row, no party's label
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
