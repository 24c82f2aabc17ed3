"""The whole loop for one case in a real browser, each person signing in in turn.

The team manager grades Good and the peer auditor Requires improvement; the senior manager
moderates; both auditors read their learning notes; the team manager agrees an action and gives
the social worker feedback, which they acknowledge. Three months on the follow-up review is
created by the scheduled job's command, finds the action not done and escalates it to the head
of service. axe runs on every page visited; time-machine moves the clock of the whole process,
the live server's thread included.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from audits.models import CaseAudit
from audits.services import audit_template_ensure_default, sample_month
from casework.models import Episode, TeamMembership
from moderation.models import Escalation, FollowUpReview, Moderation
from qaf.roles import Role
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.factories import (
    TEST_PASSWORD,
    AllocationFactory,
    ChildFactory,
    EpisodeFactory,
    ServiceAreaFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")
MONDAY_16_NOVEMBER = dt.datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)
THREE_MONTHS_ON = dt.datetime(2027, 2, 17, 10, 0, tzinfo=LONDON)
CASE = "NM000123"
ACTION = "Put a date and a named owner against every action in the plan."


@pytest.fixture
def sampled_case(time_machine):
    time_machine.move_to(MONDAY_16_NOVEMBER, tick=True)
    area = ServiceAreaFactory(name="Children in need and protection")
    safeguarding = TeamFactory(name="Safeguarding 1", service_area=area)
    in_care = TeamFactory(name="Children in Care", service_area=area)
    people = {
        "grace": UserFactory(username="grace", full_name="Grace Mensah", roles=[Role.TEAM_MANAGER]),
        "daniel": UserFactory(
            username="daniel",
            full_name="Daniel Reyes",
            roles=[Role.TEAM_MANAGER, Role.PEER_AUDITOR],
        ),
        "tom": UserFactory(username="tom", full_name="Tom Ashworth", roles=[Role.SENIOR_MANAGER]),
        "wendy": UserFactory(username="wendy", full_name="Wendy Ward", roles=[Role.SENIOR_MANAGER]),
        "sam": UserFactory(username="sam", full_name="Sam Whitfield", roles=[Role.PRACTITIONER]),
    }
    area.senior_managers.add(people["tom"])
    area.head_of_service = people["wendy"]
    area.save()
    TeamMembershipFactory(user=people["grace"], team=safeguarding, role=TeamMembership.Role.MANAGER)
    TeamMembershipFactory(user=people["daniel"], team=in_care, role=TeamMembership.Role.MANAGER)
    TeamMembershipFactory(user=people["sam"], team=safeguarding)
    child = ChildFactory(child_id=CASE, display_name="Alfie")
    EpisodeFactory(child=child, team=safeguarding, kind=Episode.Kind.CP)
    AllocationFactory(child=child, worker=people["sam"], team=safeguarding)
    audit_template_ensure_default()
    sample_month(period=dt.date(2026, 11, 1))
    audit = CaseAudit.objects.get(child=child)
    assert (audit.team_manager, audit.peer_auditor) == (people["grace"], people["daniel"])
    return audit


def visit(page, *, fits_320: bool = False) -> None:
    """Every page the test lands on passes axe; the main ones also fit a 320 px screen."""
    page.wait_for_load_state()
    assert_accessible(page)
    if fits_320:
        assert_fits_320(page)


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()
    visit(page, fits_320=True)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()


def fill_date(page, day: dt.date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def grade(page, audit, grade: str, overall_text: str) -> None:
    page.goto(f"/audits/cases/{audit.pk}/")
    visit(page)
    page.get_by_role("button", name="Grade this case").click()
    page.get_by_role("link", name="The child's lived experience and voice").click()
    for _ in range(6):
        page.get_by_label(grade, exact=True).check()
        page.get_by_label("Evidence for your grade").fill(overall_text)
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Overall grade and summary").wait_for()
    page.get_by_label(grade, exact=True).check()
    page.get_by_label("What is working well").fill("The child knows their worker.")
    page.get_by_label("What needs to improve").fill(overall_text)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit your grading").click()
    page.get_by_text("Your grading is submitted").wait_for()
    visit(page)


def open_from_my_work(page, link_name) -> None:
    page.goto("/")
    page.get_by_role("link", name=link_name).first.click()
    visit(page, fits_320=True)


def test_one_case_goes_round_the_whole_loop(page, sampled_case, time_machine):
    audit = sampled_case

    # The team manager grades Good; the peer auditor grades Requires improvement.
    sign_in(page, "grace")
    grade(page, audit, "Good", "Visits on time; the child is seen alone.")
    sign_out(page)
    sign_in(page, "daniel")
    grade(page, audit, "Requires improvement to be good", "Plan actions have no dates.")
    page.get_by_role("button", name="Follow the loop").click()
    page.get_by_role("heading", name=f"Case {CASE}, Alfie", level=1).wait_for()
    visit(page, fits_320=True)
    assert "being moderated" in page.content()
    sign_out(page)

    # Routed to the senior manager of the area, who graded neither, due in ten working days.
    moderation = Moderation.objects.get(case_audit=audit)
    assert moderation.moderator.username == "tom"
    sign_in(page, "tom")
    assert "Due 30 November 2026" in page.content()  # the live server keeps the test's clock
    open_from_my_work(page, f"Case {CASE}")
    page.get_by_role("heading", name="Moderation", level=1).wait_for()
    assert "The overall grades differ" in page.content()
    page.get_by_role("button", name="Record the moderation").click()
    page.get_by_role("heading", name="Record the moderation", level=1).wait_for()
    visit(page)
    page.get_by_role("button", name="Record the moderation").click()  # nothing filled in
    page.get_by_role("alert").get_by_text("There is a problem").wait_for()
    assert page.title().startswith("Error:")
    visit(page)
    fill_date(page, dt.date(2026, 11, 16))
    for group in page.get_by_role("group", name=re.compile("^Agreed grade for")).all():
        group.get_by_label("Requires improvement to be good", exact=True).check()
    page.get_by_role("group", name="Agreed overall grade").get_by_label(
        "Requires improvement to be good", exact=True
    ).check()
    page.get_by_label("Why these are the right grades").fill(
        "Three of the plan's five actions have no date, so planning is not yet good."
    )
    page.get_by_label("Learning note to Grace Mensah").fill(
        "Read the plan against the last two visits before you grade planning."
    )
    page.get_by_label("Learning note to Daniel Reyes").fill(
        "Your evidence on the plan settled it: keep quoting the record exactly."
    )
    page.get_by_role("button", name="Record the moderation").click()
    page.get_by_text("The moderation is recorded").wait_for()
    visit(page, fits_320=True)
    sign_out(page)

    # Each auditor reads their learning note from My work.
    for username in ("daniel", "grace"):
        sign_in(page, username)
        open_from_my_work(page, f"Learning note: Case {CASE}")
        page.get_by_role("button", name="I have read this note").click()
        page.get_by_text("The moderator can see you have read your note").wait_for()
        visit(page)
        if username == "daniel":
            sign_out(page)

    # The team manager agrees an action with the social worker and gives feedback.
    open_from_my_work(page, re.compile(f"^Case {CASE}: Requires improvement"))
    page.get_by_role("button", name="Add an action").click()
    page.get_by_role("heading", name="Add an action", level=1).wait_for()
    visit(page)
    page.get_by_label("What must change").fill(ACTION)
    assert page.get_by_label("Who owns it?").input_value() == str(audit.social_worker_id)
    fill_date(page, dt.date(2026, 12, 18))
    page.get_by_role("button", name="Save the action").click()
    page.get_by_text("The action is agreed with Sam Whitfield").wait_for()
    visit(page)
    page.get_by_role("button", name="Give feedback").click()
    page.get_by_role("heading", name="Give feedback to the social worker").wait_for()
    visit(page)
    page.get_by_label("What is going well").fill("Alfie knows you and trusts you.")
    page.get_by_label("What to improve").fill("Date every action in the plan.")
    page.get_by_label("Compliments to pass on (optional)").fill(
        "Alfie's foster carer says you always ring back."
    )
    page.get_by_role("button", name="Send the feedback").click()
    page.get_by_text("Your feedback is sent to Sam Whitfield").wait_for()
    visit(page)
    sign_out(page)

    # The social worker acknowledges the feedback and reflects on it.
    sign_in(page, "sam")
    open_from_my_work(page, f"Feedback from the audit of case {CASE}")
    page.get_by_role("heading", name="Feedback on your work").wait_for()
    assert "A compliment" in page.content()
    page.get_by_label("Your reflection (optional)").fill("I will write his words down.")
    page.get_by_role("button", name="I have read my feedback").click()
    page.get_by_text("can see you have read it").wait_for()
    visit(page)
    sign_out(page)

    # Three months on, the scheduled job creates the follow-up review.
    time_machine.move_to(THREE_MONTHS_ON, tick=True)
    assert timezone.localdate() == dt.date(2027, 2, 17)
    call_command("create_follow_up_reviews")
    review = FollowUpReview.objects.get(case_audit=audit)
    assert review.due_date == dt.date(2027, 2, 16)

    # The service manager finds the action not done: it escalates to the head of service.
    sign_in(page, "tom")
    open_from_my_work(page, f"Case {CASE}")
    page.get_by_role("heading", name="Follow-up review", level=1).wait_for()
    page.get_by_role("group", name=re.compile("^Action 1")).get_by_label(
        "Not done", exact=True
    ).check()
    page.get_by_label("Partly improved").check()
    page.get_by_label("What you found when you looked back").fill(
        "Visits are better recorded, but the plan still has no dates."
    )
    page.get_by_role("button", name="Record the follow-up").click()
    page.get_by_role("alert").get_by_text("There is a problem").wait_for()
    visit(page)
    page.get_by_label("Why this goes to the head of service").fill(
        "The plan still has no dates three months after the audit."
    )
    page.get_by_role("button", name="Record the follow-up").click()
    page.get_by_text("escalated to the head of service").wait_for()
    visit(page, fits_320=True)
    sign_out(page)

    escalation = Escalation.objects.get(case_audit=audit)
    assert (escalation.kind, escalation.escalated_to.username) == (
        Escalation.Kind.FOLLOW_UP_OUTCOME,
        "wendy",
    )
    sign_in(page, "wendy")
    open_from_my_work(page, re.compile(f"^Case {CASE}: follow-up"))
    assert "The plan still has no dates" in page.content()
    page.get_by_label("What will happen next").fill(
        "Weekly supervision on the plan until it is redone; re-audit in the spring."
    )
    page.get_by_role("button", name="Record the response").click()
    page.get_by_text("Your response is recorded").wait_for()
    visit(page)
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.CLOSED
