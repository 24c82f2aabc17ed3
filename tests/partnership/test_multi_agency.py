"""Multi-agency audits: blind sections, the panel after every section, follow-ups to the chair,
access withdrawn with the agency, every view of a case logged."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from casework.models import ChildAccessLog
from partnership.errors import PartnershipError
from partnership.models import (
    AgencySection,
    MultiAgencyAudit,
    PartnerAgency,
    PartnerAuditor,
    PartnershipAction,
    PartnershipFollowUp,
)
from partnership.selectors import suppressed
from partnership.services import (
    action_record,
    audit_create,
    case_answer_save,
    finding_record,
    follow_up_record,
    follow_ups_escalate_overdue,
    follow_ups_open,
    partner_auditor_add,
    section_submit,
    section_withdraw,
    sections_remind,
)
from qaf.models import Notification
from qaf.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _answer_and_submit(section, text="What we knew and did.", grade="good"):
    questions = section.audit.template.questions.values_list("pk", flat=True)
    for answer in section.answers.all():
        case_answer_save(
            by=section.auditor,
            answer=answer,
            answers={str(pk): text for pk in questions},
            grade=grade,
        )
    return section_submit(by=section.auditor, section=section)


def test_an_agency_sees_only_its_own_section_until_every_section_is_in(client, scene):
    _answer_and_submit(scene.ma_section, text="Police attended twice.")
    health = scene.ma_health_section
    questions = list(health.audit.template.questions.values_list("pk", flat=True))
    case_answer_save(
        by=scene.ma_nurse,
        answer=health.answers.get(),
        answers={str(questions[0]): "Missed health reviews."},
        grade="",
    )
    case_url = reverse("partnership:case", args=[scene.ma_audit.pk, scene.ma_case.pk])

    client.force_login(scene.ma_nurse)
    page = client.get(case_url).content.decode()
    assert "Missed health reviews." in page
    assert "Police attended twice." not in page
    # Nor another agency's section, nor the audit's list of them.
    assert client.get(reverse("partnership:section", args=[scene.ma_section.pk])).status_code == 404
    assert (
        "Police"
        not in client.get(reverse("partnership:audit", args=[scene.ma_audit.pk]))
        .content.decode()
        .split("Panel")[0]
    )

    _answer_and_submit(health, text="Missed health reviews, then a referral.")
    scene.ma_audit.refresh_from_db()
    assert scene.ma_audit.status == MultiAgencyAudit.Status.PANEL
    page = client.get(case_url).content.decode()
    assert "Police attended twice." in page
    assert "Missed health reviews, then a referral." in page


def test_a_section_cannot_be_submitted_until_every_case_is_answered_and_graded(scene):
    with pytest.raises(PartnershipError, match="C0000001"):
        section_submit(by=scene.users.partner, section=scene.ma_section)
    scene.ma_section.refresh_from_db()
    assert scene.ma_section.status == AgencySection.Status.DRAFT


def test_only_the_agencys_own_auditor_can_answer_or_submit_its_section(scene):
    with pytest.raises(PartnershipError):
        case_answer_save(
            by=scene.ma_nurse, answer=scene.ma_section.answers.get(), answers={}, grade="good"
        )
    with pytest.raises(PartnershipError):
        section_submit(by=scene.ma_nurse, section=scene.ma_section)


def test_the_panel_records_findings_only_after_every_section_is_in(scene):
    chair = scene.users.business_manager
    record = {
        "audit": scene.ma_audit,
        "case": scene.ma_case,
        "agency": scene.ma_health,
        "what_worked": "Good sharing.",
        "what_did_not": "",
        "learning": "Refer at the first missed review.",
    }
    _answer_and_submit(scene.ma_section)
    with pytest.raises(PartnershipError, match="once every agency has submitted"):
        finding_record(by=chair, **record)
    with pytest.raises(PartnershipError, match="once every agency has submitted"):
        action_record(
            by=chair,
            audit=scene.ma_audit,
            agency=scene.ma_health,
            description="Brief health visitors.",
            owner=scene.ma_nurse,
            due_date=dt.date(2027, 1, 1),
            today=dt.date(2026, 11, 20),
        )
    _answer_and_submit(scene.ma_health_section)
    scene.ma_audit.refresh_from_db()
    finding = finding_record(by=chair, **record)
    assert finding.agency == scene.ma_health
    # A panel member from an agency records too; someone not on the panel cannot.
    finding_record(by=scene.users.partner, **record)
    with pytest.raises(PartnershipError):
        finding_record(by=scene.users.team_manager, **record)


def test_an_action_follows_up_three_months_on_and_escalates_to_the_chair(scene, mailoutbox):
    _answer_and_submit(scene.ma_section)
    _answer_and_submit(scene.ma_health_section)
    scene.ma_audit.refresh_from_db()
    PartnershipAction.objects.all().delete()
    chair = scene.users.business_manager
    action = action_record(
        by=chair,
        audit=scene.ma_audit,
        agency=scene.ma_health,
        description="Brief health visitors on missed reviews.",
        owner=scene.ma_nurse,
        due_date=dt.date(2026, 9, 30),
        today=dt.date(2026, 8, 12),
    )
    assert follow_ups_open(today=dt.date(2026, 11, 11)) == []
    (follow_up,) = follow_ups_open(today=dt.date(2026, 11, 12))
    assert follow_up.action == action
    assert follow_up.due_date == dt.date(2026, 11, 12)
    assert follow_ups_open(today=dt.date(2026, 11, 13)) == []  # once only
    assert Notification.objects.filter(
        recipient=chair, url=reverse("partnership:follow_up", args=[follow_up.pk])
    ).exists()

    follow_up_record(
        by=chair,
        follow_up=follow_up,
        action_done=False,
        improved=False,
        outcome="No briefing yet.",
        today=dt.date(2026, 11, 16),
    )
    follow_up.refresh_from_db()
    assert follow_up.status == PartnershipFollowUp.Status.ESCALATED
    assert follow_up.escalated_to == chair
    assert Notification.objects.filter(recipient=chair, subject__startswith="Escalated").exists()
    # The chair closes it once it is dealt with.
    follow_up_record(
        by=chair,
        follow_up=follow_up,
        action_done=True,
        improved=True,
        outcome="Briefed in December.",
    )
    follow_up.refresh_from_db()
    assert follow_up.status == PartnershipFollowUp.Status.COMPLETED


def test_a_follow_up_nobody_records_escalates_itself_to_the_chair(scene):
    follow_up = scene.ma_follow_up  # due today in the scene
    due = follow_up.due_date
    assert follow_ups_escalate_overdue(today=due + dt.timedelta(days=1)) == 0
    assert follow_ups_escalate_overdue(today=due + dt.timedelta(days=30)) == 1
    follow_up.refresh_from_db()
    assert follow_up.status == PartnershipFollowUp.Status.ESCALATED
    assert follow_up.escalated_to == scene.users.business_manager
    assert follow_ups_escalate_overdue(today=due + dt.timedelta(days=31)) == 0


def test_every_view_of_a_case_by_a_partner_is_logged(client, scene):
    client.force_login(scene.users.partner)
    url = reverse("partnership:case", args=[scene.ma_audit.pk, scene.ma_case.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    entries = ChildAccessLog.objects.filter(user=scene.users.partner, child=scene.child)
    assert entries.count() == 2
    assert entries.first().context == f"Multi-agency audit {scene.ma_audit.pk}"


def test_removing_an_agency_withdraws_its_auditors_access_at_once(client, scene):
    client.force_login(scene.users.partner)
    urls = [
        reverse("partnership:audit", args=[scene.ma_audit.pk]),
        reverse("partnership:case", args=[scene.ma_audit.pk, scene.ma_case.pk]),
        reverse("partnership:section", args=[scene.ma_section.pk]),
        reverse("partnership:section_answer", args=[scene.ma_section.pk, scene.ma_case.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [200] * 4
    section_withdraw(by=scene.users.business_manager, section=scene.ma_section)
    assert [client.get(url).status_code for url in urls] == [404] * 4
    assert scene.ma_audit.title not in client.get(reverse("partnership:home")).content.decode()


def test_a_partner_auditor_gets_404_for_other_audits_and_every_single_agency_page(client, scene):
    other = PartnerAgency.objects.create(name="Probation", kind=PartnerAgency.Kind.PROBATION)
    outsider = factories.UserFactory(username="probation", roles=[Role.PARTNER_AUDITOR])
    PartnerAuditor.objects.create(user=outsider, agency=other)
    client.force_login(outsider)
    for url in [
        reverse("partnership:audit", args=[scene.ma_audit.pk]),
        reverse("partnership:case", args=[scene.ma_audit.pk, scene.ma_case.pk]),
        reverse("partnership:section", args=[scene.ma_section.pk]),
        reverse("partnership:agencies"),
        reverse("audits:list"),
        reverse("casework:import_history"),
        "/admin/",
        "/no-such-page/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("home")).status_code == 200


def test_sending_the_audit_is_refused_without_cases_or_agencies(scene):
    from partnership.services import audit_open

    audit = audit_create(
        by=scene.users.business_manager,
        title="",
        theme="missing",
        sections_due=dt.date(2026, 12, 11),
    )
    assert audit.title == "Children missing from home or care"
    with pytest.raises(PartnershipError, match="at least one case"):
        audit_open(by=scene.users.business_manager, audit=audit)
    audit.refresh_from_db()
    assert audit.status == MultiAgencyAudit.Status.SETTING_UP


def test_reminders_go_to_each_agencys_auditor_once(scene):
    due = scene.ma_section.due_date
    assert sections_remind(today=due - dt.timedelta(days=10)) == 0
    assert sections_remind(today=due - dt.timedelta(days=3)) == 2
    assert sections_remind(today=due - dt.timedelta(days=2)) == 0
    assert sections_remind(today=due + dt.timedelta(days=1)) == 2
    assert Notification.objects.filter(recipient=scene.users.partner).count() == 2


def test_a_partner_auditor_is_invited_with_the_organisations_single_use_link(
    scene, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        auditor = partner_auditor_add(
            by=scene.users.business_manager,
            agency=scene.ma_health,
            full_name="Sam Green",
            email="Sam.Green@nhs.example",
        )
    assert auditor.user.role_names == {Role.PARTNER_AUDITOR.value}
    assert not auditor.user.has_usable_password()
    assert "/organisation/invitations/" in mail.outbox[-1].body
    with pytest.raises(PartnershipError, match="already has an account"):
        partner_auditor_add(
            by=scene.users.business_manager,
            agency=scene.ma_health,
            full_name="Sam Green",
            email="sam.green@nhs.example",
        )
    with pytest.raises(PartnershipError):
        partner_auditor_add(
            by=scene.users.team_manager, agency=scene.ma_health, full_name="X", email="x@y.z"
        )


def test_public_counts_hide_small_cells_and_the_next_smallest():
    assert suppressed({"a": 3, "b": 12, "c": 40}) == {"a", "b"}
    assert suppressed({"a": 3, "b": 4, "c": 40}) == {"a", "b"}
    assert suppressed({"a": 12, "b": 40}) == set()


@pytest.mark.parametrize(
    "name", ["partnership:home", "partnership:follow_ups", "partnership:agencies"]
)
def test_lists_ask_the_same_number_of_queries_at_any_size(
    client, world, django_assert_max_num_queries, name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.partnership.scene import partnership_scene

    partnership_scene(world)
    client.force_login(world.users.business_manager)
    url = reverse(name)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 10)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def _grow(world, times: int) -> None:
    audit = world.ma_audit
    for number in range(times):
        agency = PartnerAgency.objects.create(name=f"Agency {number}", kind="voluntary")
        copy = MultiAgencyAudit.objects.create(
            title=f"Audit {number}",
            theme=audit.theme,
            template=audit.template,
            chair=audit.chair,
            sections_due=audit.sections_due,
        )
        user = factories.UserFactory(roles=[Role.PARTNER_AUDITOR])
        PartnerAuditor.objects.create(user=user, agency=agency)
        action = PartnershipAction.objects.create(
            audit=copy,
            agency=agency,
            description="More",
            owner=user,
            due_date=audit.sections_due,
            agreed_on=audit.sections_due,
        )
        PartnershipFollowUp.objects.create(action=action, due_date=audit.sections_due)


def test_my_work_shows_partner_auditors_their_sections_and_the_business_manager_follow_ups(
    client, scene
):
    client.force_login(scene.users.partner)
    page = client.get(reverse("home")).content.decode()
    assert "Answer Police&#x27;s section: Neglect" in page or "Answer Police's section" in page
    client.force_login(scene.users.business_manager)
    page = client.get(reverse("home")).content.decode()
    assert "Follow-up of an action for Police" in page
