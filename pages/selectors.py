"""Reads of the public pages: the wording people see now, and each page's history."""

from django.db.models import OuterRef, QuerySet, Subquery

from .models import Page, PageVersion


def current_version(slug: str) -> PageVersion | None:
    """The latest wording of the page ``slug``: what the public sees. One query."""
    return (
        PageVersion.objects.filter(page__slug=slug)
        .select_related("page")
        .order_by("-created_at", "-pk")
        .first()
    )


def pages_with_latest() -> list[tuple[Page, PageVersion | None]]:
    """Every page with its current version and who published it, in two queries."""
    latest = PageVersion.objects.filter(page=OuterRef("pk")).order_by("-created_at", "-pk")
    pages = list(Page.objects.annotate(latest_pk=Subquery(latest.values("pk")[:1])))
    versions = PageVersion.objects.select_related("created_by").in_bulk(
        [page.latest_pk for page in pages if page.latest_pk]
    )
    return [(page, versions.get(page.latest_pk)) for page in pages]


def page_history(page: Page) -> QuerySet[PageVersion]:
    return (
        PageVersion.objects.filter(page=page)
        .select_related("created_by", "restored_from")
        .order_by("-created_at", "-pk")
    )
