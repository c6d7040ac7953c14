"""Which amount of a guarantee sentence is the guarantee's.

"Of those leases that contain residual value guarantees, the aggregate residual value at lease
expiration was $13.7 million, of which we have guaranteed $10.7 million": the leased assets'
residual value is what the guarantee is a part of; the amount the filer says it guaranteed is
the most it can be made to pay. Elsewhere an amount after "of which" is only a part of the
figure before it (narrative drops it); here the part is the figure.
"""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

from dashboard.model.sentences import FILER_GUARANTEED

_GUARANTEED_BEFORE = re.compile(FILER_GUARANTEED.split("(?=")[0] + r"(?:approximately\s+|about\s+)?$", re.I)


class _Amount(Protocol):
    start: int
    end: int
    nil: bool
    in_parens: bool


A = TypeVar("A", bound=_Amount)


def guaranteed_share(clause: str, amounts: list[A]) -> A | None:
    """The one amount the clause says the filer guaranteed ("of which we have guaranteed $10.7
    million"), or None when it names none or more than one."""
    found = [a for a in amounts if not a.in_parens and _GUARANTEED_BEFORE.search(clause, 0, a.start)]
    return found[0] if len(found) == 1 else None
