"""Demo data: a lived-in history on the public pages, as if QA officers had been editing them."""

import random
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from qaf import demo

from .content import install
from .models import Page, PageVersion
from .services import page_publish

DEMO_NOTE = "Added how to reach Childline at night"


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@demo.register("pages")
def seed(*, today: date, rng: random.Random) -> str:
    install(apps.get_model)  # the migration's first wording, should the tables be empty
    if PageVersion.objects.filter(note=DEMO_NOTE).exists():
        return "page history already there"
    qa = get_user_model().objects.filter(username="qa").first()
    if qa is None:
        return "no demo authority to edit the pages"
    changed = 0
    for slug, days_ago, change in (
        ("guide-children", 40, DEMO_NOTE),
        ("take-part", 12, "Said that travel to groups is paid"),
    ):
        page = Page.objects.get(slug=slug)
        current = page.versions.first()
        first = page.versions.last()
        # The first wording moves back to when the service started using the pages, and the
        # current wording becomes the QA officer's change some weeks ago.
        PageVersion.objects.filter(pk=first.pk).update(
            created_at=_aware(today - timedelta(days=days_ago + 60), 9)
        )
        version = page_publish(
            page=page,
            title=current.title,
            summary=current.summary,
            body_markdown=current.body_markdown,
            note=change,
            by=qa,
        )
        PageVersion.objects.filter(pk=version.pk).update(
            created_at=_aware(today - timedelta(days=days_ago), 11 + rng.randint(0, 4))
        )
        changed += 1
    return f"{changed} public pages with a history of changes"
