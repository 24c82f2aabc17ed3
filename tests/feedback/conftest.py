import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from feedback.models import Survey
from feedback.services import survey_defaults_install


@pytest.fixture
def world(world):
    """The shared world, with Alfie eight years old whatever today's date: the child's form
    (5 to 10) fits him, as the voice tests assume."""
    world.child.date_of_birth = timezone.localdate() - dt.timedelta(days=8 * 365 + 100)
    world.child.save(update_fields=["date_of_birth"])
    return world


@pytest.fixture
def surveys(db):
    """The default surveys, phrases and groups (installed again: a flushed test database has
    lost what the data migration put there)."""
    survey_defaults_install()
    return {survey.key: survey for survey in Survey.objects.filter(status="published")}


@pytest.fixture
def child_survey(surveys):
    return surveys["experience-during-child"]


@pytest.fixture
def voice(world, surveys):
    """The shared world plus a link for its child, made by the allocated practitioner."""
    from feedback.services import invitation_create

    invitation, token = invitation_create(
        survey=surveys["experience-during-child"],
        child=world.child,
        created_by=world.users.practitioner,
    )
    return SimpleNamespace(world=world, invitation=invitation, token=token, surveys=surveys)
