"""Shared steps of the security probes: who may use a URL, who is a stranger to it, and how to
post a page's own form as each of them."""

from django.test import Client
from django.urls import reverse

from tests.matrix import LOGIN, ROLES, STRANGERS, PageForm, Route, forms_posting_to
from tests.test_url_matrix import ROUTES, _route_modules

DENIED = (403, 404)


def routes_of(app: str) -> list[Route]:
    for module in _route_modules():
        if module.__name__ == f"tests.{app}.routes":
            return list(module.ROUTES)
    raise LookupError(app)


APPS = sorted(module.__name__.split(".")[1] for module in _route_modules())


def is_public(route: Route) -> bool:
    return route.anonymous == 200


def is_object_url(route: Route) -> bool:
    """A URL about one record (it names a pk or token) that is not open to the public, nor to
    everyone of a role whatever their part in the world (``Route.strangers_may`` says why)."""
    return route.kwargs is not None and not is_public(route) and not route.strangers_may


def url_of(route: Route, world) -> str:
    return reverse(route.name, kwargs=route.kwargs(world) if route.kwargs else None)


def allowed_role(route: Route) -> str | None:
    """The first role (or anonymous) that may use the URL: 200 for a page, 200/302 for a POST."""
    ok = (200,) if route.method == "get" else (200, 302)
    for role in ROLES:
        if route.expected_for(role) in ok:
            return role
    return None


def forbidden_roles(route: Route) -> list[str]:
    """Everyone the URL must turn away: the roles the matrix expects 403/404 (or sign-in) for,
    and the strangers for a URL about one record."""
    roles = [role for role in ROLES if route.expected_for(role) in (*DENIED, LOGIN)]
    if is_object_url(route):
        roles.extend(STRANGERS)
    return roles


class Visitors:
    """One signed-in test client per role and stranger, signed in once, before any probe: a
    session made inside a rolled-back probe would vanish with it."""

    def __init__(self, world, roles=(*ROLES, *STRANGERS)):
        self._clients = {}
        for role in roles:
            client = Client()
            if role != "anonymous":
                client.force_login(getattr(world.users, role))
            self._clients[role] = client

    def __getitem__(self, role: str) -> Client:
        return self._clients[role]


def is_turned_away(response, role: str) -> bool:
    if role == "anonymous":
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    return response.status_code in DENIED


# Forms of two steps: the page's first step is a GET form, and the form that writes appears once
# it is answered. The query answers the first step for the shared world.
FIRST_STEP = {
    "feedback:invitation_create": lambda world: f"?child={world.child.pk}",
}


def is_page(response) -> bool:
    """An HTML page, not a file to download (a report's PDF or workbook has no form)."""
    return response.get("Content-Type", "").startswith("text/html")


def page_form(visitors: Visitors, world, route: Route) -> tuple[str, PageForm | None]:
    """The URL, and the form its page posts to itself (None if it has none), as seen by someone
    who may use it."""
    url = url_of(route, world)
    role = allowed_role(route)
    if role is None:
        return url, None
    first_step = FIRST_STEP.get(route.name)
    response = visitors[role].get(url + (first_step(world) if first_step else ""))
    if response.status_code != 200 or not is_page(response):
        return url, None
    forms = forms_posting_to(response.text, url)
    return url, forms[0] if forms else None


def page_form_data(visitors: Visitors, world, route: Route) -> tuple[str, dict | None]:
    """The URL and the valid data of the form its page posts to itself (None if it has none)."""
    url, form = page_form(visitors, world, route)
    return url, form.valid_data() if form else None


def button_data(visitors: Visitors, world, routes: list[Route]) -> dict[str, dict]:
    """For each POST-only URL, the data of a form that posts to it from one of the app's pages
    (the buttons: publish, cancel a link, confirm an import), fetched as a user who sees them."""
    found: dict[str, dict] = {}
    wanted = {url_of(r, world) for r in ROUTES.values() if r.method == "post"}
    for route in routes:
        if route.method != "get":
            continue
        role = allowed_role(route)
        if role is None:
            continue
        response = visitors[role].get(url_of(route, world))
        if response.status_code != 200 or not is_page(response):
            continue
        for path in wanted - set(found):
            forms = forms_posting_to(response.text, path)
            if forms:
                found[path] = forms[0].valid_data()
    return found
