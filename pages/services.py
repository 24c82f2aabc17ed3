"""Every write to the public pages: publishing a new wording, and restoring an earlier one."""

from django.db import transaction

from .errors import PageError
from .models import Page, PageVersion
from .rendering import has_main_heading

EMPTY_BODY = "Enter the page text. A page cannot be published empty."
MAIN_HEADING = (
    "Start headings with ## (two hashes). The page title is the page's only main heading."
)


def _check(*, title: str, body_markdown: str) -> None:
    if not title.strip():
        raise PageError("Enter a title for the page.")
    if not body_markdown.strip():
        raise PageError(EMPTY_BODY)
    if has_main_heading(body_markdown):
        raise PageError(MAIN_HEADING)


@transaction.atomic
def page_publish(
    *, page: Page, title: str, summary: str = "", body_markdown: str, note: str = "", by
) -> PageVersion:
    """Publish a new wording of ``page``: readers see it at once, and the old one is kept."""
    _check(title=title, body_markdown=body_markdown)
    Page.objects.select_for_update().get(pk=page.pk)  # one publish at a time per page
    return PageVersion.objects.create(
        page=page,
        title=title.strip(),
        summary=summary.strip(),
        body_markdown=body_markdown,
        note=note.strip(),
        created_by=by,
    )


@transaction.atomic
def page_restore(*, version: PageVersion, by) -> PageVersion:
    """Publish an earlier wording again, as a new version: the history keeps every step."""
    Page.objects.select_for_update().get(pk=version.page_id)
    latest = PageVersion.objects.filter(page_id=version.page_id).first()
    if latest is not None and latest.pk == version.pk:
        raise PageError("This is already the version people see.")
    return PageVersion.objects.create(
        page_id=version.page_id,
        title=version.title,
        summary=version.summary,
        body_markdown=version.body_markdown,
        note=f"Restored the version of {version.created_at:%-d %B %Y at %H:%M}",
        restored_from=version,
        created_by=by,
    )
