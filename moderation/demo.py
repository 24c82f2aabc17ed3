"""Demo loop: every state of moderation, feedback, actions and follow-up, on top of the demo audits.

Built through the services, as people would, then dated back to when it would have happened:

- a round four months ago, round the whole loop: its follow-up reviews are done (one escalated to
  the head of service because an action was not done) or due now;
- the audits' own round two months ago: agreed and moderated audits with actions (some overdue)
  and feedback, and one moderation the demo ``senior`` has let run overdue;
- a round last month: the demo ``manager`` and ``peer`` disagreed on a case, ``senior`` has
  moderated it and each has a learning note to read; another case waits for ``senior``;
- personal feedback for the demo ``worker`` to acknowledge, learning themes counted in the monthly
  summary, and learning activities held on them.

A second run finds the themes and changes nothing.
"""

import random
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from audits.demo import (
    AREAS,
    EVIDENCE,
    STRENGTHS,
    WORDS,
    demo_moment,
    demo_working_day,
    round_backdate,
)
from audits.errors import AuditError
from audits.models import AuditRound, CaseAudit, Conversation, DomainGrade, Grade, Grading
from audits.selectors import audit_template_current, domains_for
from audits.services import (
    case_audit_assign,
    case_audit_transition,
    sample_month,
)
from audits.services.history import history_stamp
from audits.services.sampling import months_before
from qaf import demo
from qaf.models import Notification
from qaf.workdays import add_working_days

from . import timescales
from .models import (
    Action,
    ActionCheck,
    Escalation,
    FinalGrade,
    FollowUpReview,
    LearningActivity,
    LearningNote,
    LearningTheme,
    Moderation,
    PractitionerFeedback,
)
from .selectors import senior_managers_of
from .services import (
    CheckInput,
    action_add,
    action_complete,
    case_audit_route,
    daily_reminders_send,
    follow_up_review_complete,
    follow_up_reviews_create,
    grading_themes_set,
    learning_activity_record,
    learning_note_acknowledge,
    learning_theme_create,
    moderation_assign,
    moderation_record,
    practitioner_feedback_acknowledge,
    practitioner_feedback_send,
)

THEMES = [
    ("The child's voice is missing", "The record does not say what the child said or wants."),
    ("Plans without dates or owners", "Plan actions with no named owner or no date."),
    ("Seen alone not recorded", "Visits that do not say whether the child was seen alone."),
    ("Reasons for decisions not recorded", "Management oversight gives no reasons."),
    ("Drift between reviews", "The same actions carried from review to review."),
    ("Strong multi-agency working", "Partners engaged, informed and holding actions."),
    ("Out-of-date assessment", "The assessment no longer describes the household."),
    ("Supervision is reflective", "Supervision records thinking, not only tasks."),
]
RATIONALES = [
    "The plan has no dates for three of its five actions and the last review repeated them. "
    "Planning cannot be good while the family cannot tell what happens next.",
    "The child's own words appear in every visit since the spring, and the worker acted on them. "
    "That lifts the child's experience above what the team manager's grade allowed.",
    "Oversight is regular but never says why a decision was taken; both auditors agreed this on "
    "reading the supervision notes together.",
]
NOTES_TO_MANAGER = [
    "You graded from the plan as written; look for whether it was carried out. Read the last two "
    "visits against the plan before you grade planning.",
    "Your evidence was thorough. Next time, name the date of each record you rely on, so that a "
    "moderator can find it quickly.",
]
NOTES_TO_PEER = [
    "Your conversation with the child settled the difference: keep quoting their words exactly.",
    "Check supervision notes before grading management oversight; the reasons were there.",
]
ACTIONS = [
    "Put a date and a named owner against every action in the plan.",
    "Record at each visit whether the child was seen alone, and what they said in their own words.",
    "Update the assessment to include the new adult in the household.",
    "Write the reasons for the decision to step down in the supervision record.",
    "Hold a core group with school and health within four weeks.",
]
EVIDENCE_DONE = [
    "Plan updated on the case record; every action now has an owner and a date.",
    "Visits since then record seen alone and the child's words (see the last three case notes).",
    "Assessment updated and authorised; see the assessment tab.",
]
GOING_WELL = [
    "You know this child well and it shows: they told the auditor you 'actually listen'. Your "
    "visits are on time and your notes say what you did next.",
    "Your work with school is a real strength: the designated lead comes to every core group "
    "because you keep them involved.",
]
TO_IMPROVE = [
    "Write down what the child says in their own words, and say whether you saw them alone.",
    "Make every action in the plan specific, with who will do it and by when.",
]
COMPLIMENTS = [
    "The child's foster carer said: 'She's the first one who rang me back when she said she "
    "would.'",
    "The school's designated lead said you are the most reliable worker they have had.",
]
LOOK_BACKS = [
    "Visits on time since the audit; the plan was redone with dates and the child's words are "
    "recorded at every visit.",
    "Visits are better recorded but the plan still carries actions from before the audit.",
]
ACTIVITIES = [
    ("workshop", "Recording the child's own words", 0, 18),
    ("briefing", "What good looks like: plans with owners and dates", 1, 31),
    ("one_to_one", "Reflective supervision in practice", 7, 1),
    ("workshop", "Seeing children alone: why and how to record it", 2, 22),
    ("briefing", "Multi-agency working that made a difference", 5, 40),
]


def _at(day: date, hour: int = 11) -> datetime:
    return demo_moment(day, hour)


def _nearby(grade: str, rng: random.Random, spread: float = 0.3) -> str:
    step = Grade.step(grade) - 1
    if rng.random() < spread:
        step = min(3, max(0, step + rng.choice([-1, 1])))
    return Grade.values[step]


def _grade(audit, auditor, role: str, rng, overall: str, *, submitted: datetime) -> None:
    """One submitted grading of a past round, written as the grading pages would have left it.

    Straight to the models, with their history, rather than page by page through the grading
    services: a past round has dozens of them and the demo must load in seconds.
    """
    grading = Grading(
        case_audit=audit,
        role=role,
        auditor=auditor,
        overall_grade=overall,
        strengths=rng.choice(STRENGTHS),
        areas_for_development=rng.choice(AREAS),
        submitted_at=submitted,
    )
    history_stamp(grading, by=auditor, reason="Submitted")
    grading.save()
    for domain in domains_for(audit):
        grade = _nearby(overall, rng)
        entry = DomainGrade(
            grading=grading, domain=domain, grade=grade, evidence=rng.choice(EVIDENCE[grade])
        )
        history_stamp(entry, by=auditor, reason="Draft saved")
        entry.save()


def _grade_both(audit, rng, *, manager: str, peer: str, month: date, today: date) -> None:
    """Both gradings and the peer auditor's conversations; the audit becomes both graded."""
    if audit.template_id is None:
        audit.template = audit_template_current()
        CaseAudit.objects.filter(pk=audit.pk).update(template=audit.template)
    case_audit_transition(case_audit=audit, to=CaseAudit.Status.IN_PROGRESS, by=audit.team_manager)
    # round_backdate spreads the submissions over the month once the round is graded.
    day = demo_working_day(month, 8, today=today)
    _grade(
        audit, audit.team_manager, Grading.Role.TEAM_MANAGER, rng, manager, submitted=_at(day, 15)
    )
    for number, person in enumerate((Conversation.Person.CHILD, Conversation.Person.SOCIAL_WORKER)):
        conversation = Conversation(
            case_audit=audit,
            recorded_by=audit.peer_auditor,
            person=person,
            held_on=demo_working_day(month, 1 + (audit.pk + 2 * number) % 9, today=today),
            method=Conversation.Method.IN_PERSON_HOME,
            seen_alone=True if person == Conversation.Person.CHILD else None,
            in_their_words=rng.choice(WORDS[person]),
        )
        history_stamp(conversation, by=audit.peer_auditor, reason="Conversation recorded")
        conversation.save()
    _grade(audit, audit.peer_auditor, Grading.Role.PEER_AUDITOR, rng, peer, submitted=_at(day, 16))
    case_audit_transition(
        case_audit=audit,
        to=CaseAudit.Status.BOTH_GRADED,
        by=audit.peer_auditor,
        reason="Both gradings submitted",
    )


def _grade_round(audit_round, rng, today, *, skip=()) -> list[CaseAudit]:
    """Grade every assigned audit of the round: two in three agree, the rest differ by a step."""
    graded = []
    audits = (
        CaseAudit.objects.filter(
            round=audit_round,
            status__in=CaseAudit.GRADING_STATES,
            team_manager__isnull=False,
            peer_auditor__isnull=False,
        )
        .exclude(pk__in=[a.pk for a in skip])
        .select_related("round", "child", "team_manager", "peer_auditor")
        .order_by("pk")
    )
    for number, audit in enumerate(audits):
        manager = rng.choices(Grade.values, weights=[10, 50, 30, 10])[0]
        peer = manager if number % 3 != 2 else _nearby(manager, rng, spread=1.0)
        _grade_both(audit, rng, manager=manager, peer=peer, month=audit_round.period, today=today)
        graded.append(audit)
    return graded


def _moderate(moderation, rng, themes, *, by=None) -> Moderation:
    audit = moderation.case_audit
    overall = Grade.REQUIRES_IMPROVEMENT if rng.random() < 0.6 else Grade.GOOD
    return moderation_record(
        moderation=moderation,
        by=by or moderation.moderator,
        held_on=timezone.localdate(),
        meeting_notes="We read the plan and the last three visits together.",
        domain_grades={d.pk: _nearby(overall, rng, 0.2) for d in domains_for(audit)},
        overall_grade=overall,
        rationale=rng.choice(RATIONALES),
        note_to_team_manager=rng.choice(NOTES_TO_MANAGER),
        note_to_peer_auditor=rng.choice(NOTES_TO_PEER),
        themes=_some_themes(rng, themes, 2),
    )


def _date_moderation(moderation: Moderation, *, routed_on: date, done_on: date | None) -> None:
    Moderation.objects.filter(pk=moderation.pk).update(
        routed_on=routed_on,
        due_date=timescales.moderation_due(routed_on),
        meeting_held_on=done_on,
        moderated_at=_at(done_on) if done_on else None,
    )
    if done_on:
        LearningNote.objects.filter(moderation=moderation).update(created_at=_at(done_on))


def _date_final(audit: CaseAudit, decided_on: date) -> FinalGrade:
    FinalGrade.objects.filter(case_audit=audit).update(
        decided_on=decided_on,
        follow_up_due=timescales.follow_up_due(decided_on),
        feedback_due=timescales.feedback_due(decided_on),
    )
    return FinalGrade.objects.select_related("case_audit__social_worker").get(case_audit=audit)


# Some findings recur far more than others: the summary should show which.
THEME_WEIGHTS = [6, 5, 4, 2, 2, 1, 1, 1]


def _some_themes(rng, themes, most: int) -> list:
    chosen = {rng.choices(themes, weights=THEME_WEIGHTS)[0] for _ in range(rng.randint(1, most))}
    return sorted(chosen, key=lambda theme: theme.name)


def _themes_on_gradings(audit, rng, themes) -> None:
    for grading in Grading.objects.filter(case_audit=audit).select_related("auditor"):
        if rng.random() < 0.6:
            grading_themes_set(
                case_audit=audit, by=grading.auditor, themes=_some_themes(rng, themes, 1)
            )


def _actions_and_feedback(
    audit: CaseAudit, rng, today: date, *, decided_on: date, open_actions: int, acknowledge: bool
) -> None:
    """Agree two actions and give feedback as the team manager, then date them as if done just
    after a final grade of ``decided_on``; the first ``open_actions`` stay open."""
    audit = CaseAudit.objects.select_related("team_manager", "social_worker").get(pk=audit.pk)
    manager = audit.team_manager
    follow_up_due = timescales.follow_up_due(decided_on)
    owners = [audit.social_worker or manager, manager]
    for number in range(2):
        action = action_add(
            case_audit=audit,
            by=manager,
            description=ACTIONS[(audit.pk + number) % len(ACTIONS)],
            owner=owners[number],
            due_date=today + timedelta(days=1),
        )
        due = min(decided_on + timedelta(weeks=4 + 3 * number), follow_up_due)
        if number >= open_actions:
            action_complete(action=action, by=action.owner, evidence=rng.choice(EVIDENCE_DONE))
        Action.objects.filter(pk=action.pk).update(
            due_date=due,
            created_at=_at(add_working_days(decided_on, 2)),
            completed_on=None
            if number < open_actions
            else min(today, due - timedelta(days=rng.randint(0, 6))),
        )
    if audit.social_worker_id is None or audit.social_worker_id == manager.pk:
        return
    feedback = practitioner_feedback_send(
        case_audit=audit,
        by=manager,
        going_well=rng.choice(GOING_WELL),
        to_improve=rng.choice(TO_IMPROVE),
        compliments=rng.choice(COMPLIMENTS) if rng.random() < 0.4 else "",
    )
    sent = add_working_days(decided_on, 3)
    if acknowledge:
        practitioner_feedback_acknowledge(
            feedback=feedback,
            by=audit.social_worker,
            reflection="I have started recording the child's words at every visit."
            if rng.random() < 0.5
            else "",
        )
    PractitionerFeedback.objects.filter(pk=feedback.pk).update(
        sent_at=_at(sent), acknowledged_at=_at(sent + timedelta(days=2)) if acknowledge else None
    )


@demo.register("moderation")
def seed(*, today: date, rng: random.Random) -> str:
    if LearningTheme.objects.exists():
        return "the loop is already there"
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["qa", "senior", "manager", "peer", "worker"])
    }
    if len(users) < 5 or not AuditRound.objects.exists():
        return "no demo audits to close the loop on"
    first_new_message = Notification.objects.aggregate(top=Max("pk"))["top"] or 0
    qa, senior = users["qa"], users["senior"]
    themes = [
        learning_theme_create(by=qa, name=name, description=description)
        for name, description in THEMES
    ]
    this_month = today.replace(day=1)

    def in_seniors_area(audit) -> bool:
        return senior.pk in {s.pk for s in senior_managers_of(audit.team.service_area)}

    # Four months ago: round the whole loop, follow-ups done or due now --------------------------
    older = sample_month(period=months_before(this_month, 4), by=qa).round
    graded = _grade_round(older, rng, today)
    round_backdate(older, today=today)
    follow_ups_kept_for_senior = 0
    for number, audit in enumerate(graded):
        routed = case_audit_route(case_audit_id=audit.pk, today=today)
        audit.refresh_from_db()
        # Decided 4 to 25 days more than three months ago: each follow-up has come due.
        decided_on = timescales.add_months(today, -3) - timedelta(days=4 + (number * 7) % 22)
        if isinstance(routed, Moderation):
            routed = _moderate(routed, rng, themes)
            _date_moderation(
                routed,
                routed_on=add_working_days(decided_on, -7),
                done_on=decided_on,
            )
            for note in LearningNote.objects.filter(moderation=routed):
                learning_note_acknowledge(note=note, by=note.recipient)
        _themes_on_gradings(audit, rng, themes)
        _actions_and_feedback(
            audit,
            rng,
            today,
            decided_on=decided_on,
            open_actions=1 if in_seniors_area(audit) and number % 2 == 0 else 0,
            acknowledge=True,
        )
        _date_final(audit, decided_on)

    reviews = follow_ups_created = follow_up_reviews_create(today=today)
    escalated = None
    for review in sorted(reviews, key=lambda r: r.due_date):
        audit = review.case_audit
        actions = list(Action.objects.filter(case_audit=audit).exclude(status="cancelled"))
        if (
            in_seniors_area(audit)
            and follow_ups_kept_for_senior < 2
            and review.due_date > (today - timedelta(days=12))
        ):
            # Due now: left for the demo senior manager to do.
            FollowUpReview.objects.filter(pk=review.pk).update(reviewer=senior)
            follow_ups_kept_for_senior += 1
            continue
        open_action = next((a for a in actions if a.status == Action.Status.OPEN), None)
        reviewer = review.reviewer or senior_managers_of(audit.team.service_area)[0]
        if escalated is None and open_action is not None and in_seniors_area(audit):
            checks = {
                a.pk: CheckInput(
                    ActionCheck.Finding.NOT_DONE if a == open_action else ActionCheck.Finding.DONE,
                    "Still not done at the follow-up." if a == open_action else "",
                )
                for a in actions
            }
            follow_up_review_complete(
                review=review,
                by=reviewer,
                checks=checks,
                outcome=FollowUpReview.Outcome.PARTLY,
                look_back=LOOK_BACKS[1],
                escalation_reason=(
                    "The plan still has actions with no date or owner three months after the "
                    "audit, although the team manager agreed to change it."
                ),
            )
            escalated = review
        else:
            for action in actions:
                if action.status == Action.Status.OPEN:
                    action_complete(action=action, by=action.owner, evidence=EVIDENCE_DONE[0])
            follow_up_review_complete(
                review=review,
                by=reviewer,
                checks={a.pk: CheckInput(ActionCheck.Finding.DONE) for a in actions},
                outcome=FollowUpReview.Outcome.IMPROVED,
                look_back=LOOK_BACKS[0],
            )
        done_on = min(today, add_working_days(review.due_date, 4))
        FollowUpReview.objects.filter(pk=review.pk).update(completed_at=_at(done_on))
        Escalation.objects.filter(case_audit=audit).update(raised_at=_at(done_on))

    # Two months ago (the audits' own round): agreed and moderated, one moderation overdue -------
    past = AuditRound.objects.filter(period=months_before(this_month, 2)).first()
    overdue_left = None
    if past is not None:
        routed_on = add_working_days(past.period, 18)
        for number, audit in enumerate(
            CaseAudit.objects.filter(
                round=past, status__in=[CaseAudit.Status.BOTH_GRADED, CaseAudit.Status.AGREED]
            )
            .select_related("team__service_area", "child", "team_manager", "social_worker")
            .order_by("pk")
        ):
            routed = case_audit_route(case_audit_id=audit.pk, today=today)
            _themes_on_gradings(audit, rng, themes)
            if isinstance(routed, Moderation):
                if overdue_left is None and in_seniors_area(audit):
                    if routed.moderator_id != senior.pk:
                        routed = moderation_assign(moderation=routed, moderator=senior, by=qa)
                    _date_moderation(routed, routed_on=routed_on, done_on=None)
                    overdue_left = routed
                    continue
                routed = _moderate(routed, rng, themes)
                decided_on = add_working_days(routed_on, 6)
                _date_moderation(routed, routed_on=routed_on, done_on=decided_on)
                for note in LearningNote.objects.filter(moderation=routed):
                    learning_note_acknowledge(note=note, by=note.recipient)
            else:
                decided_on = add_working_days(past.period, 16 + number % 5)
            if audit.social_worker_id != users["worker"].pk:
                _actions_and_feedback(
                    audit,
                    rng,
                    today,
                    decided_on=decided_on,
                    open_actions=1 if number % 4 == 0 else 0,
                    acknowledge=True,
                )
            _date_final(audit, decided_on)

    # Last month: the demo manager and peer disagreed; senior has moderated it ------------------
    last = sample_month(period=months_before(this_month, 1), by=qa).round
    shared = None
    for audit in (
        CaseAudit.objects.filter(round=last, team_manager=users["manager"])
        .select_related("round", "child", "team_manager", "peer_auditor")
        .order_by("pk")
    ):
        try:
            if audit.peer_auditor_id != users["peer"].pk:
                case_audit_assign(
                    case_audit=audit, role=Grading.Role.PEER_AUDITOR, auditor=users["peer"], by=qa
                )
        except AuditError:
            continue
        shared = CaseAudit.objects.select_related(
            "round", "child", "team_manager", "peer_auditor"
        ).get(pk=audit.pk)
        break
    if shared is not None:
        _grade_both(
            shared,
            rng,
            manager=Grade.GOOD,
            peer=Grade.REQUIRES_IMPROVEMENT,
            month=last.period,
            today=today,
        )
    graded = _grade_round(last, rng, today, skip=[shared] if shared else [])
    round_backdate(last, today=today)
    waiting_for_senior = None
    for audit in ([shared] if shared else []) + graded:
        routed = case_audit_route(case_audit_id=audit.pk, today=today)
        audit.refresh_from_db()
        if isinstance(routed, Moderation):
            for_senior = audit == shared or (waiting_for_senior is None and in_seniors_area(audit))
            if for_senior and routed.moderator_id != senior.pk:
                routed = moderation_assign(moderation=routed, moderator=senior, by=qa)
            if audit == shared:
                _moderate(routed, rng, themes, by=senior)
                _date_moderation(
                    routed,
                    routed_on=add_working_days(today, -6),
                    done_on=add_working_days(today, -1),
                )
                _date_final(audit, add_working_days(today, -1))
                continue
            if waiting_for_senior is None and routed.moderator_id == senior.pk:
                _date_moderation(routed, routed_on=add_working_days(today, -3), done_on=None)
                waiting_for_senior = routed
                continue
            routed = _moderate(routed, rng, themes)
            _date_moderation(
                routed,
                routed_on=add_working_days(today, -9),
                done_on=add_working_days(today, -4),
            )
            decided_on = add_working_days(today, -4)
        else:
            # Agreed when the second grading came in, in the round's own month, as most are:
            # the on-time figure counts a final grade by the round's last working day.
            decided_on = min(
                add_working_days(last.period, 14 + audit.pk % 6), add_working_days(today, -12)
            )
        _themes_on_gradings(audit, rng, themes)
        if audit.social_worker_id != users["worker"].pk and audit.pk % 2:
            _actions_and_feedback(
                audit, rng, today, decided_on=decided_on, open_actions=2, acknowledge=False
            )
        _date_final(audit, decided_on)

    # Feedback for the demo worker to read -----------------------------------------------------
    worker_final = (
        FinalGrade.objects.filter(
            case_audit__social_worker=users["worker"],
            case_audit__practitioner_feedback__isnull=True,
            case_audit__status__in=[CaseAudit.Status.AGREED, CaseAudit.Status.MODERATED],
        )
        .exclude(case_audit=shared)
        .select_related("case_audit__team_manager", "case_audit__social_worker")
        .order_by("-decided_on")
        .first()
    )
    if worker_final is not None:
        audit = worker_final.case_audit
        feedback = practitioner_feedback_send(
            case_audit=audit,
            by=audit.team_manager,
            going_well=GOING_WELL[0],
            to_improve=TO_IMPROVE[0],
            compliments=COMPLIMENTS[0],
        )
        action_add(
            case_audit=audit,
            by=audit.team_manager,
            description=ACTIONS[1],
            owner=users["worker"],
            due_date=min(worker_final.follow_up_due, today + timedelta(weeks=3)),
        )
        PractitionerFeedback.objects.filter(pk=feedback.pk).update(
            sent_at=_at(worker_final.decided_on + timedelta(days=3))
        )

    # Learning activities held on the themes ---------------------------------------------------
    for kind, title, theme_index, attendance in ACTIVITIES:
        months_ago = theme_index % 3
        held_on = demo_working_day(months_before(this_month, months_ago), 6, today=today)
        learning_activity_record(
            by=qa,
            theme=themes[theme_index],
            kind=kind,
            title=title,
            held_on=held_on,
            attendance=attendance,
            notes="Run by the QA team with a practice educator.",
        )

    # Today's daily job: reminders, and escalations of what is long overdue.
    daily = daily_reminders_send(today=today)

    # Demo messages are shown in the app but not printed as emails on the console.
    Notification.objects.filter(pk__gt=first_new_message).update(emailed_at=timezone.now())
    return (
        f"{Moderation.objects.count()} moderations, {FinalGrade.objects.count()} final grades, "
        f"{Action.objects.count()} actions, {FollowUpReview.objects.count()} follow-ups "
        f"({len(follow_ups_created)} created), {daily.escalations + (escalated is not None)} "
        f"escalations, {len(themes)} themes, {LearningActivity.objects.count()} activities"
    )
