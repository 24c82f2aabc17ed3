"""Figures other apps add to the voice monitoring page, so the page's app need not import them.

An app registers a provider in its ``AppConfig.ready``; the page shows each panel a provider
returns for the month being read: a heading, a table of counts by quarter, and a link.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Panel:
    title: str
    columns: list[str]
    rows: list[tuple[str, list[int]]] = field(default_factory=list)
    link_text: str = ""
    link_url: str = ""


PanelProvider = Callable[[object, date], Panel | None]
_providers: list[PanelProvider] = []


def register(provider: PanelProvider) -> PanelProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user, month: date) -> list[Panel]:
    """The panels ``user`` may read, for the quarters up to ``month``."""
    return [panel for provider in _providers if (panel := provider(user, month)) is not None]
