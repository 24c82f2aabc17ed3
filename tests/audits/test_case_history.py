"""The audit page lists the child's latest dated case events, and opening it is logged."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from casework.models import CaseEvent, ChildAccessLog

pytestmark = pytest.mark.django_db

D = dt.date


def event(child, kind, day, source="annex_a", **fields):
    return CaseEvent.objects.create(child=child, kind=kind, started_on=day, source=source, **fields)


def history_rows(page: str) -> list[str]:
    """The text of each row of the case history table, cells joined by ' | '."""
    table = page.split('id="case-history-heading"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]
    return [
        " | ".join(
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ).strip()
        for row in rows
    ]


def test_the_audit_page_shows_the_latest_events_newest_first_once_each(client, world, case_audit):
    child = world.child
    event(child, "plan", D(2026, 3, 2), plan_type="cp", detail="Neglect")
    event(child, "visit", D(2026, 9, 14), plan_type="cp", seen_alone=True)
    # The same visit from the CSV case list as well: shown once.
    event(child, "visit", D(2026, 9, 14), plan_type="cp", seen_alone=True, source="case_csv")
    event(child, "assessment", D(2026, 1, 5), ended_on=D(2026, 2, 20))
    client.force_login(world.users.peer_auditor)

    page = client.get(reverse("audits:detail", args=[case_audit.pk])).text

    assert history_rows(page) == [
        "14 September 2026 | Statutory visit (child protection) | Seen alone",
        "2 March 2026 | Child protection plan (Neglect) |",
        "5 January 2026 | Assessment | Authorised 20 February 2026",
    ]
    assert ChildAccessLog.objects.filter(
        user=world.users.peer_auditor, child=child, context__contains="summary"
    ).exists()


def test_only_the_latest_ten_are_listed(client, world, case_audit):
    for week in range(15):
        event(world.child, "visit", D(2026, 1, 5) + dt.timedelta(weeks=week), plan_type="cp")
    client.force_login(world.users.team_manager)

    rows = history_rows(client.get(reverse("audits:detail", args=[case_audit.pk])).text)

    assert len(rows) == 10
    assert rows[0].startswith("13 April 2026")


def test_a_child_with_no_events_is_told_so(client, world, case_audit):
    client.force_login(world.users.team_manager)
    page = client.get(reverse("audits:detail", args=[case_audit.pk])).text
    assert "No dated case events have been imported for this child yet." in page
