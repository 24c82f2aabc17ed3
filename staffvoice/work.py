"""Staff voice's part of "My work": comments to check, and circle suggestions to answer."""

from django.db.models import Count
from django.urls import reverse

from qaf.roles import Role
from qaf.work import WorkItem, WorkSection

from .models import AnonymousComment, CircleSuggestion

ANSWERING_ROLES = (Role.SENIOR_MANAGER, Role.DIRECTOR, Role.TEAM_MANAGER)


def staff_voice_work(user):
    if user.has_role(Role.QA_OFFICER):
        waiting = (
            AnonymousComment.objects.filter(status=AnonymousComment.Status.TO_CHECK)
            .values("survey__title")
            .annotate(count=Count("id"))
            .order_by("survey__title")
        )
        url = reverse("staffvoice:comment_list")
        yield WorkSection(
            role=Role.QA_OFFICER,
            title="Staff comments to check",
            items=[
                WorkItem(
                    title=f"{row['survey__title']}: {row['count']} comment"
                    f"{'s' if row['count'] != 1 else ''} to check",
                    url=url,
                )
                for row in waiting
            ],
            empty_text="No staff comments are waiting to be checked.",
        )
    role = next((r for r in ANSWERING_ROLES if user.has_role(r)), None)
    if role is not None:
        suggestions = CircleSuggestion.objects.filter(
            status=CircleSuggestion.Status.OPEN
        ).select_related("meeting__circle")
        yield WorkSection(
            role=role,
            title="Quality circle suggestions to answer",
            items=[
                WorkItem(
                    title=f"{s.meeting.circle.name}: {s.text[:80]}",
                    url=reverse("staffvoice:suggestion_answer", args=[s.pk]),
                    due=None,
                    status="Waiting for an answer",
                )
                for s in suggestions.order_by("meeting__met_on", "pk")[:50]
            ],
            empty_text="No circle suggestions are waiting for an answer.",
        )
