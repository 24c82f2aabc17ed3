"""Every URL pattern × every role: 200, 403, 404, 405 or a redirect to sign in, never a 500."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import LOGIN, ROLES, Route, rolled_back, start_afresh

# The admin is Django's own, guarded by is_staff; it is checked separately below.
EXCLUDED_NAMESPACES = {"admin"}


def _route_modules():
    tests_dir = Path(__file__).parent
    for module in pkgutil.iter_modules([str(tests_dir)]):
        if module.ispkg and (tests_dir / module.name / "routes.py").exists():
            yield importlib.import_module(f"tests.{module.name}.routes")


def extend_with_every_app(world) -> None:
    """Give ``world`` the objects every app's routes need (each routes module's ``extend``)."""
    for module in _route_modules():
        extend = getattr(module, "extend", None)
        if extend is not None:
            extend(world)


def _all_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for module in _route_modules():
        for route in module.ROUTES:
            assert route.name not in routes, f"{route.name} is listed twice"
            routes[route.name] = route
    return routes


def _url_names(patterns=None, namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.extend(_url_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern}>")
    return names


ROUTES = _all_routes()


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(_url_names()) - set(ROUTES))
    assert not missing, f"Add these URL names to a tests/<app>/routes.py: {missing}"


def test_the_matrix_lists_no_url_that_does_not_exist():
    stale = sorted(set(ROUTES) - set(_url_names()))
    assert not stale, f"These routes name no URL pattern: {stale}"


def _answer(route: Route, world, role: str):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world.users, role))
    url = reverse(route.name, kwargs=route.kwargs(world) if route.kwargs else None)
    data = route.data(world) if route.data else None
    return url, getattr(client, route.method)(url, data=data)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_role_gets_the_expected_answer(world, name):
    """Each cell of the matrix: one role on one URL. The URL's world is built once, and each
    role's request is rolled back, so every role meets the world as it was built (a POST by one
    role leaves nothing behind for the next)."""
    route = ROUTES[name]
    for module in _route_modules():
        extend = getattr(module, "extend", None)
        if extend is not None and any(r.name == name for r in module.ROUTES):
            extend(world)

    wrong = []
    for role in ROLES:
        start_afresh()
        with rolled_back():
            url, response = _answer(route, world, role)
        expected = route.expected_for(role)
        if expected == LOGIN:
            went_to = response.get("Location", "")
            if response.status_code != 302 or not went_to.startswith(reverse("login")):
                wrong.append(f"{role} on {url}: {response.status_code} {went_to}, not sign-in")
        elif response.status_code != expected:
            wrong.append(f"{role} on {url}: {response.status_code}, not {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES[1:])
def test_admin_is_only_for_staff_accounts(client, world, role):
    client.force_login(getattr(world.users, role))
    response = client.get(reverse("admin:index"))
    if role == "partner":  # a partner auditor is not told the admin exists
        assert response.status_code == 404
        return
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
