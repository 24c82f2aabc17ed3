from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from partnership.services import partnership_daily


class Command(BaseCommand):
    help = (
        "Multi-agency audits' daily job: open follow-ups three months after each action, "
        "escalate overdue ones to the chair, remind agencies of sections due. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="Today, as YYYY-MM-DD.")

    def handle(self, *args, date: date | None = None, **options):
        self.stdout.write(partnership_daily(today=date or timezone.localdate()))
