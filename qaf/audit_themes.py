"""Anonymised counts of the audits' learning themes, for pages outside the loop to show.

Participation groups look at what audits have found, but the voice app builds on casework
alone and must not reach into moderation. Moderation registers a function here from its
``AppConfig.ready`` that answers with counts only (a theme's name and how many audits found
it), never an audit, a case or a child; the voice pages ask this module.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ThemeCount:
    name: str
    audits: int


ThemeCounter = Callable[[date], list[ThemeCount]]
_counter: list[ThemeCounter] = []


def register(counter: ThemeCounter) -> None:
    _counter[:] = [counter]


def theme_counts(*, since: date) -> list[ThemeCount]:
    """Each learning theme found in audits since ``since``, most often found first."""
    return _counter[0](since) if _counter else []
