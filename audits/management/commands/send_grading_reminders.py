from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from audits.services import grading_reminders_send


class Command(BaseCommand):
    help = (
        "Remind auditors of gradings due soon or overdue (the daily job). Each reminder is sent "
        "once, so running it twice sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="Today, as YYYY-MM-DD.")

    def handle(self, *args, date: date | None = None, **options):
        sent = grading_reminders_send(today=date or timezone.localdate())
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
