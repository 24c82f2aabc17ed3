"""Workers named by an import become staff records that cannot sign in until invited."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from casework.imports.services import case_file_import
from casework.models import Allocation, ImportRun
from qaf.notifications import notification_send
from qaf.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

from .factories import ROWS_FOR_CSV, case_csv

pytestmark = pytest.mark.django_db

User = get_user_model()


def signs_in(client, username: str, password: str) -> bool:
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def import_cases(tmp_path):
    path = case_csv(tmp_path / "cases.csv", ROWS_FOR_CSV)
    return case_file_import(path=path, source=ImportRun.Source.CASE_CSV, as_at=dt.date(2026, 3, 31))


def test_an_imported_worker_holds_cases_but_cannot_sign_in(client, tmp_path):
    import_cases(tmp_path)
    ann = User.objects.get(full_name="Ann Smith")
    assert Allocation.objects.filter(worker=ann, end_date__isnull=True).exists()
    assert ann.has_role(Role.PRACTITIONER)
    assert not ann.is_active and not ann.has_usable_password()
    assert not signs_in(client, ann.username, "")
    # Even a password set by mistake does not let a staff record sign in before it is invited.
    ann.set_password(TEST_PASSWORD)
    ann.save()
    assert not signs_in(client, ann.username, TEST_PASSWORD)


def test_an_existing_account_is_matched_not_duplicated(client, tmp_path):
    ann = UserFactory(full_name="ANN  smith", roles=[Role.PRACTITIONER])
    report = import_cases(tmp_path)
    assert User.objects.filter(normalised_name=ann.normalised_name).count() == 1
    assert report.outcome.counts["workers_created"] == report.outcome.counts["workers"] - 1
    assert Allocation.objects.filter(worker=ann, end_date__isnull=True).exists()
    ann.refresh_from_db()
    assert ann.is_active
    assert signs_in(client, ann.username, TEST_PASSWORD)


def test_a_second_import_matches_the_staff_record_the_first_made(tmp_path):
    import_cases(tmp_path)
    staff = User.objects.count()
    report = import_cases(tmp_path)
    assert report.outcome.counts["workers_created"] == 0
    assert User.objects.count() == staff


def test_staff_who_cannot_sign_in_are_sent_no_notifications(tmp_path):
    import_cases(tmp_path)
    ann = User.objects.get(full_name="Ann Smith")
    colleague = UserFactory()
    sent = notification_send(recipients=[ann, colleague], subject="Feedback on your case")
    assert [notification.recipient for notification in sent] == [colleague]
