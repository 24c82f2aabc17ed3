"""The public pages and their editor in the role × URL matrix."""

from tests.matrix import Route, allow

PUBLIC = {"default": 200, "anonymous": 200}


def extend(world):
    """An earlier version of the values page, so that its version URLs name a real record."""
    if hasattr(world, "page_version"):
        return
    from django.apps import apps

    from pages.content import install
    from pages.models import Page
    from pages.services import page_publish

    install(apps.get_model)

    first = Page.objects.get(slug="values").versions.first()
    page_publish(
        page=first.page,
        title="Our values",
        body_markdown="We listen.",
        note="A shorter wording",
        by=world.users.qa_officer,
    )
    world.page_version = first


def _version(world):
    return {"slug": "values", "pk": world.page_version.pk}


ROUTES = [
    Route("values", **PUBLIC),
    Route("guide", **PUBLIC),
    Route("guide_children", **PUBLIC),
    Route("take_part", **PUBLIC),
    Route("pages:page_list", expect=allow("qa_officer")),
    Route("pages:page_edit", kwargs=lambda world: {"slug": "guide"}, expect=allow("qa_officer")),
    Route("pages:page_history", kwargs=lambda world: {"slug": "guide"}, expect=allow("qa_officer")),
    Route("pages:version_detail", kwargs=_version, expect=allow("qa_officer")),
    Route("pages:version_restore", kwargs=_version, expect=allow("qa_officer")),
]
