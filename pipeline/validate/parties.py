"""Seller and buyer are two parties: the same name read for both means one was taken from the other's block.

An invoice a company writes to itself is rare enough that a person should see it; the usual cause is a layout
reading that took the buyer's address block for the letterhead (or the reverse), and the scorer, which judges
each field alone, cannot see it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.document import FieldStatus
from pipeline.validate.grounding import normalise
from pipeline.validate.rules import RuleContext, Violation


@dataclass
class DistinctParties:
    name: str = "parties.distinct"

    def check(self, ctx: RuleContext) -> list[Violation]:
        seller_field, buyer_field = ctx.field_for("vendor_name"), ctx.field_for("customer_name")
        seller, buyer = ctx.value_of("vendor_name"), ctx.value_of("customer_name")
        if not (seller_field and buyer_field and isinstance(seller, str) and isinstance(buyer, str)):
            return []
        if not normalise(seller) or normalise(seller) != normalise(buyer):
            return []
        reason = f"seller and buyer are both '{seller}': one of them was read from the other's address block"
        return [
            Violation(seller_field, FieldStatus.INCONSISTENT, self.name, reason),
            Violation(buyer_field, FieldStatus.INCONSISTENT, self.name, reason),
        ]


PARTY_RULES = [DistinctParties()]
