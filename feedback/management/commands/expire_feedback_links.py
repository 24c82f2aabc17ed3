from django.core.management.base import BaseCommand

from feedback.services import invitations_expire


class Command(BaseCommand):
    help = "Mark feedback links past their date as expired and drop their unsent answers."

    def handle(self, *args, **options):
        count = invitations_expire()
        self.stdout.write(f"{count} link(s) expired.")
