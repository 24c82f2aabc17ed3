import datetime as dt

import pytest

from casework.models import TeamMembership
from qaf.roles import Role
from staffvoice.models import StaffQuestion, StaffSurvey
from tests import factories

TODAY = dt.date(2026, 11, 30)  # a Monday, ISO week 2026-W49


@pytest.fixture
def pulse(db):
    """An open survey: two scale questions and a free-text box."""
    survey = StaffSurvey.objects.create(title="Pulse check", status=StaffSurvey.Status.OPEN)
    StaffQuestion.objects.create(survey=survey, position=1, text="My caseload is manageable.")
    StaffQuestion.objects.create(survey=survey, position=2, text="I feel valued.")
    StaffQuestion.objects.create(
        survey=survey, position=3, text="Anything else?", kind=StaffQuestion.Kind.FREE_TEXT
    )
    return survey


def staff_in(team, count: int, *, prefix: str) -> list:
    """``count`` practitioners in ``team``."""
    people = []
    for number in range(count):
        person = factories.UserFactory(username=f"{prefix}{number}", roles=[Role.PRACTITIONER])
        factories.TeamMembershipFactory(
            user=person, team=team, role=TeamMembership.Role.PRACTITIONER
        )
        people.append(person)
    return people


def scale_ids(survey) -> list[int]:
    return list(survey.questions.filter(kind=StaffQuestion.Kind.SCALE).values_list("pk", flat=True))


def free_text_id(survey) -> int:
    return survey.questions.get(kind=StaffQuestion.Kind.FREE_TEXT).pk
