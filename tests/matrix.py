"""The role × URL matrix: what each role gets from every URL pattern.

Each app lists its routes in ``tests/<app>/routes.py`` as ``ROUTES``; ``test_url_matrix`` finds
every named URL pattern in the resolver and fails if one has no route here, so no view is left out.
A route may also give ``extend`` to add the objects its URL needs to the shared ``world``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "practitioner",
    "team_manager",
    "peer_auditor",
    "senior_manager",
    "director",
    "qa_officer",
    "participation_worker",
    "staff",
)
SIGNED_IN = ROLES[1:]

LOGIN = "login"  # a redirect to the sign-in page


@dataclass(frozen=True)
class Route:
    name: str
    # Role -> expected status code (or LOGIN). Roles not listed expect ``default``.
    expect: dict[str, int | str] = field(default_factory=dict)
    default: int | str = 403
    anonymous: int | str = LOGIN
    kwargs: Callable[[object], dict] | None = None
    method: str = "get"
    data: Callable[[object], dict] | None = None

    def expected_for(self, role: str) -> int | str:
        if role == "anonymous":
            return self.anonymous
        return self.expect.get(role, self.default)


def allow(*roles: str, status: int = 200) -> dict[str, int]:
    return dict.fromkeys(roles, status)
