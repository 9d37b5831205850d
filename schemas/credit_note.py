"""Credit note schema: an invoice's fields under their own name, so outputs, exports and reviewers see the type.

A credit note (Gutschrift, avoir, nota di credito) is a supplier's document that reduces what the customer owes;
it prints the same parties, number, dates, totals and lines as an invoice, so it is read with the invoice fields
and rules. Amounts keep their printed sign.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import ConfigDict

from schemas.invoice import Invoice


class CreditNote(Invoice):
    """A supplier credit note (amounts as printed, negative or positive)."""

    model_config = ConfigDict(extra="forbid", title="CreditNote")

    schema_name: ClassVar[str] = "credit_note"
