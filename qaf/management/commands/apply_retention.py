from django.core.management.base import BaseCommand

from qaf.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Delete or anonymise the records past their retention period (what the daily job does), "
        "and print how many of each kind."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go, and change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        results = retention_apply(dry_run=dry_run)
        heading = "Retention (dry run: nothing changed)" if dry_run else "Retention"
        self.stdout.write(heading)
        width = max((len(r.record_type.label) for r in results), default=0)
        for result in results:
            verb = f"would be {result.record_type.action}" if dry_run else result.record_type.action
            self.stdout.write(
                f"  {result.record_type.label:<{width}}  kept {result.years} years, "
                f"older than {result.cutoff:%d %B %Y}: {result.count} {verb}"
            )
        total = sum(result.count for result in results)
        self.stdout.write(f"Total: {total} record(s) {'would change' if dry_run else 'changed'}.")
