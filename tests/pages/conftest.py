import pytest


@pytest.fixture(autouse=True)
def public_pages(db):
    """The pages' first wording, as the migration writes it (a browser test may have flushed it)."""
    from django.apps import apps

    from pages.content import install

    install(apps.get_model)
