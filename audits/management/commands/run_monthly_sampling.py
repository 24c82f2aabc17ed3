from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audits.errors import AuditError
from audits.services import parse_period, sample_month


class Command(BaseCommand):
    help = (
        "Draw a month's whole-service audit sample (what the scheduled job does on the first "
        "working day). Running it again for the same month changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="The month, as YYYY-MM. Default: this month.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the draw without saving anything."
        )

    def handle(self, *args, period: str | None = None, dry_run: bool = False, **options):
        try:
            month = parse_period(period) if period else timezone.localdate().replace(day=1)
            result = sample_month(period=month, dry_run=dry_run)
        except AuditError as error:
            raise CommandError(str(error)) from error

        per_team = result.per_team()
        label = f"{month:%B %Y}"
        teams_sampled = sum(1 for n in per_team.values() if n)
        summary = f"{result.total} case{'s' if result.total != 1 else ''} " + (
            f"from all {len(per_team)} teams"
            if teams_sampled == len(per_team)
            else f"from {teams_sampled} of {len(per_team)} teams"
        )
        if result.round is not None and not result.created:
            self.stdout.write(
                f"{label} was already sampled on {result.round.sampled_at:%d %B %Y}: "
                f"{summary} (seed {result.seed}). Nothing changed."
            )
        elif dry_run:
            self.stdout.write(
                f"Dry run: {label} would sample {summary} (seed {result.seed}). Nothing was saved."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Sampled {label}: {summary} (seed {result.seed}).")
            )
        width = max((len(name) for name in per_team), default=0)
        for name, count in per_team.items():
            self.stdout.write(f"  {name.ljust(width)}  {count}")
        if result.needing_assignment:
            count = len(result.needing_assignment)
            self.stdout.write(
                f"{count} case{'s need' if count != 1 else ' needs'} an auditor assigned by hand:"
            )
            for item in result.needing_assignment:
                self.stdout.write(f"  {item.child_ref} ({item.team_name}): {item.note}")
