from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from feedback.services import closure_invitations_create


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"'{value}' is not a date like 2026-11-30.") from error


class Command(BaseCommand):
    help = (
        "Create closure surveys for cases closed between --since and --until (by default the "
        "last FEEDBACK_CLOSURE_LOOKBACK_DAYS days). Running it twice creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_day, help="First closing date, e.g. 2026-11-01.")
        parser.add_argument("--until", type=_day, help="Last closing date (default today).")

    def handle(self, *args, since=None, until=None, **options):
        until = until or timezone.localdate()
        since = since or until - timedelta(days=settings.FEEDBACK_CLOSURE_LOOKBACK_DAYS)
        if since > until:
            raise CommandError("--since must be on or before --until.")
        count = closure_invitations_create(since=since, until=until)
        self.stdout.write(f"{count} closure survey invitation(s) created.")
