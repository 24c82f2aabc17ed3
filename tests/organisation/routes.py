import datetime as dt

from casework.models import TeamMembership
from organisation.models import Absence, StaffImportRun
from tests.factories import UserFactory
from tests.matrix import LOGIN, Route, allow


def extend(world) -> None:
    """A staff list waiting for confirmation, an absence and a worker not on the staff list."""
    if not hasattr(world, "staff_run"):
        world.staff_run = StaffImportRun.objects.create(
            origin="upload", status="previewed", file_name="staff.csv", sha256="0" * 64
        )
    if not hasattr(world, "absence"):
        world.absence = Absence.objects.create(
            user=world.users.peer_auditor,
            start_date=dt.date(2026, 8, 3),
            end_date=dt.date(2026, 8, 14),
        )
    if not hasattr(world, "unlisted_worker"):
        world.unlisted_worker = UserFactory(username="unlisted.worker", is_active=False)


def _team(world) -> dict:
    return {"pk": world.team_a.pk}


def _area(world) -> dict:
    return {"pk": world.area.pk}


def _membership(world) -> dict:
    return {"pk": TeamMembership.objects.filter(team=world.team_a).first().pk}


def _person(world) -> dict:
    return {"pk": world.users.practitioner.pk}


def _run(world) -> dict:
    return {"pk": world.staff_run.pk}


def _absence(world) -> dict:
    return {"pk": world.absence.pk}


def _worker(world) -> dict:
    return {"pk": world.unlisted_worker.pk}


QA = allow("qa_officer")
QA_REDIRECT = allow("qa_officer", status=302)

ROUTES = [
    Route("organisation:overview", expect=QA),
    Route("organisation:area_add", expect=QA),
    Route("organisation:area", kwargs=_area, expect=QA),
    Route("organisation:team_add", expect=QA),
    Route("organisation:team", kwargs=_team, expect=QA),
    Route("organisation:membership_end", kwargs=_membership, expect=QA),
    Route("organisation:people", expect=QA),
    Route("organisation:person", kwargs=_person, expect=QA),
    # The world's practitioner has an email address and has never signed in.
    Route("organisation:person_invite", kwargs=_person, method="post", expect=QA_REDIRECT),
    Route("organisation:person_deactivate", kwargs=_person, method="post", expect=QA_REDIRECT),
    Route("organisation:person_reactivate", kwargs=_person, method="post", expect=QA_REDIRECT),
    # Anyone may open an invitation link; one that is not an invitation says so (404).
    Route(
        "organisation:invitation_accept",
        kwargs=lambda world: {"token": "not-a-real-token"},
        default=404,
        anonymous=404,
    ),
    # Resetting someone's two-factor authentication (the world's practitioner has none set up:
    # the reset is kept all the same).
    Route(
        "organisation:person_second_factor_reset",
        kwargs=_person,
        method="post",
        expect=QA_REDIRECT,
    ),
    # The two-factor steps are every signed-in person's own. Nobody in the world has set up an
    # app, so the code page sends them to set one up.
    Route("second_factor", default=302, anonymous=LOGIN),
    Route("second_factor_setup", default=200, anonymous=LOGIN),
    Route("second_factor_recovery_codes", default=200, anonymous=LOGIN),
    Route("organisation:absence_remove", kwargs=_absence, method="post", expect=QA_REDIRECT),
    Route("organisation:staff_imports", expect=QA),
    Route("organisation:staff_import_upload", expect=QA),
    Route("organisation:staff_import_detail", kwargs=_run, expect=QA),
    # The stored file is empty, so confirming it answers with a redirect and a message.
    Route("organisation:staff_import_confirm", kwargs=_run, method="post", expect=QA_REDIRECT),
    Route("organisation:staff_import_discard", kwargs=_run, method="post", expect=QA_REDIRECT),
    Route("organisation:workers", expect=QA),
    # With no person chosen, matching answers with a redirect and a message.
    Route("organisation:worker_match", kwargs=_worker, method="post", expect=QA_REDIRECT),
]
