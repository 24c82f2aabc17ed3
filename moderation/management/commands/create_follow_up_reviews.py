from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from audits.templatetags.audit_tags import long_date
from moderation.services import follow_up_reviews_create


class Command(BaseCommand):
    help = (
        "Create the follow-up reviews that are due: three months after each audit's final grade "
        "(what the scheduled job does every day). Each review is created once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="Today, as YYYY-MM-DD.")

    def handle(self, *args, date: date | None = None, **options):
        created = follow_up_reviews_create(today=date or timezone.localdate())
        self.stdout.write(
            f"Created {len(created)} follow-up review{'s' if len(created) != 1 else ''}."
        )
        for review in created:
            # The date the review page, the list and the reviewer's message give: the day it
            # must be done by, not the day it came due.
            self.stdout.write(
                f"  Case {review.case_audit.child.child_id}: "
                f"due by {long_date(review.complete_by)}, "
                f"to {review.reviewer or 'a QA officer to assign'}"
            )
