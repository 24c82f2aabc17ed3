"""The registers: complaints and compliments, "You said, we did", participation sessions."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casework.models import Team
from casework.selectors import team_managers
from qaf import workflow
from qaf.notifications import notification_send
from qaf.roles import Role
from qaf.workdays import add_working_days

from ..errors import FeedbackError
from ..models import (
    ComplaintOrCompliment,
    ParticipationGroup,
    ParticipationSession,
    YouSaidWeDid,
)
from ..selectors.access import sees_everything, teams_overseen_by

Item = ComplaintOrCompliment
ItemStatus = Item.Status
STAGES = list(Item.Stage)

# Complaints are responded to, escalated and closed; compliments are passed on. The rules say
# the same, but a service called with no person (the demo, a command) must not mix them up.
_KIND_OF = {
    "respond": Item.Kind.COMPLAINT,
    "escalate": Item.Kind.COMPLAINT,
    "close": Item.Kind.COMPLAINT,
    "pass_on": Item.Kind.COMPLIMENT,
}


def _check(item: Item, action: str, by) -> None:
    if item.kind != _KIND_OF[action]:
        raise FeedbackError(workflow.machine_for(item).action(action).forbidden)
    workflow.check(item, action, by=by)


def _locked(item: Item) -> Item:
    return Item.objects.select_for_update().get(pk=item.pk)


def response_due(stage: str, from_day: date) -> date:
    return add_working_days(from_day, settings.FEEDBACK_COMPLAINT_WORKING_DAYS[stage])


@transaction.atomic
def complaint_record(
    *,
    kind: str,
    received_on: date,
    team: Team | None,
    category: str,
    received_from: str,
    summary: str,
    named_staff=(),
    by,
) -> Item:
    is_complaint = kind == Item.Kind.COMPLAINT
    item = Item.objects.create(
        kind=kind,
        received_on=received_on,
        team=team,
        category=category,
        received_from=received_from,
        summary=summary,
        stage=Item.Stage.STAGE_1 if is_complaint else "",
        response_due=response_due(Item.Stage.STAGE_1, received_on) if is_complaint else None,
        recorded_by=by,
    )
    item.named_staff.set(named_staff)
    return item


@transaction.atomic
def complaint_update(
    *,
    item: Item,
    received_on: date,
    team: Team | None,
    category: str,
    received_from: str,
    summary: str,
    named_staff=(),
) -> Item:
    item = _locked(item)
    if item.is_complaint and item.stage == Item.Stage.STAGE_1 and item.status == ItemStatus.OPEN:
        item.response_due = response_due(item.stage, received_on)
    item.received_on, item.team, item.category = received_on, team, category
    item.received_from, item.summary = received_from, summary
    item.save(
        update_fields=[
            "received_on",
            "team",
            "category",
            "received_from",
            "summary",
            "response_due",
        ]
    )
    item.named_staff.set(named_staff)
    return item


@transaction.atomic
def complaint_respond(*, item: Item, sent_on: date, outcome: str, by=None) -> Item:
    _check(item, "respond", by)
    if outcome not in Item.Outcome.values:
        raise FeedbackError("Choose the outcome of the complaint.")
    return workflow.perform(
        item,
        "respond",
        by=by,
        reason=f"Response sent: {Item.Outcome(outcome).label.lower()}",
        fields={"response_sent_on": sent_on, "outcome": outcome},
    )


@transaction.atomic
def complaint_escalate(*, item: Item, requested_on: date, by=None) -> Item:
    """The complainant asks for the next stage: a new response is due from that day."""
    _check(item, "escalate", by)
    position = STAGES.index(item.stage)
    if position + 1 >= len(STAGES):
        raise FeedbackError(
            "Stage 3 is the last stage. The complainant can go to the Ombudsman next."
        )
    stage = STAGES[position + 1]
    return workflow.perform(
        item,
        "escalate",
        by=by,
        reason=f"Moved to {stage.label.lower()}",
        fields={
            "stage": stage,
            "response_due": response_due(stage, requested_on),
            "response_sent_on": None,
            "outcome": "",
        },
    )


@transaction.atomic
def complaint_close(*, item: Item, learning: str, by=None) -> Item:
    _check(item, "close", by)
    return workflow.perform(item, "close", by=by, fields={"learning": learning.strip()})


@transaction.atomic
def compliment_pass_on(*, item: Item, by=None) -> Item:
    """Tell the people named (and the team's managers) what was said about them."""
    _check(item, "pass_on", by)
    recipients = list(item.named_staff.all())
    if item.team is not None:
        recipients += list(team_managers(item.team))
    if not recipients:
        raise FeedbackError("Add the people named in the compliment, or its team, first.")
    item = workflow.perform(item, "pass_on", by=by, fields={"passed_on_at": timezone.now()})
    notification_send(
        recipients=recipients,
        subject="A compliment about your work",
        body=f"{item.get_received_from_display()} said, on {item.received_on:%-d %B %Y}:\n\n"
        f"{item.summary}\n\nThank you.",
    )
    return item


def _check_team_reach(user, team: Team | None) -> None:
    if team is None:
        if not (sees_everything(user) or user.has_role(Role.SENIOR_MANAGER)):
            raise FeedbackError(
                "Only QA officers and senior managers record for the whole service."
            )
    elif not teams_overseen_by(user).filter(pk=team.pk).exists():
        raise FeedbackError("You can only record this for a team you manage.")


@transaction.atomic
def you_said_we_did_record(
    *, team: Team | None, month: date, theme: str, you_said: str, we_did: str, is_public: bool, by
) -> YouSaidWeDid:
    _check_team_reach(by, team)
    return YouSaidWeDid.objects.create(
        team=team,
        month=month.replace(day=1),
        theme=theme,
        you_said=you_said,
        we_did=we_did,
        is_public=is_public,
        recorded_by=by,
    )


@transaction.atomic
def you_said_we_did_update(
    *,
    entry: YouSaidWeDid,
    team: Team | None,
    month: date,
    theme: str,
    you_said: str,
    we_did: str,
    is_public: bool,
    by,
) -> YouSaidWeDid:
    _check_team_reach(by, entry.team)
    _check_team_reach(by, team)
    entry.team, entry.month, entry.theme = team, month.replace(day=1), theme
    entry.you_said, entry.we_did, entry.is_public = you_said, we_did, is_public
    entry.save(update_fields=["team", "month", "theme", "you_said", "we_did", "is_public"])
    return entry


def _clean_themes(themes: list[str]) -> list[str]:
    return list(dict.fromkeys(" ".join(t.split())[:120] for t in themes if t.strip()))


@transaction.atomic
def participation_session_record(
    *,
    group: ParticipationGroup,
    held_on: date,
    attended: int,
    themes_shown: list[str],
    views: str,
    theme_counts: dict[str, int] | None = None,
    recommendations: list[str] = (),
    manager=None,
    by,
) -> ParticipationSession:
    """A session: how many came (never who), the audit themes put to them with their counts,
    what they said, and their recommendations, each put to ``manager`` to answer."""
    from .participation import participation_recommendations_add

    if attended < 1:
        raise FeedbackError("Enter how many children and young people came.")
    themes = _clean_themes(themes_shown)
    session = ParticipationSession.objects.create(
        group=group,
        held_on=held_on,
        attended=attended,
        themes_shown=themes,
        theme_counts={name: n for name, n in (theme_counts or {}).items() if name in themes},
        views=views,
        recorded_by=by,
    )
    recommendations = [text for text in recommendations if text.strip()]
    if recommendations:
        participation_recommendations_add(
            session=session, texts=recommendations, manager=manager, by=by
        )
    return session


@transaction.atomic
def participation_session_update(
    *,
    session: ParticipationSession,
    group: ParticipationGroup,
    held_on: date,
    attended: int,
    themes_shown: list[str],
    views: str,
    theme_counts: dict[str, int] | None = None,
) -> ParticipationSession:
    if attended < 1:
        raise FeedbackError("Enter how many children and young people came.")
    themes = _clean_themes(themes_shown)
    # A theme kept from before keeps the count the group saw then.
    counts = {**(theme_counts or {}), **session.theme_counts}
    session.group, session.held_on, session.attended = group, held_on, attended
    session.themes_shown = themes
    session.theme_counts = {name: n for name, n in counts.items() if name in themes}
    session.views = views
    session.save(
        update_fields=["group", "held_on", "attended", "themes_shown", "theme_counts", "views"]
    )
    return session
