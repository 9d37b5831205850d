"""The return-address line of a windowed business letter: "Seller GmbH · Street 1 · 12345 Town".

Letters made for window envelopes (DIN 5008 and the like) print the seller's name and postal address as one
small line of separated parts right above the recipient's address block. When present it is the most reliable
place for the seller's address (the letterhead may carry only a logo or a tagline), and the first line under it
is the recipient's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context
from pipeline.extract.layout import clean_text, evidence_of, line_height, lines_below
from pipeline.extract.line_kinds import ADDRESSEE, CONTACT, LEGAL_FORMS
from pipeline.extract.name_text import strip_lead_label
from pipeline.extract.postcodes import POSTCODE_WITH_TOWN

# A bullet or middle dot parts it, with or without spaces (a scan glues it to the word before: "GmbH• Street");
# a bar, a dash or a lone full stop between spaces (a scan reads a small bullet as ".": "Street 75 . 10115 Town").
_PART_SEP = re.compile(r"\s*[·•]\s*(?=\S)|\s+[|.]\s+|\s+[-–]\s+(?=\S)")
_COMMA = re.compile(r",\s+")


_HOURS = re.compile(
    r"\b(?:hrs|hours|uhr|heures)\b|\d{1,2}[:.]\d{2}\s*[-–]", re.IGNORECASE
)  # "SUN - THU: 1000 HRS"


@dataclass(frozen=True)
class SenderLine:
    page: Page
    line: Line
    parts: list[tuple[int, int]]  # [start, end) of each part in the cleaned text
    rest: Line | None = None  # the address's end wrapped onto a second line: neither recipient nor letterhead


def find_sender_line(ctx: Context) -> SenderLine | None:
    """The top-most line on page 1 split into 3+ parts, the first a name, a later one a postcode and town
    (found once per reading: the seller's name and address and the buyer's name all ask)."""
    return ctx.remember(("sender line", 1), lambda: _find_sender_line(ctx))


def _find_sender_line(ctx: Context) -> SenderLine | None:
    if not ctx.doc.pages:
        return None
    page = ctx.doc.pages[0]
    for line in sorted(page.lines, key=lambda ln: ln.bbox.y0):
        if line.bbox.y0 > 0.45 * page.height:
            break
        text = clean_text(line)
        seps = list(_PART_SEP.finditer(text))
        if len(seps) < 2:  # "Firm B.V., Street 1, 1002 US Town": commas part it after a firm's legal form
            firm = LEGAL_FORMS.search(text)
            commas = list(_COMMA.finditer(text, firm.end())) if firm else []
            seps = commas if firm and firm.start() > 0 and len(commas) >= 2 else seps
        if len(seps) < 2 and _small_print(page, line):  # "Jane Porter, 81 Harbour Road, Bristol BS1 4QA"
            commas = list(_COMMA.finditer(text))
            seps = commas if len(commas) >= 2 else seps
        wrapped = _wrapped_rest(page, line) if len(seps) == 1 else None  # "Firm • 81 King" / "Street • Town"
        if wrapped is not None and not _PART_SEP.search(clean_text(wrapped)):
            # the town alone under "Firm • Street 52 7011" (a scan lost the second separator): only where the
            # postcode and town are made by the two lines together
            tail = text[seps[0].end() :]
            if POSTCODE_WITH_TOWN.search(tail) or not POSTCODE_WITH_TOWN.search(
                f"{tail} {clean_text(wrapped)}"
            ):
                wrapped = None
        if (len(seps) < 2 and wrapped is None) or CONTACT.search(text) or _HOURS.search(text):
            continue
        bounds = [0] + [m.end() for m in seps]
        ends = [m.start() for m in seps] + [len(text)]
        parts = list(zip(bounds, ends, strict=True))
        first = text[parts[0][0] : parts[0][1]]
        if sum(c.isalpha() for c in first) < 3 or re.search(r"\d", first):
            continue
        rest = None
        if not any(POSTCODE_WITH_TOWN.search(text[s:e]) for s, e in parts[1:]):
            rest = wrapped or _wrapped_rest(page, line)  # "Firm e.K. • Bahnhofstr. 54 • 8001" / "Zürich"
            if rest is None or not POSTCODE_WITH_TOWN.search(f"{text[parts[-1][0] :]} {clean_text(rest)}"):
                continue
        elif len(parts) < 3:
            continue  # "Firm • 12345 Town": two parts on one line are no return-address line
        return SenderLine(page, line, parts, rest)
    return None


def _wrapped_rest(page: Page, line: Line) -> Line | None:
    """The line's continuation: a short line right under it, flush with its start and set in its size (a return
    address too long for the window's width wraps its town onto a second line)."""
    h = line_height(line)
    for other in lines_below(page, line.bbox, h, max_gap=1.0)[:1]:
        if (
            abs(other.bbox.x0 - line.bbox.x0) <= h
            and 0.6 <= line_height(other) / h <= 1.25
            and other.bbox.width < line.bbox.width
        ):
            return other
    return None


# The return-address line is set smaller than the letter's text: at most this share of the page's median line
_SMALL_PRINT = 0.8


def _small_print(page: Page, line: Line) -> bool:
    """The line is set clearly smaller than most of the page's lines, as a return-address line over the window
    is: a person's or a firm's name without a legal form then parts it from its address by commas alone, which
    a line of the letter's own size does as well ("Jane Porter, 81 Harbour Road, Bristol")."""
    heights = sorted(line_height(ln) for ln in page.lines)
    return len(heights) >= 5 and line_height(line) <= _SMALL_PRINT * heights[len(heights) // 2]


def sender_address(sender: SenderLine) -> Candidate:
    """The parts after the name, with a wrapped second line's first part joined to the part it continues
    ("81 King" / "Street • Manchester M2 4LQ" -> "81 King Street, Manchester M2 4LQ")."""
    text = clean_text(sender.line)
    parts = [text[s:e].strip() for s, e in sender.parts[1:]]
    start, end = sender.parts[1][0], sender.parts[-1][1]
    spans = [(sender.page.number, sender.line, start, end)]
    if sender.rest is not None:
        rest = clean_text(sender.rest)
        more = [p.strip() for p in _PART_SEP.split(rest) if p.strip()]
        parts = parts[:-1] + [f"{parts[-1]} {more[0]}", *more[1:]]
        spans.append((sender.page.number, sender.rest, 0, len(rest)))
    return Candidate(value=", ".join(parts), confidence=0.75, evidence=evidence_of(spans))


def sender_name(sender: SenderLine) -> Candidate:
    """The seller's name: the return-address line's first part, without a label before it ("Sold By : Firm Ltd")."""
    s, e = sender.parts[0]
    part = clean_text(sender.line)[s:e]
    name = strip_lead_label(part.strip(" ,"))
    s += part.find(name)
    ev = evidence_of([(sender.page.number, sender.line, s, s + len(name))])
    return Candidate(value=name, confidence=0.6, evidence=ev)


# How far under the return-address line the recipient's block may start: the window's return-address zone and
# its notes zone (DIN 5008: 5 + 12.7 mm) leave up to about a fourteenth of an A4 page between them, which is many
# heights of the small return-address print.
_WINDOW_GAP = 0.075


def _max_gap(sender: SenderLine) -> float:
    """The recipient block's largest gap under the return-address line, in that line's heights."""
    h = line_height(sender.line)
    return max(3.0, _WINDOW_GAP * sender.page.height / max(h, 1.0))


def recipient_lines(sender: SenderLine) -> list[Line]:
    """The recipient's address block under the return-address line, in its column (name first)."""
    h = line_height(sender.line)
    return [
        other
        for other in lines_below(sender.page, sender.line.bbox, h, max_gap=_max_gap(sender))[:6]
        if _in_window(sender, other) and other is not sender.rest
    ][:5]


def _in_window(sender: SenderLine, other: Line) -> bool:
    """The line starts where the return-address line does, or a little inside it (a style that indents the
    window's address under a wider return line)."""
    h, box = line_height(sender.line), sender.line.bbox
    return box.x0 - 2 * h <= other.bbox.x0 <= max(box.x0 + 2 * h, box.x0 + 0.3 * box.width)


def recipient_name(sender: SenderLine, is_noise) -> Candidate | None:
    """The first line of the address block under the return-address line, in its column."""
    h = line_height(sender.line)
    below = [
        ln
        for ln in lines_below(sender.page, sender.line.bbox, h, max_gap=_max_gap(sender))
        if ln is not sender.rest
    ]
    for other in below[:2]:
        if not _in_window(sender, other) or is_noise(other):
            continue
        text = clean_text(other).strip()
        if ADDRESSEE.match(text):
            continue
        ev = evidence_of([(sender.page.number, other, 0, len(clean_text(other)))])
        return Candidate(value=text, confidence=0.7, evidence=ev)
    return None
