"""Who is away from work in a month: leave and other absences.

Sampling (in ``audits``) must leave out peer auditors on leave, but leave is recorded by the
``organisation`` app, which builds on ``audits``. Organisation registers its lookup here from its
``AppConfig.ready``; sampling and its pages ask this module, so neither imports the other.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Protocol


class Absence(Protocol):
    """What sampling reads of an absence: whose it is, its kind and its dates."""

    user_id: int
    start_date: date
    end_date: date

    def get_kind_display(self) -> str: ...


AwayLookup = Callable[[date], Mapping[int, Sequence[Absence]]]
_lookup: list[AwayLookup] = []


def register(lookup: AwayLookup) -> None:
    _lookup[:] = [lookup]


def on_leave_in(period: date) -> Mapping[int, Sequence[Absence]]:
    """Each person with an absence in ``period``'s month (by user id), with those absences.
    Nobody is away when no app records leave."""
    return _lookup[0](period) if _lookup else {}
