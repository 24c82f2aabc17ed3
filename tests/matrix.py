"""The role × URL matrix: what each role gets from every URL pattern.

Each app lists its routes in ``tests/<app>/routes.py`` as ``ROUTES``; ``test_url_matrix`` finds
every named URL pattern in the resolver and fails if one has no route here, so no view is left out.
A route may also give ``extend`` to add the objects its URL needs to the shared ``world``.
"""

import functools
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import transaction

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
    # The Safeguarding Partnership: its business manager (council staff, like "staff" outside the
    # partnership's pages) and a partner agency's auditor (404 everywhere outside them).
    "business_manager",
    "partner",
)
# Every signed-in member of the council's staff; a partner auditor is not one.
SIGNED_IN = tuple(role for role in ROLES[1:] if role != "partner")

# The pages a partner auditor shares with everyone signed in (My work, messages, signing in and
# out, the public pages): outside them and the partnership's own, every URL is 404 to them.
PARTNER_SHARED = {
    "home",
    "notifications",
    "notifications_mark_all_read",
    "notification_open",
    "healthz",
    "accessibility",
    "privacy",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "values",
    "guide",
    "guide_children",
    "take_part",
    "organisation:invitation_accept",
    # A partner auditor signs in with a password, so sets up and gives a second factor too.
    "second_factor",
    "second_factor_setup",
    "second_factor_recovery_codes",
    # The published yearly summary is public.
    "yearly_summary",
}

LOGIN = "login"  # a redirect to the sign-in page


@contextmanager
def rolled_back():
    """Whatever happens inside is undone, so that one world serves many requests."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def kept_for_the_module(django_db_blocker):
    """For a module-scoped fixture: what is made inside is kept for each of the module's tests,
    which run in savepoints inside it (as Django's ``setUpTestData``), and rolled back when the
    module is done. Tests get a deep copy of what the fixture yields, so that none sees another's
    changes to the objects in memory."""
    with django_db_blocker.unblock(), rolled_back():
        yield


def start_afresh() -> None:
    """What every test, and every role's request in the matrix, starts with: nobody's My work,
    KPI figures or published survey questions held in the process from before."""
    from feedback.views import public as survey_pages
    from kpis import cache as kpi_figures
    from qaf import work

    work.forget_all()
    kpi_figures.forget_all()
    survey_pages._PUBLISHED_QUESTIONS.clear()


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
    # Why the world's strangers are not strangers to this record (it is open to every signed-in
    # person, or to every holder of a role, whoever they work with); empty for most records.
    strangers_may: str = ""

    def expected_for(self, role: str) -> int | str:
        if role == "anonymous":
            return self.anonymous
        if role in self.expect:
            return self.expect[role]
        if role == "business_manager":
            return self.expected_for("staff")
        if role == "partner":
            return self.expected_for("staff") if self.name in PARTNER_SHARED else 404
        return self.default


def allow(*roles: str, status: int = 200) -> dict[str, int]:
    return dict.fromkeys(roles, status)


# Strangers to the world's objects: each holds a role that opens pages of its kind, but has no
# part in the world's child, audits, alerts or links. For an object URL they get 403 or 404.
STRANGERS = (
    "stranger_team_manager",  # manages team C, in the same service area
    "stranger_senior_manager",  # senior manager of another service area
    "stranger_practitioner",  # in team A, but the world's child is not allocated to them
    "stranger_peer_auditor",  # a peer auditor with no audit assigned
)


def add_strangers(world) -> None:
    """Give ``world`` the four strangers, with a team C in its area and a second area.

    Call it after the routes' ``extend``, so that the strangers take no part in the world's
    sampling.
    """
    if hasattr(world.users, "stranger_team_manager"):
        return
    from casework.models import TeamMembership
    from qaf.roles import Role
    from tests import factories

    other_area = factories.ServiceAreaFactory(name="Children looked after")
    team_c = factories.TeamFactory(name="Safeguarding C", service_area=world.area)
    team_d = factories.TeamFactory(name="Looked after D", service_area=other_area)
    users = world.users
    users.stranger_team_manager = factories.UserFactory(
        username="stranger_team_manager", roles=[Role.TEAM_MANAGER]
    )
    factories.TeamMembershipFactory(
        user=users.stranger_team_manager, team=team_c, role=TeamMembership.Role.MANAGER
    )
    users.stranger_senior_manager = factories.UserFactory(
        username="stranger_senior_manager", roles=[Role.SENIOR_MANAGER]
    )
    other_area.senior_managers.add(users.stranger_senior_manager)
    users.stranger_practitioner = factories.UserFactory(
        username="stranger_practitioner", roles=[Role.PRACTITIONER]
    )
    factories.TeamMembershipFactory(user=users.stranger_practitioner, team=world.team_a)
    users.stranger_peer_auditor = factories.UserFactory(
        username="stranger_peer_auditor", roles=[Role.PEER_AUDITOR]
    )
    factories.TeamMembershipFactory(user=users.stranger_peer_auditor, team=team_d)
    world.team_c, world.team_d, world.other_area = team_c, team_d, other_area


@dataclass
class PageForm:
    """A ``<form>`` as a browser sees it: where it posts, and each control with its choices."""

    action: str
    method: str
    controls: list[dict] = field(default_factory=list)

    def valid_data(self, today=None) -> dict[str, list[str]]:
        """What a person filling it in sensibly would send: hidden values kept, the first real
        option of each select, a checked radio, today's date in each date input, "Test" in text.
        """
        import datetime as dt

        today = today or dt.date.today()
        date_parts = {"day": str(today.day), "month": str(today.month), "year": str(today.year)}
        data: dict[str, list[str]] = {}
        radios: dict[str, list[dict]] = {}
        checkboxes: dict[str, list[dict]] = {}
        submitted = False
        for control in self.controls:
            name, kind = control.get("name"), control.get("type", "text")
            if not name or control.get("disabled") is not None:
                continue
            if kind == "radio":
                radios.setdefault(name, []).append(control)
            elif kind == "checkbox":
                checkboxes.setdefault(name, []).append(control)
            elif kind in ("submit", "button", "image"):
                if not submitted:
                    data[name] = [control.get("value", "")]
                    submitted = True
            elif kind == "file":
                continue
            elif kind == "select":
                options = control["options"]
                chosen = [o["value"] for o in options if o["selected"]]
                real = [o["value"] for o in options if o["value"]]
                data[name] = chosen if chosen and chosen[0] else real[:1] or [""]
            elif kind == "hidden" or (control.get("value") or "").strip():
                data[name] = [control.get("value", "")]
            else:
                if "govuk-date-input__input" in control.get("class", ""):
                    data[name] = [list(date_parts.values())[int(name[-1])]]
                elif kind == "number" or control.get("inputmode") == "numeric":
                    data[name] = ["1"]
                elif kind == "email":
                    data[name] = ["test@northmoor.example"]
                elif kind == "password":
                    data[name] = ["a-long-test-password-42"]
                else:
                    data[name] = ["Test"]
        for name, group in radios.items():
            checked = [c for c in group if c.get("checked") is not None]
            data[name] = [(checked or group)[0].get("value", "on")]
        for name, group in checkboxes.items():
            checked = [c.get("value", "on") for c in group if c.get("checked") is not None]
            data[name] = checked or [group[0].get("value", "on")]
        return data

    def text_fields(self) -> list[str]:
        """The names a person types into (text, textarea, number, date parts)."""
        return [
            c["name"]
            for c in self.controls
            if c.get("name")
            and c.get("type", "text") in ("text", "textarea", "number", "email", "search", "tel")
        ]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[PageForm] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                PageForm(
                    action=attributes.get("action") or "",
                    method=(attributes.get("method") or "get").lower(),
                )
            )
        elif not self.forms:
            return
        elif tag in ("input", "button"):
            default = "submit" if tag == "button" else "text"
            self.forms[-1].controls.append(
                attributes | {"type": (attributes.get("type") or default).lower()}
            )
        elif tag == "select":
            self._select = attributes | {"type": "select", "options": []}
            self.forms[-1].controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attributes.get("value"),
                "selected": "selected" in attributes,
                "text": "",
            }
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = attributes | {"type": "textarea", "value": ""}
            self.forms[-1].controls.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None:
            if self._option["value"] is None:
                self._option["value"] = self._option["text"].strip()
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["value"] += data


def page_forms(html: str) -> list[PageForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def forms_posting_to(html: str, path: str) -> list[PageForm]:
    """The POST forms on a page whose action is ``path`` (an empty action posts to the page)."""
    from urllib.parse import urlsplit

    return [
        form
        for form in page_forms(html)
        if form.method == "post"
        and (form.action in ("", path) or urlsplit(form.action).path == path)
    ]


# Rows that change when anyone signs in or opens a page, whatever they may do, and rows no page
# writes (permissions, content types). History rows are left out too: each goes with a change
# to its record, which the snapshot holds.
NOT_SNAPSHOTTED = {"sessions", "axes", "admin", "auth", "contenttypes"}
NOT_SNAPSHOTTED_MODELS = {"casework.childaccesslog"}


def database_snapshot() -> dict[str, list[tuple]]:
    """Every row of every model of the service (less sign-in bookkeeping), to compare before and
    after a request that must change nothing. Rows are read as the database holds them, with no
    model or field conversion: it is called twice for every refused request."""
    from django.db import connection

    snapshot = {}
    with connection.cursor() as cursor:
        for label, select in _snapshot_selects():
            cursor.execute(select)
            snapshot[label] = cursor.fetchall()
    return snapshot


@functools.cache
def _snapshot_selects() -> list[tuple[str, str]]:
    from django.apps import apps
    from django.db import connection

    quote = connection.ops.quote_name
    selects = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.app_label in NOT_SNAPSHOTTED
            or label in NOT_SNAPSHOTTED_MODELS
            or model.__name__.startswith("Historical")
        ):
            continue
        columns = ", ".join(
            quote(f.column) for f in model._meta.concrete_fields if f.attname != "last_login"
        )
        table = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        selects.append((label, f"SELECT {columns} FROM {table} ORDER BY {pk}"))  # noqa: S608
    return selects


def snapshot_changes(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]
