"""The place on the public pages for the service's published yearly summary.

The reports that publish it live elsewhere; they register a function here that returns the
latest published summary as ``(title, url)``, or ``None`` while there is none. Until one is
registered, or while it returns ``None``, the public pages show no link.
"""

from collections.abc import Callable

YearlySummary = tuple[str, str]
_provider: list[Callable[[], YearlySummary | None]] = []


def register(provider: Callable[[], YearlySummary | None]) -> None:
    _provider[:] = [provider]


def latest() -> YearlySummary | None:
    return _provider[0]() if _provider else None
