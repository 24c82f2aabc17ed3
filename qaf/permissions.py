"""Role predicates (django-rules) and a view guard built on them.

Roles only open the door to a kind of page; which objects a person sees is decided by each app's
selectors and rules, never by hiding links.
"""

from collections.abc import Callable
from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import Role


def has_role(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"has_role:{role.value}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(role))

    return predicate


is_practitioner = has_role(Role.PRACTITIONER)
is_team_manager = has_role(Role.TEAM_MANAGER)
is_peer_auditor = has_role(Role.PEER_AUDITOR)
is_senior_manager = has_role(Role.SENIOR_MANAGER)
is_director = has_role(Role.DIRECTOR)
is_qa_officer = has_role(Role.QA_OFFICER)
is_participation_worker = has_role(Role.PARTICIPATION_WORKER)


def is_partner_only(user) -> bool:
    """Someone from a partner agency (police, health, education...) with no role in the
    council's own service: they see the Safeguarding Partnership's pages and nothing else."""
    return bool(user and user.is_authenticated and user.role_names == {Role.PARTNER_AUDITOR.value})


def role_required(*roles: Role) -> Callable:
    """Let in a signed-in person holding any of ``roles``; 403 for others, login for strangers."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(request.user.has_role(role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator
