"""What is waiting for each person: every app contributes its own work items.

An app registers a provider in its ``AppConfig.ready``; "My work" asks each provider for the
sections that belong to the signed-in person, so the project package never imports an app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from .roles import Role

# My work shows this many of a section's items, the most urgent first, with a link to the rest:
# a busy peer auditor's page stays short at any size of authority.
ITEMS_SHOWN = 8


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    due: date | None = None
    status: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class WorkSection:
    role: Role
    title: str
    items: list[WorkItem] = field(default_factory=list)
    empty_text: str = "Nothing is waiting for you here."
    more_url: str = ""
    # How many items there are in all, when only the first ``ITEMS_SHOWN`` are kept.
    total: int = 0

    @property
    def shortened(self) -> bool:
        return self.total > len(self.items)


WorkProvider = Callable[[object], Iterable[WorkSection]]
_providers: list[WorkProvider] = []


def register(provider: WorkProvider) -> WorkProvider:
    """Add a provider; usable as a decorator. Registering twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(user) -> dict[Role, list[WorkSection]]:
    """Each of the person's roles, in the framework's order, with its sections of work; a long
    section keeps its ``ITEMS_SHOWN`` most urgent items (providers list the soonest due first)."""
    by_role: dict[Role, list[WorkSection]] = {role: [] for role in user.roles}
    for provider in _providers:
        for section in provider(user):
            if section.role in by_role:
                by_role[section.role].append(_shortened(section))
    return by_role


def _shortened(section: WorkSection) -> WorkSection:
    total = len(section.items)
    if total <= ITEMS_SHOWN:
        return section
    return replace(section, items=list(section.items[:ITEMS_SHOWN]), total=total)


# Where a person lands after signing in, when every role they hold has a page of its own rather
# than work waiting (a director reads the KPI dashboard). Apps register these in ``ready``.
_landing_pages: dict[Role, str] = {}


def register_landing(role: Role, url_name: str) -> None:
    _landing_pages[role] = url_name


def landing_for(user) -> str | None:
    """The URL name ``user`` lands on after signing in, or None for My work: only when all
    their roles share one landing page, so nobody with work waiting misses it."""
    names = {_landing_pages.get(role) for role in user.roles}
    if len(names) == 1 and None not in names:
        return names.pop()
    return None
