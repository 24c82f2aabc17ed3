"""Case events are the child's record: in the subject access export, and gone with the child."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse

from casework.models import CaseEvent
from qaf import retention

pytestmark = pytest.mark.django_db


def test_the_subject_access_export_holds_the_childs_case_events(client, world):
    CaseEvent.objects.create(
        child=world.child,
        episode=world.child.episodes.first(),
        kind="visit",
        plan_type="cp",
        started_on=dt.date(2026, 9, 14),
        seen_alone=True,
        source="annex_a",
    )
    client.force_login(world.users.qa_officer)

    response = client.post(reverse("casework:subject_access_download", args=[world.child.pk]))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    sections = {
        json.loads(archive.read(name))["section"]: json.loads(archive.read(name))["records"]
        for name in archive.namelist()
        if name.endswith(".json")
    }
    (record,) = sections["Case events"]
    assert record["kind"] == "Statutory visit"
    assert record["plan type"] == "Child protection plan"
    assert record["started on"] == "2026-09-14"
    assert record["seen alone"] is True
    assert record["source"] == "Ofsted Annex A workbook"
    assert record["episode"].startswith("Child protection")


def test_a_childs_events_go_with_the_child_and_have_no_clean_up_of_their_own(world):
    CaseEvent.objects.create(
        child=world.child, kind="referral", started_on=dt.date(2026, 1, 5), source="case_csv"
    )
    assert all(
        record_type.expired(dt.datetime(2100, 1, 1, tzinfo=dt.UTC)).model is not CaseEvent
        for record_type in retention.record_types()
    )
    world.child.delete()
    assert not CaseEvent.objects.exists()
