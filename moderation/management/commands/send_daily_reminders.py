from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from moderation.services import daily_reminders_send


class Command(BaseCommand):
    help = (
        "Send the daily reminders and escalations for overdue gradings, moderations, feedback, "
        "actions and follow-up reviews (the daily job). Each is sent once, so running it twice "
        "sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="Today, as YYYY-MM-DD.")

    def handle(self, *args, date: date | None = None, **options):
        result = daily_reminders_send(today=date or timezone.localdate())
        self.stdout.write(f"{str(result)[0].upper()}{str(result)[1:]}.")
