"""Every value a printed line could mean, for grounding: amounts in any locale's notation, dates in any format.

Grounding asks "is 1234.56 on the page?" without knowing the document's locale, so a line is read in every
plausible way at once: "1.234" is both 1234 (German grouping) and 1.234 (a 3-decimal amount); "03/04/2024" is
both 3 April and 4 March. Over-reading costs almost nothing (a value must still match exactly), under-reading
would flag correct values as ungrounded. The readers are the extractor's own (`pipeline.extract.parsing`), run
under every convention, so a value the extractor could read is one grounding can find.
"""

from __future__ import annotations

from pipeline.extract.dates import date_readings as dates_in
from pipeline.extract.parsing import number_readings as numbers_in
from pipeline.textnorm import fold

__all__ = ["dates_in", "fold", "numbers_in"]
