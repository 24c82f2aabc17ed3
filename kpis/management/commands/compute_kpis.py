"""manage.py compute_kpis --period YYYY-MM [--all-since YYYY-MM]"""

from django.core.management.base import BaseCommand, CommandError

from kpis.periods import last_full_month, parse_period
from kpis.services import compute_period, compute_since


class Command(BaseCommand):
    help = (
        "Write the KPI snapshots of a month (last month by default), or of every month since one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="The month, YYYY-MM. Last month if left out.")
        parser.add_argument(
            "--all-since",
            dest="all_since",
            help="Every month from this one (YYYY-MM) to --period, each in its own transaction.",
        )

    def handle(self, *args, period=None, all_since=None, **options):
        try:
            last = parse_period(period) if period else last_full_month()
            first = parse_period(all_since) if all_since else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        if first is not None and first > last:
            raise CommandError(f"--all-since {all_since} is after the last month, {last:%Y-%m}.")
        written = compute_since(first, last) if first else {last: compute_period(last)}
        for month, rows in written.items():
            self.stdout.write(f"{month:%Y-%m}: {rows} snapshots")
