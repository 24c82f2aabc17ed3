"""Workers named by case data are matched to the staff list: by staff ID, then by name."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from casework.models import Allocation
from organisation.models import StaffRecord, WorkerLink
from qaf.models import User
from tests.casework.factories import case_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plain_name(world):
    """A name that reads the same in HTML."""
    world.users.practitioner.full_name = "Sam Oduya"
    world.users.practitioner.save()


def import_cases(tmp_path, worker: str):
    rows = [
        {
            "child_id": "K1",
            "case_type": "CIN",
            "team": "Safeguarding A",
            "worker": worker,
            "start_date": "05/01/2026",
        }
    ]
    call_command(
        "import_case_csv", str(case_csv(tmp_path / "cases.csv", rows)), "--as-at", "2026-03-31"
    )


def test_a_file_naming_a_staff_id_allocates_to_that_person(tmp_path, world):
    StaffRecord.objects.create(user=world.users.practitioner, staff_id="N00042")
    people = User.objects.count()
    import_cases(tmp_path, "N00042")
    assert Allocation.objects.get(child__child_id="K1").worker == world.users.practitioner
    assert User.objects.count() == people, "nobody new was made"


def test_a_worker_only_named_is_matched_when_the_qa_officer_confirms(tmp_path, client, world):
    person = world.users.practitioner
    StaffRecord.objects.create(user=person, staff_id="N00042")
    # The case file spells the name as HR does not, so the import makes a staff record of its own.
    import_cases(tmp_path, f"{person.full_name} (agency)")
    placeholder = Allocation.objects.get(child__child_id="K1").worker
    assert placeholder != person
    assert not placeholder.is_active

    client.force_login(world.users.qa_officer)
    page = client.get(reverse("organisation:workers")).text
    assert f"{escape(person.full_name)} (agency)" in page
    response = client.post(
        reverse("organisation:worker_match", args=[placeholder.pk]), {"person": person.pk}
    )
    assert response.status_code == 302
    assert Allocation.objects.get(child__child_id="K1").worker == person
    assert WorkerLink.objects.get(worker=placeholder).person == person
    again = client.post(
        reverse("organisation:worker_match", args=[placeholder.pk]),
        {"person": person.pk},
        follow=True,
    )
    assert "is already matched" in again.text


def test_a_name_match_is_offered_for_confirmation(tmp_path, client, world):
    person = world.users.practitioner
    placeholder = User.objects.create(
        username="same.name", full_name=person.full_name, is_active=False
    )
    Allocation.objects.filter(pk=world.allocation.pk).update(worker=placeholder)
    StaffRecord.objects.create(user=person, staff_id="N00042")
    client.force_login(world.users.qa_officer)
    page = client.get(reverse("organisation:workers")).text
    name = escape(person.full_name)
    assert f"Confirm: {name} is {name} (N00042)" in page
