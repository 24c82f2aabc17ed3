from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports.errors import ReportError
from reports.models import AssuranceReport
from reports.services import quarterly_report_draft_due, report_draft


class Command(BaseCommand):
    help = "Draft the report of the quarter that ended last (or --quarter YYYY-MM), once."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="The quarter's first month, e.g. 2026-07.")

    def handle(self, *args, quarter=None, **options):
        try:
            if quarter:
                try:
                    year, month = (int(part) for part in quarter.split("-"))
                    start = date(year, month, 1)
                except ValueError:
                    raise CommandError(f"'{quarter}' is not a month: write YYYY-MM.") from None
                report, _ = report_draft(kind=AssuranceReport.Kind.QUARTER, period_start=start)
            else:
                report = quarterly_report_draft_due()
        except ReportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{report} ({report.get_status_display().lower()})")
