"""The service navigation: each app adds its links in ``AppConfig.ready``."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    visible_to: Callable[[object], bool]
    order: int = 50


_links: list[NavLink] = []


def register(link: NavLink) -> None:
    if all(existing.url_name != link.url_name for existing in _links):
        _links.append(link)
        _links.sort(key=lambda item: item.order)


def links_for(user) -> list[NavLink]:
    from .permissions import is_partner_only

    if is_partner_only(user):  # every other page is 404 to them
        return [link for link in _links if link.url_name.startswith("partnership:")]
    return [link for link in _links if user.is_authenticated and link.visible_to(user)]
