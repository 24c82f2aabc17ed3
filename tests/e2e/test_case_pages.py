"""Every page about one case names the case where the eye lands: a screenshot of each, in the
demo data, with the case reference visible inside <main>, axe and a 320 px screen checked too.

Screenshots go to screenshots/case-pages/ (git-ignored), one per page, for a person to look at.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audits.models import CaseAudit, Grading, SafeguardingConcern
from audits.selectors import domains_for
from moderation.models import (
    Action,
    Escalation,
    FollowUpReview,
    LearningNote,
    Moderation,
    PractitionerFeedback,
)
from tests.demo_snapshot import load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "case-pages"


@pytest.fixture
def demo_data(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=True)
    load_demo()


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo-password-123")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()


def _in_grading(role: str, username: str) -> CaseAudit:
    submitted = Grading.objects.filter(auditor__username=username, submitted_at__isnull=False)
    audit = (
        CaseAudit.objects.filter(
            status__in=CaseAudit.GRADING_STATES, **{f"{role}__username": username}
        )
        .exclude(pk__in=submitted.values("case_audit_id"))
        .first()
    )
    assert audit is not None, f"The demo has no case for {username} to grade"
    return audit


def case_pages(username: str) -> list[tuple[str, str, CaseAudit]]:
    """(name, url, the audit the page is about) for each single-case page ``username`` opens."""
    if username == "peer":
        audit = _in_grading("peer_auditor", "peer")
        domain = domains_for(audit)[0]
        pages = [
            ("audits:detail", [audit.pk]),
            ("audits:history", [audit.pk]),
            ("audits:grading", [audit.pk]),
            ("audits:grading_domain", [audit.pk, domain.pk]),
            ("audits:grading_overall", [audit.pk]),
            ("audits:grading_submit", [audit.pk]),
            ("audits:conversation_add", [audit.pk]),
            ("audits:concern_raise", [audit.pk]),
        ]
        return [(name, reverse(name, args=args), audit) for name, args in pages]
    if username == "manager":
        audit = _in_grading("team_manager", "manager")
        note = LearningNote.objects.filter(recipient__username="manager").first()
        final = (
            Moderation.objects.filter(case_audit__team_manager__username="manager")
            .exclude(status=Moderation.Status.TO_MODERATE)
            .select_related("case_audit")
            .first()
        )
        looped = final.case_audit
        return [
            ("audits:grading", reverse("audits:grading", args=[audit.pk]), audit),
            (
                "moderation:note",
                reverse("moderation:note", args=[note.pk]),
                note.moderation.case_audit,
            ),
            ("moderation:case", reverse("moderation:case", args=[looped.pk]), looped),
            ("moderation:history", reverse("moderation:history", args=[looped.pk]), looped),
            ("moderation:action_add", reverse("moderation:action_add", args=[looped.pk]), looped),
            (
                "moderation:feedback_give",
                reverse("moderation:feedback_give", args=[looped.pk]),
                looped,
            ),
            (
                "moderation:grading_themes",
                reverse("moderation:grading_themes", args=[looped.pk]),
                looped,
            ),
        ]
    if username == "senior":
        waiting = Moderation.objects.filter(
            status=Moderation.Status.TO_MODERATE, moderator__username="senior"
        ).first()
        review = FollowUpReview.objects.filter(
            status=FollowUpReview.Status.DUE, reviewer__username="senior"
        ).first()
        escalation = Escalation.objects.filter(kind=Escalation.Kind.FOLLOW_UP_OUTCOME).first()
        return [
            (
                "moderation:detail",
                reverse("moderation:detail", args=[waiting.pk]),
                waiting.case_audit,
            ),
            (
                "moderation:record",
                reverse("moderation:record", args=[waiting.pk]),
                waiting.case_audit,
            ),
            (
                "moderation:follow_up",
                reverse("moderation:follow_up", args=[review.pk]),
                review.case_audit,
            ),
            (
                "moderation:escalation",
                reverse("moderation:escalation", args=[escalation.pk]),
                escalation.case_audit,
            ),
        ]
    if username == "qa":
        audit = CaseAudit.objects.filter(status__in=CaseAudit.GRADING_STATES).first()
        waiting = Moderation.objects.filter(status=Moderation.Status.TO_MODERATE).first()
        concern = SafeguardingConcern.objects.select_related("case_audit").first()
        assert concern is not None, "The demo has no safeguarding concern"
        return [
            (
                "audits:concern",
                reverse("audits:concern", args=[concern.case_audit_id, concern.pk]),
                concern.case_audit,
            ),
            ("audits:assign", reverse("audits:assign", args=[audit.pk]), audit),
            (
                "moderation:assign",
                reverse("moderation:assign", args=[waiting.pk]),
                waiting.case_audit,
            ),
        ]
    feedback = PractitionerFeedback.objects.filter(social_worker__username="worker").first()
    action = Action.objects.filter(owner__username="worker").first()
    return [
        (
            "moderation:feedback",
            reverse("moderation:feedback", args=[feedback.pk]),
            feedback.case_audit,
        ),
        ("moderation:action", reverse("moderation:action", args=[action.pk]), action.case_audit),
    ]


@pytest.mark.parametrize("username", ["peer", "manager", "senior", "qa", "worker"])
def test_every_case_page_shows_the_case_reference_inside_main(page, demo_data, username):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, username)
    for name, url, audit in case_pages(username):
        audit = CaseAudit.objects.select_related("child").get(pk=audit.pk)
        response = page.goto(url)
        assert response.status == 200, url
        caption = page.locator("main [data-case-caption]")
        expect(caption).to_be_visible()
        expect(caption).to_contain_text(f"Case {audit.child.child_id}")
        expect(caption).to_contain_text(audit.get_case_kind_display())
        page.screenshot(
            path=SCREENSHOTS / f"{username}-{name.replace(':', '-')}.png", full_page=True
        )
        assert_accessible(page)
        assert_fits_320(page)
