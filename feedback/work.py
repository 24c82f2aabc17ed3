"""The voice work's part of "My work": what is waiting, counted in one query for everyone, read the
way every part of My work reads (``qaf.work``)."""

from django.urls import reverse
from django.utils import timezone

from qaf.roles import Role
from qaf.work import WorkItem, WorkSection, count, rows_by_kind

from .models import (
    ComplaintOrCompliment,
    Invitation,
    ParticipationRecommendation,
    SafeguardingAlert,
)
from .selectors.access import alerts_to_act_on, invitations_visible_to


def _plural(n: int, one: str, many: str) -> str:
    return one.format(n=n) if n == 1 else many.format(n=n)


def my_voice_work(user):
    """Sections for team managers (alerts), senior managers (escalated alerts), practitioners
    (links), QA officers (complaints) and participation workers."""
    now = timezone.now()
    today = timezone.localdate()
    counts = {}
    if user.has_role(Role.TEAM_MANAGER) or user.has_role(Role.SENIOR_MANAGER):
        waiting = alerts_to_act_on(user).filter(status__in=SafeguardingAlert.WAITING_STATUSES)
        counts["alerts"] = waiting
        counts["alerts_late"] = waiting.filter(escalate_after__lte=now)
        counts["alerts_escalated"] = waiting.filter(status=SafeguardingAlert.Status.ESCALATED)
    if user.has_role(Role.PRACTITIONER):
        mine = invitations_visible_to(user)
        counts["links_to_make"] = mine.filter(status=Invitation.Status.PENDING)
        counts["links_waiting"] = mine.filter(
            status__in=Invitation.LIVE_STATUSES, expires_at__gt=now
        )
    if user.has_role(Role.QA_OFFICER):
        Item = ComplaintOrCompliment
        open_complaints = Item.objects.filter(kind=Item.Kind.COMPLAINT, status=Item.Status.OPEN)
        counts["complaints_open"] = open_complaints
        counts["complaints_late"] = open_complaints.filter(response_due__lt=today)
        counts["compliments"] = Item.objects.filter(
            kind=Item.Kind.COMPLIMENT, status=Item.Status.OPEN
        )
    answers = [
        r for r in (Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR) if user.has_role(r)
    ]
    if answers:
        counts["recommendations"] = ParticipationRecommendation.objects.filter(
            manager=user, status=ParticipationRecommendation.Status.OPEN
        )
    rows = rows_by_kind([count(queryset, kind, user=user) for kind, queryset in counts.items()])
    found = {kind: rows[kind][0].pk for kind in counts}

    if "alerts" in found:
        alerts_url = reverse("feedback:alert_list")
        items = []
        if found["alerts"]:
            items.append(
                WorkItem(
                    title=_plural(
                        found["alerts"],
                        "A child's answer needs checking",
                        "{n} answers from children and families need checking",
                    ),
                    url=alerts_url,
                    status="To check today",
                    overdue=bool(found["alerts_late"] or found["alerts_escalated"]),
                )
            )
        role = Role.TEAM_MANAGER if user.has_role(Role.TEAM_MANAGER) else Role.SENIOR_MANAGER
        yield WorkSection(
            role=role,
            title="Safeguarding alerts from feedback",
            items=items,
            empty_text="No answers need checking.",
        )
        if user.has_role(Role.SENIOR_MANAGER) and role != Role.SENIOR_MANAGER:
            escalated = found["alerts_escalated"]
            yield WorkSection(
                role=Role.SENIOR_MANAGER,
                title="Escalated safeguarding alerts",
                items=[
                    WorkItem(
                        title=_plural(
                            escalated,
                            "An alert was not checked within a working day",
                            "{n} alerts were not checked within a working day",
                        ),
                        url=alerts_url,
                        overdue=True,
                        status="Escalated",
                    )
                ]
                if escalated
                else [],
                empty_text="No alerts have been escalated to you.",
            )
    if "links_to_make" in found:
        links_url = reverse("feedback:invitation_list")
        items = []
        if found["links_to_make"]:
            items.append(
                WorkItem(
                    title=_plural(
                        found["links_to_make"],
                        "A closure survey link is ready to make",
                        "{n} closure survey links are ready to make",
                    ),
                    url=links_url,
                    status="To do",
                )
            )
        if found["links_waiting"]:
            items.append(
                WorkItem(
                    title=_plural(
                        found["links_waiting"],
                        "A feedback link is waiting for answers",
                        "{n} feedback links are waiting for answers",
                    ),
                    url=links_url,
                    status="Waiting",
                )
            )
        items.append(
            WorkItem(
                title="Ask a child or family for feedback",
                url=reverse("feedback:invitation_create"),
            )
        )
        yield WorkSection(
            role=Role.PRACTITIONER, title="Feedback from children and families", items=items
        )
    if "complaints_open" in found:
        register_url = reverse("feedback:complaint_list")
        items = []
        if found["complaints_open"]:
            items.append(
                WorkItem(
                    title=_plural(
                        found["complaints_open"],
                        "A complaint is waiting for a response",
                        "{n} complaints are waiting for a response",
                    ),
                    url=f"{register_url}?kind=complaint&open=1",
                    status="Open",
                    overdue=bool(found["complaints_late"]),
                )
            )
        if found["compliments"]:
            items.append(
                WorkItem(
                    title=_plural(
                        found["compliments"],
                        "A compliment is waiting to be passed on",
                        "{n} compliments are waiting to be passed on",
                    ),
                    url=f"{register_url}?kind=compliment&open=1",
                    status="To pass on",
                )
            )
        yield WorkSection(
            role=Role.QA_OFFICER,
            title="Complaints and compliments",
            items=items,
            empty_text="Nothing in the register is waiting.",
            more_url=register_url,
        )
    if found.get("recommendations"):
        n = found["recommendations"]
        yield WorkSection(
            role=answers[0],
            title="Participation groups",
            items=[
                WorkItem(
                    title=_plural(
                        n,
                        "Answer a recommendation from children and young people",
                        "Answer {n} recommendations from children and young people",
                    ),
                    url=reverse("feedback:recommendations_mine"),
                    status="To answer",
                )
            ],
            more_url=reverse("feedback:recommendations_mine"),
        )
    if user.has_role(Role.PARTICIPATION_WORKER):
        yield WorkSection(
            role=Role.PARTICIPATION_WORKER,
            title="Participation groups",
            items=[
                WorkItem(
                    title="Record a participation session",
                    url=reverse("feedback:participation_create"),
                ),
                WorkItem(
                    title="Set up a participation group",
                    url=reverse("feedback:participation_group_create"),
                ),
            ],
            more_url=reverse("feedback:participation_list"),
        )
