from django.core.management.base import BaseCommand

from feedback.services import safeguarding_alerts_escalate


class Command(BaseCommand):
    help = (
        "Escalate safeguarding alerts not checked within one working day to the senior managers. "
        "Each alert escalates once, however often this runs."
    )

    def handle(self, *args, **options):
        count = safeguarding_alerts_escalate()
        self.stdout.write(f"{count} alert(s) escalated.")
