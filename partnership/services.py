"""Every write of a multi-agency audit: one function per business action."""

import random
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import Grade
from casework.models import Child, Episode
from qaf import workflow
from qaf.notifications import notification_send
from qaf.roles import Role, role_group
from qaf.workdays import add_months, add_working_days

from .errors import PartnershipError
from .models import (
    AgencySection,
    AuditCase,
    CaseAnswer,
    Finding,
    MultiAgencyAudit,
    MultiAgencyTemplate,
    PartnerAgency,
    PartnerAuditor,
    PartnershipAction,
    PartnershipFollowUp,
    TemplateQuestion,
)
from .selectors import TAKING_PART, manages, on_panel

# The three-month follow-up of an action, as for single-agency actions.
FOLLOW_UP_MONTHS = 3
# A follow-up nobody has recorded this many working days after it fell due escalates itself.
FOLLOW_UP_ESCALATE_AFTER = 10
# Reminders go to an agency's auditor this many days before its section is due, and when late.
REMIND_DAYS_BEFORE = 5

DEFAULT_QUESTIONS = [
    (
        TemplateQuestion.Topic.KNEW,
        "What did your agency know about the child and family, and from when?",
        "Contacts, referrals, attendances, incidents, appointments missed.",
    ),
    (
        TemplateQuestion.Topic.SHARED,
        "What did your agency share with the other agencies, and what did it receive?",
        "Include strategy discussions, conferences and referrals to children's social care.",
    ),
    (
        TemplateQuestion.Topic.WHEN,
        "Was information shared in time to make a difference?",
        "Note any delay and what caused it.",
    ),
    (
        TemplateQuestion.Topic.PLAN,
        "How did your agency contribute to the child's plan?",
        "Attendance at meetings, actions taken on, what changed for the child.",
    ),
    (
        TemplateQuestion.Topic.VOICE,
        "How did the child's voice shape your agency's work?",
        "What the child said or showed, in their own words where you have them.",
    ),
]


def template_ensure_default() -> MultiAgencyTemplate:
    """The current template: version 1 with the five standard questions, made once."""
    template = MultiAgencyTemplate.objects.first()
    if template is not None:
        return template
    with transaction.atomic():
        template, created = MultiAgencyTemplate.objects.get_or_create(
            version=1, defaults={"title": "Multi-agency case audit"}
        )
        if created:
            TemplateQuestion.objects.bulk_create(
                TemplateQuestion(
                    template=template, position=i, topic=topic, text=text, guidance=guidance
                )
                for i, (topic, text, guidance) in enumerate(DEFAULT_QUESTIONS, start=1)
            )
    return template


def _require_manager(by) -> None:
    if not manages(by):
        raise PartnershipError(
            "Only the partnership's business manager or a QA officer can do this."
        )


# Agencies and their auditors -----------------------------------------------------------------


@transaction.atomic
def agency_create(*, by, name: str, kind: str) -> PartnerAgency:
    _require_manager(by)
    name = " ".join(name.split())
    if not name:
        raise PartnershipError("Enter the agency's name.")
    if PartnerAgency.objects.filter(name__iexact=name).exists():
        raise PartnershipError(f"There is already an agency called {name}.")
    if kind not in PartnerAgency.Kind.values:
        raise PartnershipError("Choose what kind of agency it is.")
    return PartnerAgency.objects.create(name=name, kind=kind)


@transaction.atomic
def partner_auditor_add(
    *, by, agency: PartnerAgency, full_name: str, email: str, invite: bool = True
) -> PartnerAuditor:
    """Give a partner agency's auditor an account (partner auditor role only) and, with
    ``invite``, email them the organisation's single-use link to set their password."""
    from organisation.accounts import invitation_send
    from organisation.errors import OrganisationError

    _require_manager(by)
    User = get_user_model()
    email = email.strip().lower()
    full_name = " ".join(full_name.split())
    if not full_name or not email:
        raise PartnershipError("Enter the auditor's name and email address.")
    if User.objects.filter(email__iexact=email).exists():
        raise PartnershipError(f"Someone already has an account with {email}.")
    if User.objects.filter(username=email).exists():
        raise PartnershipError(f"Someone already signs in as {email}.")
    user = User(username=email, email=email, full_name=full_name, job_title=str(agency))
    user.set_unusable_password()
    user.save()
    user.groups.add(role_group(Role.PARTNER_AUDITOR))
    auditor = PartnerAuditor.objects.create(user=user, agency=agency, added_by=by)
    if invite:
        try:
            invitation_send(by=by, person=user)
        except OrganisationError as error:
            raise PartnershipError(str(error)) from error
    return auditor


def partner_auditor_invite(*, by, auditor: PartnerAuditor) -> None:
    from organisation.accounts import invitation_send
    from organisation.errors import OrganisationError

    _require_manager(by)
    try:
        invitation_send(by=by, person=auditor.user)
    except OrganisationError as error:
        raise PartnershipError(str(error)) from error


# Setting up an audit -------------------------------------------------------------------------


@transaction.atomic
def audit_create(
    *,
    by,
    title: str,
    theme: str,
    sections_due: date,
    panel_date: date | None = None,
    chair=None,
) -> MultiAgencyAudit:
    _require_manager(by)
    if theme not in MultiAgencyAudit.Theme.values:
        raise PartnershipError("Choose the audit's theme.")
    if panel_date is not None and panel_date < sections_due:
        raise PartnershipError("The panel must meet on or after the date sections are due.")
    audit = MultiAgencyAudit(
        title=" ".join(title.split()) or MultiAgencyAudit.Theme(theme).label,
        theme=theme,
        template=template_ensure_default(),
        chair=chair or by,
        created_by=by,
        sections_due=sections_due,
        panel_date=panel_date,
    )
    audit._history_user = by
    audit._change_reason = "Set up"
    audit.save()
    return audit


def _editable(audit: MultiAgencyAudit) -> None:
    if audit.status not in (MultiAgencyAudit.Status.SETTING_UP, MultiAgencyAudit.Status.ANSWERING):
        raise PartnershipError("Cases and agencies can change only until every section is in.")


@transaction.atomic
def audit_case_add(*, by, audit: MultiAgencyAudit, child_ref: str) -> AuditCase:
    _require_manager(by)
    _editable(audit)
    child = Child.objects.filter(child_id__iexact=child_ref.strip()).first()
    if child is None:
        raise PartnershipError(f"No child has the case-management ID {child_ref.strip()}.")
    if audit.cases.filter(child=child).exists():
        raise PartnershipError(f"{child.child_id} is already in this audit.")
    case = AuditCase.objects.create(audit=audit, child=child)
    _answers_make(audit)
    return case


@transaction.atomic
def audit_cases_pick(*, by, audit: MultiAgencyAudit, kind: str, count: int) -> list[AuditCase]:
    """Pick ``count`` open cases of one kind at random (the seed is the audit's, so the same
    pick can be made again), leaving out children already in the audit."""
    _require_manager(by)
    _editable(audit)
    if kind not in Episode.Kind.values:
        raise PartnershipError("Choose a kind of case.")
    if not 1 <= count <= 20:
        raise PartnershipError("Pick between 1 and 20 cases.")
    taken = audit.cases.values("child")
    children = sorted(
        set(
            Episode.objects.filter(kind=kind, end_date__isnull=True)
            .exclude(child__in=taken)
            .values_list("child_id", flat=True)
        )
    )
    if not children:
        raise PartnershipError("There are no open cases of that kind to pick from.")
    chosen = random.Random(f"partnership-{audit.pk}").sample(children, min(count, len(children)))  # noqa: S311
    rule = f"{Episode.Kind(kind).label}: {len(chosen)} open cases at random"
    cases = AuditCase.objects.bulk_create(
        AuditCase(audit=audit, child_id=child_id, picked_by=rule[:120]) for child_id in chosen
    )
    _answers_make(audit)
    return cases


@transaction.atomic
def audit_agency_add(*, by, audit: MultiAgencyAudit, auditor: PartnerAuditor) -> AgencySection:
    """The auditor's agency takes part, with them answering its section (and on the panel)."""
    _require_manager(by)
    _editable(audit)
    existing = audit.sections.filter(agency=auditor.agency).first()
    if existing is not None:
        if existing.status != AgencySection.Status.WITHDRAWN:
            raise PartnershipError(f"{auditor.agency} is already taking part.")
        existing.auditor = auditor.user
        existing.save(update_fields=["auditor"])
        workflow.perform(existing, "rejoin", by=by)
        _answers_make(audit)
        return existing
    section = AgencySection(
        audit=audit, agency=auditor.agency, auditor=auditor.user, due_date=audit.sections_due
    )
    section._history_user = by
    section._change_reason = "Agency added"
    section.save()
    _answers_make(audit)
    if audit.status == MultiAgencyAudit.Status.ANSWERING:
        _tell_auditor(section)
    return section


def _answers_make(audit: MultiAgencyAudit) -> None:
    """Every section taking part has an (empty) answer for every case."""
    have = set(CaseAnswer.objects.filter(section__audit=audit).values_list("section", "case"))
    sections = list(audit.sections.filter(status__in=TAKING_PART).values_list("pk", flat=True))
    cases = list(audit.cases.values_list("pk", flat=True))
    CaseAnswer.objects.bulk_create(
        CaseAnswer(section_id=s, case_id=c) for s in sections for c in cases if (s, c) not in have
    )


@transaction.atomic
def section_withdraw(*, by, section: AgencySection) -> AgencySection:
    """Remove an agency from the audit: its auditor loses access at once."""
    _editable(section.audit)
    section = workflow.perform(section, "withdraw", by=by)
    _all_in_check(section.audit)
    return section


@transaction.atomic
def audit_open(*, by, audit: MultiAgencyAudit) -> MultiAgencyAudit:
    if not audit.cases.exists():
        raise PartnershipError("Add at least one case before sending the audit to the agencies.")
    sections = list(audit.sections.filter(status__in=TAKING_PART).select_related("auditor"))
    if not sections:
        raise PartnershipError("Add at least one agency before sending the audit to them.")
    audit = workflow.perform(audit, "open", by=by)
    for section in sections:
        _tell_auditor(section)
    return audit


def _tell_auditor(section: AgencySection) -> None:
    notification_send(
        recipients=[section.auditor],
        subject=f"Multi-agency audit: {section.audit.title}",
        body=f"Please answer {section.agency}'s section by {section.due_date:%d %B %Y}.",
        url=reverse("partnership:section", args=[section.pk]),
        dedupe_key=f"partnership-section-{section.pk}-asked",
    )


# Answering ----------------------------------------------------------------------------------


@transaction.atomic
def case_answer_save(*, by, answer: CaseAnswer, answers: dict, grade: str) -> CaseAnswer:
    section = AgencySection.objects.select_for_update().get(pk=answer.section_id)
    if section.auditor_id != by.pk:
        raise PartnershipError("Only the agency's auditor named on the audit can answer.")
    if section.status != AgencySection.Status.DRAFT:
        raise PartnershipError("This section has been submitted (or the agency removed).")
    if section.audit.status != MultiAgencyAudit.Status.ANSWERING:
        raise PartnershipError("The audit is not open for answers.")
    if grade and grade not in Grade.values:
        raise PartnershipError("Choose a grade from the list.")
    questions = {str(pk) for pk in section.audit.template.questions.values_list("pk", flat=True)}
    answer.answers = {key: value.strip() for key, value in answers.items() if key in questions}
    answer.grade = grade
    answer.save(update_fields=["answers", "grade", "updated_at"])
    return answer


@transaction.atomic
def section_submit(*, by, section: AgencySection) -> AgencySection:
    workflow.check(section, "submit", by=by)
    questions = [str(pk) for pk in section.audit.template.questions.values_list("pk", flat=True)]
    missing = [
        answer.case.child.child_id
        for answer in section.answers.select_related("case__child")
        if not answer.grade or not all(answer.answers.get(q) for q in questions)
    ]
    if missing:
        raise PartnershipError(
            "Answer every question and give a grade for each case first: "
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not finished."
        )
    section = workflow.perform(section, "submit", by=by, fields={"submitted_at": timezone.now()})
    _all_in_check(section.audit)
    return section


def _all_in_check(audit: MultiAgencyAudit) -> None:
    """When every agency still taking part has submitted, the audit is ready for its panel and
    the blind is lifted."""
    audit.refresh_from_db()
    if audit.status != MultiAgencyAudit.Status.ANSWERING:
        return
    statuses = set(
        audit.sections.exclude(status=AgencySection.Status.WITHDRAWN).values_list(
            "status", flat=True
        )
    )
    if statuses != {AgencySection.Status.SUBMITTED}:
        return
    workflow.perform(audit, "all_in", reason="Every agency has submitted")
    panel = [audit.chair, *(s.auditor for s in audit.sections.filter(status__in=TAKING_PART))]
    notification_send(
        recipients=panel,
        subject=f"Multi-agency audit ready for the panel: {audit.title}",
        body="Every agency has submitted its section. Each agency can now read the others'.",
        url=reverse("partnership:audit", args=[audit.pk]),
        dedupe_key=f"partnership-audit-{audit.pk}-all-in",
    )


# The panel -----------------------------------------------------------------------------------


def _panel_may_record(by, audit: MultiAgencyAudit) -> None:
    if audit.status != MultiAgencyAudit.Status.PANEL:
        raise PartnershipError(
            "The panel records findings and actions once every agency has submitted its "
            "section, and until the audit is finished."
        )
    if not on_panel(by, audit):
        raise PartnershipError("Only the chair and the panel's members can record this.")


@transaction.atomic
def finding_record(
    *,
    by,
    audit: MultiAgencyAudit,
    case: AuditCase | None,
    agency: PartnerAgency | None,
    what_worked: str,
    what_did_not: str,
    learning: str,
) -> Finding:
    _panel_may_record(by, audit)
    if case is not None and case.audit_id != audit.pk:
        raise PartnershipError("Choose a case of this audit.")
    if (
        agency is not None
        and not audit.sections.filter(agency=agency, status__in=TAKING_PART).exists()
    ):
        raise PartnershipError(f"{agency} is not taking part in this audit.")
    if not (what_worked.strip() or what_did_not.strip() or learning.strip()):
        raise PartnershipError("Write what worked, what did not, or the learning.")
    finding = Finding(
        audit=audit,
        case=case,
        agency=agency,
        what_worked=what_worked.strip(),
        what_did_not=what_did_not.strip(),
        learning=learning.strip(),
        recorded_by=by,
    )
    finding._history_user = by
    finding.save()
    return finding


@transaction.atomic
def action_record(
    *,
    by,
    audit: MultiAgencyAudit,
    agency: PartnerAgency,
    description: str,
    owner,
    due_date: date,
    today: date | None = None,
) -> PartnershipAction:
    from .selectors import action_owners

    today = today or timezone.localdate()
    _panel_may_record(by, audit)
    if not audit.sections.filter(agency=agency, status__in=TAKING_PART).exists():
        raise PartnershipError(f"{agency} is not taking part in this audit.")
    if not action_owners(audit).filter(pk=owner.pk).exists():
        raise PartnershipError("Choose an owner from the agencies' auditors or the chair.")
    if due_date < today:
        raise PartnershipError("The due date cannot be in the past.")
    if not description.strip():
        raise PartnershipError("Say what must change.")
    action = PartnershipAction(
        audit=audit,
        agency=agency,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        agreed_on=today,
        created_by=by,
    )
    action._history_user = by
    action.save()
    notification_send(
        recipients=[owner],
        subject=f"A multi-agency action for {agency}",
        body=f"{action.description}\n\nDue by {due_date:%d %B %Y}.",
        url=reverse("partnership:audit", args=[audit.pk]),
    )
    return action


@transaction.atomic
def audit_finish(*, by, audit: MultiAgencyAudit, today: date | None = None) -> MultiAgencyAudit:
    workflow.check(audit, "finish", by=by)
    if not audit.findings.exists():
        raise PartnershipError("Record the panel's findings before finishing the audit.")
    return workflow.perform(
        audit, "finish", by=by, fields={"finished_on": today or timezone.localdate()}
    )


@transaction.atomic
def action_complete(*, by, action: PartnershipAction, evidence: str, today: date | None = None):
    if not evidence.strip():
        raise PartnershipError("Say what was done.")
    return workflow.perform(
        action,
        "complete",
        by=by,
        fields={"evidence": evidence.strip(), "completed_on": today or timezone.localdate()},
    )


# Follow-up, escalation and reminders --------------------------------------------------------


def _business_managers():
    return get_user_model().objects.filter(groups__name=Role.BUSINESS_MANAGER.value, is_active=True)


@transaction.atomic
def follow_ups_open(*, today: date) -> list[PartnershipFollowUp]:
    """Each action agreed three months ago (or more) gets its follow-up, once."""
    made = []
    actions = PartnershipAction.objects.filter(
        follow_up__isnull=True,
        status__in=(PartnershipAction.Status.OPEN, PartnershipAction.Status.DONE),
    ).select_related("audit__chair", "agency")
    for action in actions:
        due = add_months(action.agreed_on, FOLLOW_UP_MONTHS)
        if due > today:
            continue
        try:
            with transaction.atomic():
                follow_up = PartnershipFollowUp.objects.create(action=action, due_date=due)
        except IntegrityError:
            continue  # another run made it
        made.append(follow_up)
        notification_send(
            recipients=[action.audit.chair, *_business_managers()],
            subject=f"Multi-agency follow-up due: {action.agency}",
            body="Three months on: was this done, and did practice improve?\n\n"
            + action.description,
            url=reverse("partnership:follow_up", args=[follow_up.pk]),
            dedupe_key=f"partnership-follow-up-{follow_up.pk}-due",
        )
    return made


def _escalate(follow_up: PartnershipFollowUp, *, by, reason: str) -> PartnershipFollowUp:
    chair = follow_up.action.audit.chair
    follow_up = workflow.perform(
        follow_up, "escalate", by=by, reason=reason[:100], fields={"escalated_to": chair}
    )
    notification_send(
        recipients=[chair],
        subject=f"Escalated to you: a multi-agency action for {follow_up.action.agency}",
        body=f"{reason}\n\n{follow_up.action.description}",
        url=reverse("partnership:follow_up", args=[follow_up.pk]),
        dedupe_key=f"partnership-follow-up-{follow_up.pk}-escalated",
    )
    return follow_up


@transaction.atomic
def follow_up_record(
    *,
    by,
    follow_up: PartnershipFollowUp,
    action_done: bool,
    improved: bool,
    outcome: str,
    today: date | None = None,
) -> PartnershipFollowUp:
    """The follow-up's answer. Done and improved: completed. Otherwise it escalates to the chair
    (and the chair, recording it again, completes it)."""
    today = today or timezone.localdate()
    if not outcome.strip():
        raise PartnershipError("Say what the follow-up found.")
    fields = {"outcome": outcome.strip(), "reviewed_by": by, "reviewed_on": today}
    if (action_done and improved) or follow_up.status == PartnershipFollowUp.Status.ESCALATED:
        return workflow.perform(follow_up, "complete", by=by, fields=fields)
    workflow.check(follow_up, "escalate", by=by)
    PartnershipFollowUp.objects.filter(pk=follow_up.pk).update(**fields)
    return _escalate(
        follow_up,
        by=by,
        reason="The action was not done" if not action_done else "Practice has not improved",
    )


@transaction.atomic
def follow_ups_escalate_overdue(*, today: date) -> int:
    overdue = [
        follow_up
        for follow_up in PartnershipFollowUp.objects.filter(
            status=PartnershipFollowUp.Status.DUE
        ).select_related("action__audit__chair", "action__agency")
        if add_working_days(follow_up.due_date, FOLLOW_UP_ESCALATE_AFTER) <= today
    ]
    for follow_up in overdue:
        _escalate(follow_up, by=None, reason="Nobody recorded the follow-up in time")
    return len(overdue)


def sections_remind(*, today: date) -> int:
    """Remind each agency's auditor of a section due soon, and again when it is late."""
    sent = 0
    sections = AgencySection.objects.filter(
        status=AgencySection.Status.DRAFT, audit__status=MultiAgencyAudit.Status.ANSWERING
    ).select_related("audit", "agency", "auditor")
    for section in sections:
        days_left = (section.due_date - today).days
        if days_left < 0:
            kind, subject = "late", "Your agency's section is late"
        elif days_left <= REMIND_DAYS_BEFORE:
            kind, subject = "soon", "Your agency's section is due soon"
        else:
            continue
        sent += len(
            notification_send(
                recipients=[section.auditor],
                subject=f"{subject}: {section.audit.title}",
                body=f"{section.agency}'s section is due by {section.due_date:%d %B %Y}.",
                url=reverse("partnership:section", args=[section.pk]),
                dedupe_key=f"partnership-section-{section.pk}-{kind}",
            )
        )
    return sent


def partnership_daily(*, today: date) -> str:
    opened = follow_ups_open(today=today)
    escalated = follow_ups_escalate_overdue(today=today)
    reminded = sections_remind(today=today)
    return f"{len(opened)} follow-ups opened, {escalated} escalated, {reminded} reminders"
