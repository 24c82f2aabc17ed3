"""A QA officer downloads everything held about one child; the export is logged."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from casework.models import ChildAccessLog

pytestmark = pytest.mark.django_db


def download(client, world):
    return client.post(reverse("casework:subject_access_download", args=[world.child.pk]))


def test_a_qa_officer_finds_the_child_and_downloads_a_zip_of_what_is_held(client, world):
    client.force_login(world.users.qa_officer)

    page = client.get(reverse("casework:subject_access"), {"child_id": "c0000001"})
    response = download(client, world)

    assert "Case C0000001" in page.text
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "C0000001" not in response["Content-Disposition"]  # no child's ID in file names
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    sections = {
        json.loads(archive.read(name))["section"]: json.loads(archive.read(name))["records"]
        for name in archive.namelist()
        if name.endswith(".json")
    }
    assert sections["The child"][0]["case-management ID"] == "C0000001"
    assert sections["Allocated workers"][0]["worker"] == str(world.users.practitioner)
    assert {"Case audits", "Feedback links", "Feedback answers", "Actions"} <= set(sections)
    assert "C0000001" in archive.read("README.txt").decode()


def test_the_search_and_the_export_are_written_to_the_access_log(client, world):
    client.force_login(world.users.qa_officer)

    client.get(reverse("casework:subject_access"), {"child_id": "C0000001"})
    download(client, world)

    contexts = set(
        ChildAccessLog.objects.filter(user=world.users.qa_officer, child=world.child).values_list(
            "context", flat=True
        )
    )
    assert contexts == {"subject access page", "subject access export"}


def test_an_unknown_id_gets_a_clear_message(client, world):
    client.force_login(world.users.qa_officer)

    page = client.get(reverse("casework:subject_access"), {"child_id": "C9999999"})

    assert page.status_code == 200
    assert "There is no child with that case-management ID" in page.text
    assert not ChildAccessLog.objects.exists()


def test_the_export_never_includes_a_feedback_links_secret(client, world):
    from feedback.models import Survey
    from feedback.services import invitation_create, survey_defaults_install

    survey_defaults_install()
    invitation_create(
        survey=Survey.objects.filter(status="published").first(),
        child=world.child,
        created_by=world.users.practitioner,
    )
    client.force_login(world.users.qa_officer)

    archive = zipfile.ZipFile(io.BytesIO(download(client, world).content))

    everything = "".join(archive.read(name).decode() for name in archive.namelist())
    assert "token" not in everything.lower()
    assert "Feedback links" in everything


@pytest.mark.parametrize("role", ["team_manager", "director", "practitioner"])
def test_only_a_qa_officer_may_export(client, world, role):
    client.force_login(getattr(world.users, role))

    assert download(client, world).status_code == 403
    assert not ChildAccessLog.objects.exists()
