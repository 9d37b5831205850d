"""Header fields read next to their labels: invoice number, issue and due dates, seller tax id."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import chain

from pipeline.document import Candidate, Line, Page
from pipeline.extract.context import Context, blank, candidate
from pipeline.extract.dates import DateMatch, damaged_dmy_dates, find_dates
from pipeline.extract.layout import (
    Hit,
    clean_text,
    evidence_of,
    iter_labels,
    joined_labels,
    labels_in,
    line_height,
    lines_below,
    make_evidence,
    right_neighbours,
    values_for_label,
    x_overlap,
)
from pipeline.extract.line_kinds import INVOICE_TITLE_WORDS

_ID = re.compile(r"(?<![\w/-])(?=[\w/.-]*\d)[A-Za-z0-9][\w/.-]*[A-Za-z0-9](?![\w/-])|(?<![\w])\d(?![\w])")
_NOT_ID_WORDS = re.compile(r"^(?:vom|von|du|de|del|of|from|dated?|datum|page|seite)$", re.I)
# A series code printed before the number and part of it ("FT 2024/407", "FV 2023/10/4107", "RG 22/1663"):
# two to four capitals right after the label, a space, then the number; not a label word ("NO 123").
_SERIES = re.compile(r"(?!(?:NO|NR|NUM|NRO)\s)[A-Z]{2,4}\s(?=\S*\d)")
_TITLE_NUMBER = re.compile(
    rf"(?:^|\s)(?:\w*rechnung|avoir|gutschrift|{INVOICE_TITLE_WORDS})\b(?:\s*\(\d+\))?\s*:?\s*"
    r"(?:nr\.?|no\.?|n°|nº|#|number|nummer|num(?:éro)?\.?)?\s*:?\s*(?P<id>[A-Za-z0-9][\w/.-]*\d[\w/.-]*)",
    re.IGNORECASE,
)


# A hyphen inside a number read as a tilde ("A~4257-B"): no document's number holds one
_TILDE_FOR_HYPHEN = re.compile(r"(?<=[^\W_])~(?=[^\W_])")


def _id_finder(ctx: Context):
    def find(text: str) -> list[tuple[str, int, int]]:
        text = _TILDE_FOR_HYPHEN.sub("-", text)  # same length: spans stay the line's
        lead = re.match(r"^[\s:.#°º]*", text)
        body_start = lead.end() if lead else 0
        dates = _separated_dates(text, ctx.date_order)
        for m in _ID.finditer(text, body_start):
            if m.start() - body_start > 25 or _NOT_ID_WORDS.match(m.group()):
                break
            if any(d.start <= m.start() < d.end for d in dates):
                continue
            token = m.group().rstrip(".-/")
            if len(token) < 2 and not token.isdigit():
                continue
            series = _SERIES.match(text, body_start)
            start = series.start() if series and series.end() == m.start() else m.start()
            return [(text[start : m.start() + len(token)], start, m.start() + len(token))]
        return []

    return find


def _separated_dates(text: str, date_order: str | None) -> list[DateMatch]:
    """The dates in `text` printed with separators or words: after a number's label, eight bare digits that
    happen to spell a date ("Rechnungsnummer 20230621", a year-month-counter scheme) are the number."""
    return [d for d in find_dates(text, date_order) if not text[d.start : d.end].strip().isdigit()]


# Running text before a label on its line: "Please quote your customer number 4417 and invoice number …".
_WORD = re.compile(r"(?<![\w.])[^\W\d_]{2,}(?![\w.])")


def _in_prose(before: str) -> bool:
    """The label stands in a sentence (five words before it on its line, two of them in lowercase, which a row
    of capitalised labels lacks): a reference the writer asks to be quoted, weaker than the same kind of label
    heading a field or the title's number."""
    words = _WORD.findall(before)
    return len(words) >= 5 and sum(w.islower() for w in words) >= 2


def invoice_number(ctx: Context) -> Candidate | None:
    finder = _id_finder(ctx)
    best: tuple[float, Candidate] | None = None
    label_ev = None
    # also a label the recogniser boxed apart from its number ("Beleg" | "9076", "Trans" | "#" | "935647")
    split = joined_labels(ctx.doc, {"invoice_number"}, value_beside=True)
    for page, line, match in chain(iter_labels(ctx.doc, {"invoice_number"}), split):
        hits = values_for_label(page, line, match, finder)
        hits = [h for h in hits if h.where != "below" or h.distance < 1.5]
        if not hits:
            label_ev = label_ev or make_evidence(page.number, line, match.start, match.end)
            continue
        conf = (
            match.label.strength
            - (0.1 if hits[0].where == "below" else 0)
            - (0.1 if _in_prose(clean_text(line)[: match.start]) else 0)
            - 0.02 * (page.number - 1)
        )
        score = conf + 0.01 * match.label.rank
        if best is None or score > best[0]:
            best = (score, candidate(hits[0].value, hits[0], conf))
    if best:
        return best[1]
    for page in ctx.doc.pages[:1]:  # "Facture FA-2024-0042", "Handelsrechnung Nr. 123456 vom ..."
        for line in page.lines[:40]:
            text = clean_text(line)
            m = _TITLE_NUMBER.search(text)
            if m and not _separated_dates(m.group("id"), ctx.date_order):
                hit = Hit(m.group("id"), page.number, line, m.start("id"), m.end("id"), "inline")
                return candidate(m.group("id"), hit, 0.75)
            under = _number_under_title(page, line, text, ctx.date_order)
            if under is not None:
                return candidate(under.value, under, 0.65)
    return blank(label_ev) if label_ev else None


_TITLE_ALONE = re.compile(rf"^\s*(?:tax\s+)?(?:{INVOICE_TITLE_WORDS})\s*$", re.I)
# under a title alone: its number, bare or after a mark or a "Ref." ("Invoice" over "Ref. : IN1710-00042")
_LONE_ID = re.compile(
    r"^\s*(?:#|n[°ºo]\.?|no\.?|nr\.?|r[ée]f\.?|r[ée]f[ée]rence)?\s*:?\s*(?P<id>[A-Za-z0-9][\w/.-]*\d[\w/.-]*)\s*$",
    re.I,
)


# A number printed in spaced groups of digits ("1 24 0005 0001201345"): one id in a form's value column
_SPACED_ID = re.compile(r"^\s*(?P<id>\d{1,6}(?:\s\d{1,12}){1,5})\s*$")


def _number_under_title(page: Page, title: Line, text: str, date_order: str | None) -> Hit | None:
    """A title printed alone ("Factura") with the number alone on the line right under it ("2025/FV/5860"), or
    as a form's field, beside it in the value column ("Factura    1 24 0005 0001201345")."""
    if not _TITLE_ALONE.match(text):
        return None
    for beside in right_neighbours(page, title, limit=1):
        value = clean_text(beside)
        m = _LONE_ID.match(value) or _SPACED_ID.match(value)
        if m and not _separated_dates(m.group("id"), date_order):
            return Hit(m.group("id"), page.number, beside, m.start("id"), m.end("id"), "inline")
    h = title.bbox.height
    for line in page.lines:
        gap = line.bbox.y0 - title.bbox.y1
        across = min(line.bbox.x1, title.bbox.x1) - max(line.bbox.x0, title.bbox.x0)
        # set tight, a large title's box reaches into the line under it
        if not (line.bbox.y0 > title.bbox.cy and gap <= 1.0 * h and across > 0):
            continue
        under = clean_text(line)
        m = _LONE_ID.match(under)
        if m and not _separated_dates(m.group("id"), date_order):
            return Hit(m.group("id"), page.number, line, m.start("id"), m.end("id"), "below")
    return None


def _dates_column(ctx: Context, page: Page, hit: Hit) -> bool:
    """Another date right under the one found below a label: a table's column of dates."""
    box, h = hit.line.bbox, hit.line.bbox.height
    return any(ctx.dates(clean_text(other)) for other in lines_below(page, box, h)[:1])


def _date_by_label(ctx: Context, field: str, max_below: float = 2.0) -> Candidate | None:
    best: tuple[float, Candidate] | None = None
    label_ev = None
    for page, line, match in iter_labels(ctx.doc, {field}):
        # A label inside a sentence ("Payment terms: see due date.") has no value under it; one word before a
        # label may be the rest of its own text, garbled ("WVOICE DATE").
        before = clean_text(line)[: match.start]
        heads_line = len(before.split()) <= 1 and ":" not in before
        # "Invoice Date: 0602/2025": the value is on the label's line, unread; the line below is not it
        valued_inline = bool(re.search(r"\d", clean_text(line)[match.end :]))
        damaged = 0.0
        finders = [ctx.dates]
        if (
            ctx.date_order == "DMY"
        ):  # "Date: 1908/2023": a separator OCR lost, read at the label as the last resort
            finders.append(damaged_dmy_dates)
        hits = []
        for finder in finders:
            hits = [
                h
                for h in values_for_label(page, line, match, finder)
                if h.where != "below" or (h.distance < max_below and heads_line and not valued_inline)
            ]
            if hits:
                break
            damaged = 0.2
        if not hits:
            split = _date_boxed_apart(ctx, page, line, match.end)
            if split is not None:
                score = 0.1 * match.label.rank + match.label.strength - 0.1 - 0.05 * (page.number - 1)
                if best is None or score > best[0]:
                    best = (score, split)
                continue
            label_ev = label_ev or make_evidence(page.number, line, match.start, match.end)
            continue
        hit = hits[0]
        if hit.where == "below" and _dates_column(ctx, page, hit):
            continue  # "Date" over a column of dates: the items' dates, not the document's
        ambiguous = any(
            d.ambiguous for d in find_dates(clean_text(hit.line)[hit.start : hit.end], ctx.date_order)
        )
        conf = (
            match.label.strength - (0.1 if hit.where == "below" else 0) - (0.1 if ambiguous else 0) - damaged
        )
        score = 0.1 * match.label.rank + conf - 0.05 * (page.number - 1)
        if best is None or score > best[0]:
            best = (score, candidate(hit.value, hit, conf))
    if best:
        return best[1]
    return blank(label_ev) if label_ev else None


def _date_boxed_apart(ctx: Context, page: Page, line: Line, start: int) -> Candidate | None:
    """A date that OCR boxed in two ("DATE 1 Aug" | "2023" on a till's wide-spaced row, "9. Apr" | "2022"): read
    across the line (from `start`, after its label) and the box right beside it, when the date spans both."""
    text = clean_text(line)[start:]
    beside = right_neighbours(page, line, limit=1)
    if not text.strip() or not beside or beside[0].bbox.x0 - line.bbox.x1 > 2.0 * line_height(line):
        return None
    other = clean_text(beside[0])
    for value, s, e in ctx.dates(f"{text} {other}"):
        if s < len(text) < e:
            spans = [
                (page.number, line, start + s, start + len(text)),
                (page.number, beside[0], 0, e - len(text) - 1),
            ]
            return Candidate(value=value, confidence=0.6, evidence=evidence_of(spans))
    return None


def invoice_date(ctx: Context) -> Candidate | None:
    found = _date_by_label(ctx, "invoice_date")
    if found is not None and found.value is not None:
        return found
    # "Rechnung Nr. 123456 vom 05.03.2024": a date on the invoice-number title line
    for page in ctx.doc.pages[:1]:
        for line in page.lines[:40]:
            text = clean_text(line)
            if _TITLE_NUMBER.search(text) or any(m.field == "invoice_number" for m in labels_in(line)):
                dates = ctx.dates(text)
                if dates:
                    v, s, e = dates[0]
                    return candidate(v, Hit(v, page.number, line, s, e, "inline"), 0.8)
    if found is not None and not ctx.is_receipt:
        return found  # the invoice prints its date label with a value unread: a person reads it, no guess
    # otherwise the first date printed that no other label claims (receipts print the sale date unlabelled)
    for page in ctx.doc.pages[:1]:
        for line in sorted(page.lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0)):
            text = clean_text(line)
            if any(m.field in ("due_date", "other_date") for m in labels_in(line)):
                continue
            dates = ctx.dates(text)
            if not dates and (split := _date_boxed_apart(ctx, page, line, 0)) is not None:
                return split  # "9. Apr" | "2022": a till's date OCR boxed in two
            if dates:
                v, s, e = dates[0]
                if len(text[:s].split()) >= 5:
                    continue  # a date inside a sentence ("Credits … will expire on 28 Jan 2016")
                return candidate(
                    v, Hit(v, page.number, line, s, e, "inline"), 0.6 if ctx.is_receipt else 0.45
                )
    if ctx.is_receipt and (found is None or found.value is None):
        return _compact_sale_date(ctx) or found
    return found or _order_date(ctx)


_ORDERED = re.compile(r"order|bestell|commande|pedido|ordine|auftrag", re.I)


def _order_date(ctx: Context) -> Candidate | None:
    """The order's date, where the page prints no other (a web shop's "Tax invoice … Order date: 28 Jan 15"),
    at a confidence that leaves it to the scorer and a reviewer."""
    for page, line, match in iter_labels(ctx.doc, {"other_date"}):
        text = clean_text(line)
        if page.number > 1 or not _ORDERED.search(text[match.start : match.end]):
            continue
        hits = values_for_label(page, line, match, ctx.dates)
        if hits and hits[0].where != "below":
            return candidate(hits[0].value, hits[0], 0.4)
    return None


def _compact_sale_date(ctx: Context) -> Candidate | None:
    """A till that prints its date without separators ("27032018 13:11"), or whose separator OCR lost
    ("3003/2018"), on a page with no other date."""
    page = ctx.doc.pages[0]
    for line in sorted(page.lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0)):
        compact = damaged_dmy_dates(clean_text(line))
        if compact:
            v, s, e = compact[0]
            return candidate(v, Hit(v, page.number, line, s, e, "inline"), 0.45)
    return None


def due_date(ctx: Context) -> Candidate | None:
    found = _date_by_label(ctx, "due_date", max_below=3.0)
    if found is not None and found.value is not None:
        return found
    scheduled = _scheduled_due_date(ctx)
    if scheduled is not None or found is not None or ctx.is_receipt:
        return scheduled or found
    return _later_date_unread(ctx)


UNREAD_LATER_DATE = "a later date is printed under a label not read"
MAX_TERM = timedelta(days=120)  # the longest payment term a later date is taken to be a due date's


def _later_date_unread(ctx: Context) -> Candidate | None:
    """An invoice with no due-date label that prints a date after its issue date, within a payment term, on a
    line that no other date's label claims ("Data de validade: 14 de mai. de 2025" beside the issue date): maybe
    its due date under a wording the vocabulary lacks. No value is guessed; the field stays in review with that
    date as evidence instead of being recorded as not printed."""
    issued = invoice_date(ctx)
    if issued is None or not isinstance(issued.value, date) or issued.evidence is None:
        return None
    for page in ctx.doc.pages[:1]:
        for line in page.lines:
            if any(m.field in ("due_date", "other_date") for m in labels_in(line)):
                continue
            for v, s, e in ctx.dates(clean_text(line)):
                if issued.value < v <= issued.value + MAX_TERM:
                    return blank(make_evidence(page.number, line, s, e), UNREAD_LATER_DATE)
    return None


# A payment schedule's heading, alone on its line ("Payment Term", "Payment schedule", "Instalments")
_SCHEDULE = re.compile(r"payment\s+(?:terms?|schedule|plan)|instal+ments?|zahlungsplan|ratenplan", re.I)
_DATE_HEAD = re.compile(r"(?:due\s+)?date|datum|fecha|data", re.I)


def _scheduled_due_date(ctx: Context) -> Candidate | None:
    """A due date printed only as the one row of a payment schedule ("Payment Term" / "Date   Amount" /
    "07/28/2023   $ 303.25"): a single instalment, so its date is when the invoice falls due. With two rows or
    more the invoice is paid in instalments and has no one due date."""
    for page in ctx.doc.pages:
        for line in page.lines:
            h = line.bbox.height
            if not _SCHEDULE.fullmatch(clean_text(line).strip(" :")):
                continue
            heads = [
                o
                for o in page.lines
                if 0 <= o.bbox.y0 - line.bbox.y1 <= 1.5 * h
                and line.bbox.x0 - 12 * h <= o.bbox.cx <= line.bbox.x1 + 12 * h
                and _DATE_HEAD.fullmatch(clean_text(o).strip(" :"))
            ]
            for head in heads:
                column = _dated_under(ctx, page, head)
                if not column:
                    continue
                row = column[0]
                priced = any(ctx.money(clean_text(o)) for o in right_neighbours(page, row, 1))
                if not priced or _dated_under(ctx, page, row):
                    continue
                v, s, e = ctx.dates(clean_text(row))[0]
                return candidate(v, Hit(v, page.number, row, s, e, "below"), 0.6)
    return None


def _dated_under(ctx: Context, page: Page, above: Line) -> list[Line]:
    """Dated lines right under `above` (within one and a half line heights) and in its column, nearest first; a
    column's values may stand left of a heading centred over them, ending where it begins."""
    box, h = above.bbox, above.bbox.height
    return sorted(
        (
            o
            for o in page.lines
            if 0 <= o.bbox.y0 - box.y1 <= 1.5 * h and x_overlap(o.bbox, box) > -h and ctx.dates(clean_text(o))
        ),
        key=lambda o: o.bbox.y0,
    )


_VAT_ID = re.compile(
    r"(?<![A-Z0-9])(?:(?:AT)U\d{8}|(?:DE|EE|PT|EL|GR)\d{9}|FR[0-9A-Z]{2}\d{9}|GB\d{9}(?:\d{3})?|IT\d{11}|"
    r"ES[0-9A-Z]\d{7}[0-9A-Z]|NL\d{9}B\d{2}|BE0?\d{9,10}|CHE-?\d{3}\.?\d{3}\.?\d{3}|LU\d{8}|PL\d{10}|"
    r"DK\d{8}|SE\d{12}|IE\d[0-9A-Z]\d{5}[A-Z]{1,2}|\d{12})(?![A-Z0-9])"
)


def vendor_tax_id(ctx: Context) -> Candidate | None:
    def find(text: str) -> list[tuple[str, int, int]]:
        compact = text
        m = _VAT_ID.search(compact.replace(" ", "")) if len(text) < 60 else None
        if m:
            token = re.search(r"[A-Z0-9][A-Z0-9 .-]*[A-Z0-9]", text[max(0, text.find(m.group()[:2])) :])
            start = text.find(m.group()[:2])
            if token and start >= 0:
                return [(m.group(), start, start + len(token.group()))]
        m = re.search(r"[A-Z]{0,3}[0-9][0-9A-Z/.-]{5,}", text)
        return [(m.group(), m.start(), m.end())] if m else []

    customer_words = re.compile(r"client|customer|kunde|käufer|acheteur|buyer|ihre", re.I)
    for page, line, match in iter_labels(ctx.doc, {"vendor_tax_id"}):
        before = clean_text(line)[max(0, match.start - 12) : match.end + 8]
        if customer_words.search(before):
            continue
        hits = values_for_label(page, line, match, find, below=False)
        if hits:
            return candidate(hits[0].value, hits[0], match.label.strength)
    return None
