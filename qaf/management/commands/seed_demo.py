import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qaf import demo
from qaf.models import Notification

DEMO_SEED = 20261101


class Command(BaseCommand):
    help = (
        "Load a fictional, lived-in authority for demonstration. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never in production).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a known password, so it only runs with DEBUG on. "
                "Use --force if you are sure this is not a live system."
            )
        today = timezone.localdate()
        with transaction.atomic():
            first_new_message = Notification.objects.aggregate(top=Max("pk"))["top"] or 0
            for name, seeder in demo.seeders():
                # Each seeder draws from its own stream so adding one never reshuffles another.
                summary = seeder(today=today, rng=random.Random(f"{DEMO_SEED}-{name}"))
                self.stdout.write(f"{name}: {summary}")
            # Demo messages are there to be read in the app; emailing them would only fill the
            # console (or a real mailbox) with made-up alerts.
            Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
            # Nobody comes back to fifty unread messages: the demo's older ones have been read.
            demo.inbox_settle(after_pk=first_new_message, now=timezone.now())
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
