"""What the review server accepts from a request, and the plain refusals for everything else.

A value over its limit is refused with the limit named, never cut: a cut correction saved as "Saved" is a
silent data change. Ids are read from the path as text and anything that is not a database id answers 404
(a 20-digit id must not reach the database driver as an overflow). Bodies are capped before parsing, and JSON
typed into a list field is checked for depth before `json.loads` can recurse.
"""

from __future__ import annotations

import re

from pipeline.store.queue import ReviewError

MAX_BODY_BYTES = 1 << 20  # a 500-row line-item table is ~100 KiB
MAX_FORM_FIELDS = 4000  # 500 rows x 4 cells, the rest is headroom
MAX_TEXT_CHARS = 1000  # names, addresses, invoice numbers, item descriptions
MAX_SCALAR_CHARS = {"money": 40, "date": 40, "text": MAX_TEXT_CHARS}
MAX_LIST_CHARS = 200_000  # JSON typed into a list field
MAX_ROWS = 500
MAX_JSON_DEPTH = 8
MAX_FILTER_CHARS = 200
MAX_DB_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def parse_id(text: str) -> int | None:
    """A database id from a URL segment: ASCII digits, 1 .. 2**63-1; anything else is None (→ 404)."""
    if not _ID.fullmatch(text or ""):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_DB_ID else None


def parse_count(text: str | None, default: int, low: int, high: int) -> int:
    """A small positive number from a query parameter, clamped to [low, high]; junk gives the default."""
    text = (text or "").strip()
    if not re.fullmatch(r"[0-9]{1,9}", text):
        return default
    return min(max(int(text), low), high)


def check_length(name: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise ReviewError(
            f"{name}: {len(text):,} characters, at most {limit:,} are allowed — nothing was saved; "
            "shorten the value"
        )


def json_depth(text: str) -> int:
    """Deepest bracket nesting in JSON text (strings skipped), without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest
