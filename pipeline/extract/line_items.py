"""Line items from column alignment (placeholder until the table reader lands)."""

from __future__ import annotations

from pipeline.document import Candidate
from pipeline.extract.context import Context


def extract_line_items(ctx: Context) -> Candidate | None:
    return None
