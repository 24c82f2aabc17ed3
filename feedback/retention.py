"""How long the voice records are kept: answers, links, alerts and the complaints register."""

from django.db.models import QuerySet

from qaf import retention

from .models import ComplaintOrCompliment, Invitation, Response, SafeguardingAlert

REMOVED = "Removed at the end of the retention period."


def _anonymise_register(items: QuerySet[ComplaintOrCompliment]) -> int:
    """Keep the register's figures (kind, dates, team, category, stage, outcome); drop the words
    and the people named."""
    pks = list(items.values_list("pk", flat=True))
    ComplaintOrCompliment.history.filter(id__in=pks).update(summary=REMOVED, learning="")
    ComplaintOrCompliment.named_staff.through.objects.filter(
        complaintorcompliment_id__in=pks
    ).delete()
    ComplaintOrCompliment.objects.filter(pk__in=pks).update(summary=REMOVED, learning="")
    return len(pks)


def register() -> None:
    for record_type in (
        retention.RecordType(
            key="feedback_responses",
            label="Feedback answers",
            default_years=3,
            expired=lambda cutoff: Response.objects.filter(month__lt=cutoff.date()),
            kept_from="the month they were sent",
        ),
        retention.RecordType(
            key="feedback_links",
            label="Feedback links",
            default_years=3,
            expired=lambda cutoff: Invitation.objects.filter(created_at__lt=cutoff),
            kept_from="the day the link was made",
        ),
        retention.RecordType(
            key="safeguarding_alerts",
            label="Safeguarding alerts (once checked)",
            default_years=6,
            expired=lambda cutoff: SafeguardingAlert.objects.filter(raised_at__lt=cutoff).exclude(
                status__in=SafeguardingAlert.WAITING_STATUSES
            ),
            kept_from="the day the alert was raised",
        ),
        retention.RecordType(
            key="complaints",
            label="Complaints and compliments: wording and people named",
            default_years=6,
            expired=lambda cutoff: ComplaintOrCompliment.objects.filter(
                received_on__lt=cutoff.date()
            ).exclude(summary=REMOVED),
            kept_from="the day it was received",
            action=retention.ANONYMISE,
            apply=_anonymise_register,
        ),
    ):
        retention.register(record_type)
