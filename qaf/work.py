"""What is waiting for each person: every app contributes its own work items.

An app registers a provider in its ``AppConfig.ready``; "My work" asks each provider for the
sections that belong to the signed-in person, so the project package never imports an app.

My work is the page everyone opens first and comes back to between tasks, so a person's sections
are kept in the cache for ``QAF_MY_WORK_CACHE_SECONDS``. Each provider names the models it reads;
saving or deleting any of their rows moves the cache's version on, at once and again when the
transaction commits, so the next page is worked out afresh. Writes that send no signal (bulk
creates and updates, which sampling and the retention job use) show within the cache time.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    CharField,
    DateField,
    F,
    Func,
    IntegerField,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

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


# Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One item of one kind, as every part of the UNION shares it; a ``count`` row carries its
    number in ``pk``."""

    kind: str
    pk: int
    case_ref: str
    due: date | None
    text: str
    flag: str


def read(
    queryset: QuerySet, kind: str, *, case=None, due=None, text=None, flag=None, pk=None
) -> QuerySet:
    """Each row of ``queryset`` as a ``Row`` of ``kind``: ``case`` and ``due`` name fields,
    ``text`` a field or expression (cast to text), ``flag`` an expression giving a short string,
    ``pk`` an expression to use instead of the row's key."""
    return (
        queryset.order_by()
        .annotate(
            w_kind=Value(kind, output_field=CharField()),
            w_pk=Cast(pk if pk is not None else "pk", IntegerField()),
            w_case=F(case) if case else Value("", output_field=CharField()),
            w_due=F(due) if due else Value(None, output_field=DateField()),
            w_text=Cast(text, TextField()) if text else Value("", output_field=TextField()),
            w_flag=flag if flag is not None else Value("", output_field=CharField()),
        )
        .values_list("w_kind", "w_pk", "w_case", "w_due", "w_text", "w_flag")
    )


def count(queryset: QuerySet, kind: str, *, user) -> QuerySet:
    """One row of ``kind`` whose ``pk`` is how many rows ``queryset`` has (0 when none)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    number = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    return read(get_user_model().objects.filter(pk=user.pk), kind, pk=number)


def rows_by_kind(reads: list[QuerySet]) -> dict[str, list[Row]]:
    """Run ``reads`` as one query; each kind's rows, soonest due first, then by case."""
    by_kind: dict[str, list[Row]] = defaultdict(list)
    if not reads:
        return by_kind
    union = reads[0].union(*reads[1:], all=True) if len(reads) > 1 else reads[0]
    rows = sorted(
        (Row(*values) for values in union),
        key=lambda row: (row.due or date.max, row.case_ref, row.pk),
    )
    for row in rows:
        by_kind[row.kind].append(row)
    return by_kind


# Providers -------------------------------------------------------------------------------------

WorkProvider = Callable[[object], Iterable[WorkSection]]
_providers: list[WorkProvider] = []


def register(provider: WorkProvider, *, reads: Iterable[str] = ()) -> WorkProvider:
    """Add a provider, which reads the models labelled in ``reads`` ("app.Model"). Call from an
    ``AppConfig.ready``. Registering twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    for label in reads:
        _watch(apps.get_model(label))
    return provider


VERSION_KEY = "qaf:work:version"


def _watch(model) -> None:
    uid = f"qaf.work:{model._meta.label}"
    post_save.connect(data_changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(data_changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    for m2m in model._meta.local_many_to_many:
        m2m_changed.connect(
            _links_changed,
            sender=m2m.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}:{m2m.name}",
        )


def _links_changed(action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        data_changed()


def data_changed(**kwargs) -> None:
    """A row My work reads has changed: move the version on now, so this request's next page
    is fresh, and again after commit, so a page another person worked out from the data before
    the commit is not kept. One move after commit is enough however many rows changed."""
    _bump()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # saved in autocommit: already committed
    if not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump)


def forget_all() -> None:
    """Work out everyone's My work afresh on their next page."""
    _bump()


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet, or evicted: any new value will do
        cache.set(VERSION_KEY, int(timezone.now().timestamp() * 1000), timeout=None)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        _bump()
        version = cache.get(VERSION_KEY)
    return version


def _cache_key(user) -> str:
    roles = hashlib.sha256("|".join(sorted(user.role_names)).encode()).hexdigest()[:16]
    return f"qaf:work:{_version()}:{user.pk}:{roles}:{timezone.localdate().isoformat()}"


def sections_for(user) -> dict[Role, list[WorkSection]]:
    """Each of the person's roles, in the framework's order, with its sections of work; a long
    section keeps its ``ITEMS_SHOWN`` most urgent items (providers list the soonest due first)."""
    seconds = settings.QAF_MY_WORK_CACHE_SECONDS
    if seconds <= 0:
        return _work_out(user)
    key = _cache_key(user)
    found = cache.get(key)
    if found is None:
        found = _work_out(user)
        cache.set(key, found, seconds)
    return found


def _work_out(user) -> dict[Role, list[WorkSection]]:
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
