"""Random and hostile values posted to every form and to the case-data imports.

Huge numbers, 40-digit years, unicode, NUL bytes, very long strings, HTML and script, SQL-ish
text, empty and blank values go into one to three fields of each page's own valid form, posted
by someone who may use it. The answer is a redirect (the values were acceptable), or a 4xx or
the page again with a clear error message and nothing saved: never a server error.
"""

import os

import pytest
from hypothesis import given, note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.matrix import ROLES, rolled_back

from .probing import APPS, Visitors, allowed_role, page_form, routes_of

pytestmark = pytest.mark.django_db

HOSTILE = [
    "9" * 40,
    "-1",
    "0",
    "1e309",
    "NaN",
    "18446744073709551616",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "Robert'); DROP TABLE casework_child;--",
    "",
    "   ",
    "\t\n\r",
    "Zoë Ødegård 李小龙 😀",
    "\u202eevil",
    "\ud7ff\ufffe",
    "x" * 20_000,
    "%s%s%n",
    "../../etc/passwd",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
ERROR_SIGNS = ("govuk-error-summary", "govuk-error-message", "There is a problem")


def _profile():
    return hypothesis_settings.get_profile(os.environ.get("QAF_FUZZ_PROFILE", "fuzz"))


def _row_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("casework", "audits", "moderation", "feedback", "qaf", "pages")
        and model.__name__ != "ChildAccessLog"
    }


def _post_hostile(client, url: str, data: dict, fields: list[str], hidden: set[str]):
    @hypothesis_settings(_profile())
    @given(
        changes=st.dictionaries(st.sampled_from(fields), VALUES, min_size=1, max_size=3),
    )
    def post(changes):
        note(f"{url} {changes!r}")
        with rolled_back():
            before = _row_counts()
            response = client.post(url, data | {name: [value] for name, value in changes.items()})
            assert response.status_code < 500
            if response.status_code == 302:
                return
            assert _row_counts() == before, f"{url} saved part of {changes!r}"
            # A person types only into what they see; a tampered hidden value is refused
            # without a message for them.
            if response.status_code == 200 and not hidden.intersection(changes):
                assert any(sign in response.text for sign in ERROR_SIGNS), (
                    f"{url} answered 200 to {changes!r} with no error message"
                )

    post()


@pytest.mark.parametrize("app", APPS)
def test_hostile_values_in_any_form_give_a_clear_error_never_a_server_error(probe_world, app):
    visitors = Visitors(probe_world, roles=ROLES)
    fuzzed = 0
    for route in routes_of(app):
        if route.method != "get":
            continue
        url, form = page_form(visitors, probe_world, route)
        if form is None:
            continue
        data = form.valid_data()
        hidden = {c["name"] for c in form.controls if c.get("type") == "hidden" and c.get("name")}
        fields = sorted(name for name in data if name != "csrfmiddlewaretoken")
        if not fields:
            continue
        _post_hostile(visitors[allowed_role(route)], url, data, fields, hidden)
        fuzzed += 1
    assert fuzzed
