"""Demo data for multi-agency audits: the partnership's business manager, three partner agencies
and their auditors, a finished neglect audit (panel findings, actions, one follow-up done and one
escalated to the chair) and a domestic abuse audit in progress (police submitted, health still
writing). Built on the demo authority; running it twice changes nothing.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Max

from audits.models import Grade
from casework.demo import DEMO_CHILD_PREFIX, demo_password
from casework.models import Episode
from qaf import demo
from qaf.models import Notification
from qaf.roles import Role, role_group

from .models import AgencySection, PartnerAgency, PartnerAuditor
from .services import (
    action_complete,
    action_record,
    audit_agency_add,
    audit_case_add,
    audit_create,
    audit_finish,
    audit_open,
    case_answer_save,
    finding_record,
    follow_up_record,
    follow_ups_open,
    section_submit,
)

BUSINESS_MANAGER = ("partnership", "Helen Marsh", "Safeguarding Partnership business manager")
AGENCIES = [
    # (agency, kind, auditor's username, name, job title)
    (
        "Northmoor Police Public Protection Unit",
        PartnerAgency.Kind.POLICE,
        "police",
        "DS Mark Oduya",
        "Detective sergeant, public protection",
    ),
    (
        "Northmoor Health and Care NHS Trust",
        PartnerAgency.Kind.HEALTH,
        "health",
        "Claire Benson",
        "Named nurse for safeguarding children",
    ),
    (
        "Northmoor Schools Safeguarding Service",
        PartnerAgency.Kind.EDUCATION,
        "schools.lead",
        "Priya Shah",
        "Education safeguarding lead",
    ),
]
ANSWERS = {
    PartnerAgency.Kind.POLICE: [
        "Two domestic incidents attended at the address in the spring; the children were present.",
        "Both incidents were shared with the front door by PPN the next working day.",
        "Shared within 24 hours; the second notification went to the wrong team inbox for a week.",
        "Attended the strategy discussion and the initial conference; no later core groups.",
        "Officers recorded what the older child said at the door, in her own words.",
    ],
    PartnerAgency.Kind.HEALTH: [
        "Missed immunisations and two missed developmental reviews; weight on a low centile.",
        "The health visitor referred after the second missed review.",
        "The referral came four months after the first missed appointment.",
        "Health visitor at every core group; a clear plan for weight checks every fortnight.",
        "The health visitor saw the baby at home and described the home in detail.",
    ],
    PartnerAgency.Kind.EDUCATION: [
        "Attendance fell to 71%; the child often arrived hungry and in the same clothes.",
        "The designated safeguarding lead logged concerns but referred only after a month.",
        "Late: the pattern was clear in the autumn half term.",
        "Breakfast club place and a daily check-in with a trusted adult, both in the plan.",
        "The child's drawings and words were shared at conference through the school nurse.",
    ],
}
GRADES = {
    PartnerAgency.Kind.POLICE: Grade.GOOD,
    PartnerAgency.Kind.HEALTH: Grade.REQUIRES_IMPROVEMENT,
    PartnerAgency.Kind.EDUCATION: Grade.REQUIRES_IMPROVEMENT,
}


@demo.register("partnership")
def seed(*, today: date, rng: random.Random) -> str:
    User = get_user_model()
    if User.objects.filter(username=BUSINESS_MANAGER[0]).exists():
        return "partnership already there"
    qa = User.objects.filter(username="qa").first()
    if qa is None:
        return "no demo authority to add the partnership to"
    first_new_message = Notification.objects.aggregate(top=Max("pk"))["top"] or 0
    password = make_password(demo_password())
    manager = User.objects.create(
        username=BUSINESS_MANAGER[0],
        full_name=BUSINESS_MANAGER[1],
        job_title=BUSINESS_MANAGER[2],
        email=f"{BUSINESS_MANAGER[0]}@northmoor.example",
        password=password,
    )
    manager.groups.add(role_group(Role.BUSINESS_MANAGER))
    auditors = {}
    for name, kind, username, full_name, job_title in AGENCIES:
        agency = PartnerAgency.objects.create(name=name, kind=kind)
        user = User.objects.create(
            username=username,
            full_name=full_name,
            job_title=job_title,
            email=f"{username}@partners.northmoor.example",
            password=password,
        )
        user.groups.add(role_group(Role.PARTNER_AUDITOR))
        auditors[kind] = PartnerAuditor.objects.create(user=user, agency=agency, added_by=qa)

    children = list(
        Episode.objects.filter(
            child__child_id__startswith=DEMO_CHILD_PREFIX,
            end_date__isnull=True,
            kind__in=(Episode.Kind.CP, Episode.Kind.CIN),
        )
        .order_by("child__child_id")
        .values_list("child__child_id", flat=True)
        .distinct()
    )
    chosen = rng.sample(children, 5)
    finished = _finished(today, manager, auditors, chosen[:3])
    _in_progress(today, manager, auditors, chosen[3:])
    demo.inbox_settle(after_pk=first_new_message, now=_now())
    return f"3 partner agencies, a finished audit ({finished.title}) and one in progress"


def _now():
    from django.utils import timezone

    return timezone.now()


def _answer_all(section: AgencySection, kind: str, *, grade=True, only_first=False) -> None:
    questions = [str(pk) for pk in section.audit.template.questions.values_list("pk", flat=True)]
    for number, answer in enumerate(section.answers.select_related("case__child")):
        if only_first and number:
            break
        texts = dict(zip(questions, ANSWERS[kind], strict=True))
        case_answer_save(
            by=section.auditor,
            answer=answer,
            answers=texts,
            grade=GRADES[kind] if grade else "",
        )


def _finished(today: date, manager, auditors: dict, child_ids: list[str]):
    panel_day = today - timedelta(days=100)
    audit = audit_create(
        by=manager,
        title="Neglect: children under eleven",
        theme="neglect",
        sections_due=panel_day - timedelta(days=14),
        panel_date=panel_day,
    )
    for child_id in child_ids:
        audit_case_add(by=manager, audit=audit, child_ref=child_id)
    sections = {
        kind: audit_agency_add(by=manager, audit=audit, auditor=auditor)
        for kind, auditor in auditors.items()
    }
    audit_open(by=manager, audit=audit)
    for kind, section in sections.items():
        _answer_all(section, kind)
        section_submit(by=section.auditor, section=section)
    audit.refresh_from_db()
    cases = list(audit.cases.select_related("child"))
    police, health, education = (auditor.agency for auditor in auditors.values())
    finding_record(
        by=manager,
        audit=audit,
        case=None,
        agency=None,
        what_worked="Core groups were well attended and every agency knew the plan.",
        what_did_not="Health and school saw early signs of neglect months before a referral.",
        learning="Use the neglect screening tool at the first missed review or attendance dip.",
    )
    finding_record(
        by=manager,
        audit=audit,
        case=cases[0],
        agency=health,
        what_worked="",
        what_did_not="Four months between the first missed review and the referral.",
        learning="Missed developmental reviews for a child on a plan are escalated within a week.",
    )
    finding_record(
        by=manager,
        audit=audit,
        case=cases[1],
        agency=education,
        what_worked="A trusted adult at school; the child's words reached conference.",
        what_did_not="",
        learning="Attendance below 80% for a child known to social care: call the social worker.",
    )
    finding_record(
        by=manager,
        audit=audit,
        case=cases[2],
        agency=police,
        what_worked="Notifications were shared the next working day.",
        what_did_not="One notification went to the wrong inbox.",
        learning="Check the front door's address list each quarter.",
    )
    police_action = action_record(
        by=manager,
        audit=audit,
        agency=police,
        description="Check and correct the front door inbox addresses used for PPNs.",
        owner=auditors[PartnerAgency.Kind.POLICE].user,
        due_date=panel_day + timedelta(days=30),
        today=panel_day,
    )
    action_record(
        by=manager,
        audit=audit,
        agency=health,
        description="Brief health visitors on escalating missed reviews for children on plans.",
        owner=auditors[PartnerAgency.Kind.HEALTH].user,
        due_date=panel_day + timedelta(days=60),
        today=panel_day,
    )
    action_record(
        by=manager,
        audit=audit,
        agency=education,
        description="Add attendance triggers to the schools' safeguarding guidance.",
        owner=auditors[PartnerAgency.Kind.EDUCATION].user,
        due_date=panel_day + timedelta(days=60),
        today=panel_day,
    )
    audit_finish(by=manager, audit=audit, today=panel_day)
    action_complete(
        by=police_action.owner,
        action=police_action,
        evidence="Every team inbox checked; two addresses corrected and a quarterly check set up.",
        today=panel_day + timedelta(days=21),
    )
    follow_ups = {f.action.agency_id: f for f in follow_ups_open(today=today - timedelta(days=5))}
    follow_up_record(
        by=manager,
        follow_up=follow_ups[police.pk],
        action_done=True,
        improved=True,
        outcome="No notification has gone astray since; the quarterly check is in the calendar.",
        today=today - timedelta(days=3),
    )
    follow_up_record(
        by=manager,
        follow_up=follow_ups[health.pk],
        action_done=False,
        improved=False,
        outcome="The briefing has not happened: the named nurse post was vacant over the summer.",
        today=today - timedelta(days=2),
    )
    return audit


def _in_progress(today: date, manager, auditors: dict, child_ids: list[str]) -> None:
    audit = audit_create(
        by=manager,
        title="Domestic abuse: babies and toddlers",
        theme="domestic_abuse",
        sections_due=today + timedelta(days=7),
        panel_date=today + timedelta(days=21),
    )
    for child_id in child_ids:
        audit_case_add(by=manager, audit=audit, child_ref=child_id)
    police = audit_agency_add(by=manager, audit=audit, auditor=auditors[PartnerAgency.Kind.POLICE])
    health = audit_agency_add(by=manager, audit=audit, auditor=auditors[PartnerAgency.Kind.HEALTH])
    audit_open(by=manager, audit=audit)
    _answer_all(police, PartnerAgency.Kind.POLICE)
    section_submit(by=police.auditor, section=police)
    _answer_all(health, PartnerAgency.Kind.HEALTH, grade=False, only_first=True)
