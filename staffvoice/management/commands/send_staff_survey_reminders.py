from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from staffvoice.services import staff_survey_remind


class Command(BaseCommand):
    help = (
        "Remind staff who have not answered an open staff survey (at most once a week each). "
        "Only the record of who has taken part is read, never the answers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="Today, as YYYY-MM-DD.")

    def handle(self, *args, date: date | None = None, **options):
        sent = staff_survey_remind(today=date or timezone.localdate())
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
