"""The API's URLs in the role × URL matrix.

The token pages are the QA officer's. The JSON API opens to a token only: a signed-in session,
whatever its role, gets 401, as does anyone with no token.
"""

from tests.matrix import Route, allow

API = ("root", "scopes", "kpi_definitions", "kpis", "audit_outcomes", "voice", "schema")


def extend(world):
    """A token in use and a revoked one, made by the world's QA officer."""
    if hasattr(world, "api_token"):
        return
    from api.services import api_token_create, api_token_revoke

    world.api_token = api_token_create(name="Council BI", by=world.users.qa_officer).token
    world.revoked_api_token = api_token_create(name="Old", by=world.users.qa_officer).token
    api_token_revoke(token=world.revoked_api_token, by=world.users.qa_officer)


def _token(world):
    return {"pk": world.api_token.pk}


ROUTES = [
    Route("api:tokens", expect=allow("qa_officer")),
    Route("api:token_create", expect=allow("qa_officer")),
    # Every QA officer manages every token: no one else's record to be a stranger to.
    Route(
        "api:token",
        kwargs=_token,
        expect=allow("qa_officer"),
        strangers_may="every token is every QA officer's to manage",
    ),
    Route(
        "api:token_revoke",
        method="post",
        kwargs=_token,
        expect=allow("qa_officer", status=302),
        strangers_may="every token is every QA officer's to manage",
    ),
    *(Route(f"api:{name}", default=401, anonymous=401) for name in API),
]
