"""What is waiting for each person: every app contributes its own work items.

An app registers a provider in its ``AppConfig.ready``; "My work" asks each provider for the
sections that belong to the signed-in person, so the project package never imports an app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from .roles import Role


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


WorkProvider = Callable[[object], Iterable[WorkSection]]
_providers: list[WorkProvider] = []


def register(provider: WorkProvider) -> WorkProvider:
    """Add a provider; usable as a decorator. Registering twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(user) -> dict[Role, list[WorkSection]]:
    """Each of the person's roles, in the framework's order, with its sections of work."""
    by_role: dict[Role, list[WorkSection]] = {role: [] for role in user.roles}
    for provider in _providers:
        for section in provider(user):
            if section.role in by_role:
                by_role[section.role].append(section)
    return by_role
