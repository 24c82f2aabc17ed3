"""Case data's less travelled paths: refused uploads and team changes, stale previews, the events
an auditor reads on a case, the admin's read-only records and the retention of old imports."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from casework.imports.records import ImportRefused
from casework.imports.services import case_file_import, case_import_preview
from casework.models import (
    Allocation,
    CaseEvent,
    Child,
    Episode,
    ImportRun,
    Team,
    TeamAlias,
    TeamMembership,
)
from casework.selectors import case_events_latest
from casework.services import (
    CaseworkError,
    child_access_record,
    team_membership_start,
    team_review_add,
    team_review_map,
)
from casework.tasks import import_drop_folder
from tests.factories import ServiceAreaFactory, TeamFactory, TeamMembershipFactory, UserFactory

from .factories import ImportRunFactory, case_csv

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def qa_client(client, world):
    client.force_login(world.users.qa_officer)
    return client


def upload(client, path):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX)}
    return client.post(reverse("casework:import_upload"), data)


# Uploads and previews ---------------------------------------------------------------------------


def test_a_file_changed_after_its_preview_is_refused_and_the_preview_cancelled(
    qa_client, annex_a_sample, private_uploads
):
    upload(qa_client, annex_a_sample)
    run = ImportRun.objects.get()
    with (private_uploads / run.stored_name).open("ab") as stored:
        stored.write(b"changed")
    response = qa_client.post(reverse("casework:import_confirm", args=[run.pk]), follow=True)
    assert "The uploaded file has changed since the preview. Upload it again." in response.text
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert Child.objects.count() == 1  # only the world's own child


def test_previews_nobody_confirmed_in_time_are_cancelled_by_the_nightly_task(
    qa_client, annex_a_sample, private_uploads, settings, tmp_path
):
    settings.CASEWORK_IMPORT_DROP_FOLDER = tmp_path / "no-drop-folder"
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        upload(qa_client, annex_a_sample)
    run = ImportRun.objects.get()
    later = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC) + dt.timedelta(
        hours=settings.CASEWORK_IMPORT_PREVIEW_HOURS + 1
    )
    with time_machine.travel(later, tick=False):
        result = import_drop_folder.delay().get()
    assert result == {"imported": 0, "refused": 0, "previews_cancelled": 1}
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert list(private_uploads.iterdir()) == []


def test_cancelling_an_import_already_made_is_refused_and_it_stays_imported(qa_client):
    run = ImportRunFactory(status=ImportRun.Status.APPLIED)
    response = qa_client.post(reverse("casework:import_discard", args=[run.pk]), follow=True)
    assert response.redirect_chain[-1][0] == run.get_absolute_url()
    assert "This file is not waiting to be imported: it is imported." in response.text
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED


def test_an_upload_over_the_size_limit_is_refused_recorded_and_never_stored(
    world, settings, private_uploads
):
    settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("cases.csv", b"x" * (1024 * 1024 + 1))
    with pytest.raises(ImportRefused, match="The file must be smaller than 1 MB."):
        case_import_preview(user=world.users.qa_officer, upload=big)
    refused = ImportRun.objects.get()
    assert (refused.status, refused.file_name) == (ImportRun.Status.REFUSED, "cases.csv")
    assert not private_uploads.exists() or list(private_uploads.iterdir()) == []


def test_an_upload_of_an_unknown_kind_says_which_files_are_read(world, private_uploads):
    pdf = SimpleUploadedFile("cases.pdf", b"%PDF-1.4 not a case list")
    with pytest.raises(
        ImportRefused, match=r"an Excel workbook \(\.xlsx\) or a case list as a CSV file"
    ):
        case_import_preview(user=world.users.qa_officer, upload=pdf)
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED
    assert list(private_uploads.iterdir()) == []


def test_a_return_over_the_size_limit_is_refused_on_the_page(qa_client, settings):
    settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    response = qa_client.post(
        reverse("casework:return_upload"),
        {
            "source": "cin_census",
            "year": "2026",
            "file": SimpleUploadedFile("census.xml", b"<" * (1024 * 1024 + 10)),
        },
    )
    assert response.status_code == 413
    assert "The file must be smaller than 1 MB" in response.text
    assert not ImportRun.objects.exists()


# Teams ------------------------------------------------------------------------------------------


def test_a_membership_with_an_unknown_role_is_refused(world):
    with pytest.raises(CaseworkError, match="'boss' is not a team role."):
        team_membership_start(
            user=world.users.practitioner,
            team=world.team_b,
            role="boss",
            start_date=dt.date(2026, 3, 2),
        )
    assert TeamMembership.objects.get(user=world.users.practitioner).team == world.team_a


@pytest.fixture
def unknown_team():
    return TeamFactory(
        name="S/guarding Nth",
        awaiting_review=True,
        service_area=ServiceAreaFactory(name="Unassigned"),
    )


def test_a_team_already_reviewed_cannot_be_reviewed_again(world):
    with pytest.raises(CaseworkError, match="'Safeguarding A' has already been reviewed."):
        team_review_map(team=world.team_a, into=world.team_b, user=world.users.qa_officer)
    assert Team.objects.filter(pk=world.team_a.pk).exists()


def test_a_team_cannot_be_mapped_into_itself(world, unknown_team):
    with pytest.raises(CaseworkError, match="Choose a team that is already part of the service"):
        team_review_map(team=unknown_team, into=unknown_team, user=world.users.qa_officer)
    unknown_team.refresh_from_db()
    assert unknown_team.awaiting_review


def test_mapping_a_team_keeps_one_membership_for_someone_already_in_both(world, unknown_team):
    TeamMembershipFactory(user=world.users.practitioner, team=unknown_team)
    team_review_map(team=unknown_team, into=world.team_a, user=world.users.qa_officer)
    memberships = TeamMembership.objects.filter(user=world.users.practitioner)
    assert [(m.team, m.end_date) for m in memberships] == [(world.team_a, None)]
    assert TeamAlias.objects.get().name == "S/guarding Nth"


def test_a_new_team_cannot_be_left_in_the_area_for_unknown_teams(world, unknown_team):
    with pytest.raises(CaseworkError, match="Choose the service area the team belongs to."):
        team_review_add(
            team=unknown_team, service_area=unknown_team.service_area, user=world.users.qa_officer
        )
    unknown_team.refresh_from_db()
    assert unknown_team.awaiting_review


# What a case audit shows of the case's events ----------------------------------------------------


def event(world, kind, started_on, source=CaseEvent.Source.ANNEX_A, **fields):
    return CaseEvent.objects.create(
        child=world.child, kind=kind, started_on=started_on, source=source, **fields
    )


def test_a_case_shows_each_event_once_in_words_newest_first(world):
    day = dt.date(2025, 5, 1)
    event(world, CaseEvent.Kind.REFERRAL, day)
    event(world, CaseEvent.Kind.REFERRAL, day, source=CaseEvent.Source.CASE_CSV)
    event(
        world,
        CaseEvent.Kind.ASSESSMENT,
        day + dt.timedelta(days=1),
        ended_on=dt.date(2025, 6, 9),
    )
    event(world, CaseEvent.Kind.PLAN, day + dt.timedelta(days=2), plan_type="cp")
    event(world, CaseEvent.Kind.VISIT, day + dt.timedelta(days=3), plan_type="cla", seen_alone=True)
    event(world, CaseEvent.Kind.VISIT, day + dt.timedelta(days=4), seen_alone=False)
    shown = [(e.label, e.outcome) for e in case_events_latest(world.child)]
    assert shown == [
        ("Statutory visit", "Not seen alone"),
        ("Statutory visit (looked after)", "Seen alone"),
        ("Child protection plan", ""),
        ("Assessment", "Authorised 9 June 2025"),
        ("Referral", ""),
    ]


def test_an_event_names_what_it_was_for_whom_and_when(world):
    plan = event(world, CaseEvent.Kind.PLAN, dt.date(2025, 5, 1), plan_type="cin")
    plan.ended_on = dt.date(2025, 8, 1)
    assert str(plan) == f"Child in need plan for {world.child} on 01 May 2025"
    assert plan.outcome == "Ended 1 August 2025"


# The admin: a window on the records -------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin-super", is_staff=True, is_superuser=True))
    return client


def test_the_access_log_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, world):
    entry = child_access_record(user=world.users.director, child=world.child, context="audit")
    change = reverse("admin:casework_childaccesslog_change", args=[entry.pk])
    assert admin_client.get(reverse("admin:casework_childaccesslog_add")).status_code == 403
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert admin_client.post(change, {"context": "edited"}).status_code == 403
    delete = reverse("admin:casework_childaccesslog_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.context == "audit"


def test_the_import_history_is_read_only_in_the_admin(admin_client):
    run = ImportRunFactory(file_name="annex-a.xlsx")
    assert admin_client.get(reverse("admin:casework_importrun_add")).status_code == 403
    change = reverse("admin:casework_importrun_change", args=[run.pk])
    page = admin_client.get(change)
    assert "annex-a.xlsx (imported)" in page.text
    assert admin_client.post(change, {"file_name": "other.xlsx"}).status_code == 403
    run.refresh_from_db()
    assert run.file_name == "annex-a.xlsx"


def test_a_team_alias_added_in_the_admin_is_used_by_later_imports(admin_client, world, tmp_path):
    response = admin_client.post(
        reverse("admin:casework_teamalias_add"), {"name": "S/guarding A", "team": world.team_a.pk}
    )
    assert response.status_code == 302
    alias = TeamAlias.objects.get()
    assert (alias.normalised_name, alias.created_by.username) == ("s/guarding a", "admin-super")
    page = admin_client.get(reverse("admin:casework_teamalias_change", args=[alias.pk]))
    assert "S/guarding A (means Safeguarding A)" in page.text

    row = {"child_id": "A1", "case_type": "CIN", "team": "S/GUARDING  a", "worker": "Ann Smith"}
    path = case_csv(tmp_path / "cases.csv", [{**row, "start_date": "05/01/2026"}])
    case_file_import(path=path, source=ImportRun.Source.CASE_CSV, as_at=dt.date(2026, 3, 31))
    assert Episode.objects.get(child__child_id="A1").team == world.team_a
    assert not Team.objects.filter(awaiting_review=True).exists()


def test_a_membership_and_an_allocation_are_named_in_words_in_the_admin(admin_client, world):
    membership = TeamMembership.objects.get(user=world.users.practitioner)
    page = admin_client.get(reverse("admin:casework_teammembership_change", args=[membership.pk]))
    assert f"{world.users.practitioner} in Safeguarding A (Practitioner)" in page.text
    allocation = Allocation.objects.get()
    page = admin_client.get(reverse("admin:casework_allocation_change", args=[allocation.pk]))
    assert f"{world.users.practitioner} for {world.child} from" in page.text


# Retention --------------------------------------------------------------------------------------


def test_imports_past_their_retention_go_with_their_kept_file(world, private_uploads):
    private_uploads.mkdir(parents=True)
    (private_uploads / "old.xlsx").write_bytes(b"kept")
    old = ImportRunFactory(stored_name="old.xlsx")
    recent = ImportRunFactory()
    ImportRun.objects.filter(pk=old.pk).update(created_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert re.search(r"Case data imports and their files .*: 1 deleted", out.getvalue())
    assert list(ImportRun.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not (private_uploads / "old.xlsx").exists()
