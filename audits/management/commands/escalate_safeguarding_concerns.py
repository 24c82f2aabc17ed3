from django.core.management.base import BaseCommand

from audits.services import safeguarding_concerns_escalate


class Command(BaseCommand):
    help = (
        "Escalate safeguarding concerns from audits that nobody has acknowledged within one "
        "working day (the hourly job). Each concern escalates once, so running it twice sends "
        "nothing new."
    )

    def handle(self, *args, **options):
        escalated = safeguarding_concerns_escalate()
        self.stdout.write(f"Escalated {escalated} concern{'s' if escalated != 1 else ''}.")
