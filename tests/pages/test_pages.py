"""The public pages: anyone reads them; QA officers change them safely, with every version kept."""

import pytest
from django.urls import reverse

from pages import yearly_summary
from pages.models import Page, PageVersion
from pages.services import page_publish
from qaf.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = """\
## Our promise

<script>alert("stolen")</script>

<img src="x" onerror="alert('also stolen')">

<p onclick="alert(3)">Click me</p>

[Call us](javascript:alert(4)) or [read more](https://www.northmoor.example/help).

<a href="JaVaScRiPt:alert(5)">sneaky</a>

<svg viewBox="0 0 10 10" role="img" aria-label="A dot" onload="alert(6)"><circle r="4"/></svg>
"""


@pytest.fixture
def qa(client):
    officer = UserFactory(full_name="Priya Shah", roles=[Role.QA_OFFICER])
    client.force_login(officer)
    return officer


def edit(client, slug, *, button="publish", **fields):
    data = {"title": "Our values", "summary": "", "body_markdown": "We listen.", "note": ""}
    return client.post(reverse("pages:page_edit", args=[slug]), data | fields | {button: "1"})


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("values", "Our values"),
        ("guide", "How we check our work"),
        ("guide_children", "How we check we are helping you"),
        ("take_part", "How children and young people can take part"),
    ],
)
def test_anyone_reads_the_public_pages_without_signing_in(client, url_name, heading):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    text = response.content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in text
    assert text.count("<h1") == 1
    assert 'class="govuk-body"' in text  # GOV.UK typography on the written text


def test_the_childrens_guide_has_pictures_each_with_words_for_a_screen_reader(client):
    text = client.get(reverse("guide_children")).content.decode()
    assert text.count('role="img"') >= 4
    assert 'aria-label="A bar chart with bars getting taller"' in text
    assert "Childline" in text


def test_scripts_event_handlers_and_javascript_links_are_removed(client, qa):
    response = edit(client, "values", body_markdown=HOSTILE)
    assert response.status_code == 302
    html = client.get(reverse("values")).content.decode()
    main = html.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    assert "<script" not in main
    assert "alert(" not in main
    assert "onerror" not in main and "onclick" not in main and "onload" not in main
    assert "javascript:" not in main.lower()
    # What is safe stays, with GOV.UK classes.
    assert '<h2 class="govuk-heading-m">Our promise</h2>' in main
    assert 'href="https://www.northmoor.example/help"' in main
    assert 'aria-label="A dot"' in main


def test_preview_shows_the_new_wording_and_saves_nothing(client, qa):
    before = PageVersion.objects.count()
    response = edit(client, "values", button="preview", body_markdown="## Kinder words\n\nHello.")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Preview: not published yet" in text
    assert '<h2 class="govuk-heading-m">Kinder words</h2>' in text
    assert PageVersion.objects.count() == before
    assert "Kinder words" not in client.get(reverse("values")).content.decode()


@pytest.mark.parametrize("body", ["", "   \n\n  "])
def test_an_empty_page_is_refused_with_a_clear_message(client, qa, body):
    before = PageVersion.objects.count()
    response = edit(client, "values", body_markdown=body)
    assert response.status_code == 200
    assert "Enter the page text. A page cannot be published empty." in response.content.decode()
    assert PageVersion.objects.count() == before


def test_a_second_main_heading_is_refused(client, qa):
    response = edit(client, "values", body_markdown="# Another title\n\nText.")
    assert "Start headings with ## (two hashes)" in response.content.decode()


def test_the_history_says_who_changed_what_and_when(client, qa):
    edit(client, "values", body_markdown="We listen, always.", note="Shorter wording")
    text = client.get(reverse("pages:page_history", args=["values"])).content.decode()
    assert "Priya Shah" in text
    assert "Shorter wording" in text
    assert "Set up with the service" in text  # the first wording, from the migration
    assert text.count("govuk-tag--green") == 1  # only one version is live


def test_restoring_an_earlier_version_publishes_it_again_as_a_new_version(client, qa):
    page = Page.objects.get(slug="values")
    first = page.versions.get()
    edit(client, "values", title="Values", body_markdown="A wording we regret.")
    assert "A wording we regret." in client.get(reverse("values")).content.decode()

    response = client.post(reverse("pages:version_restore", args=["values", first.pk]))

    assert response.status_code == 302
    versions = list(page.versions.all())
    assert len(versions) == 3  # nothing is lost: the regretted wording stays in the history
    restored = versions[0]
    assert restored.restored_from == first
    assert restored.created_by == qa
    assert restored.body_markdown == first.body_markdown
    public = client.get(reverse("values")).content.decode()
    assert "A wording we regret." not in public
    assert "Children are at the centre of everything we do" in public


def test_restoring_the_live_version_changes_nothing(client, qa):
    live = Page.objects.get(slug="values").versions.get()
    response = client.post(reverse("pages:version_restore", args=["values", live.pk]), follow=True)
    assert "This is already the version people see." in response.content.decode()
    assert PageVersion.objects.filter(page__slug="values").count() == 1


def test_only_qa_officers_may_change_a_page(client):
    client.force_login(UserFactory(roles=[Role.DIRECTOR]))
    assert edit(client, "values").status_code == 403
    assert PageVersion.objects.filter(page__slug="values").count() == 1


def test_the_yearly_summary_is_linked_only_once_one_is_published(client):
    assert "Our yearly summary" not in client.get(reverse("take_part")).content.decode()
    registered = list(yearly_summary._provider)  # the reports' own, put back afterwards
    yearly_summary.register(lambda: ("Our year 2025 to 2026", "/reports/2026/"))
    try:
        text = client.get(reverse("take_part")).content.decode()
    finally:
        yearly_summary._provider[:] = registered
    assert '<a class="govuk-link" href="/reports/2026/">Our year 2025 to 2026</a>' in text


def test_a_public_page_costs_two_queries_however_many_versions_it_has(
    client, django_assert_num_queries
):
    """The page's current version, and the latest published yearly summary to link."""
    officer = UserFactory(roles=[Role.QA_OFFICER])
    page = Page.objects.get(slug="guide")
    for n in range(3):
        page_publish(page=page, title="Guide", body_markdown=f"Wording {n}", by=officer)
    with django_assert_num_queries(2):
        client.get(reverse("guide"))
    for n in range(30):
        page_publish(page=page, title="Guide", body_markdown=f"Wording {n}", by=officer)
    with django_assert_num_queries(2):
        assert "Wording 29" in client.get(reverse("guide")).content.decode()


def test_the_page_list_and_history_keep_their_query_count_as_versions_grow(
    client, qa, django_assert_max_num_queries
):
    page = Page.objects.get(slug="guide")
    for n in range(3):
        page_publish(page=page, title="Guide", body_markdown=f"Wording {n}", by=qa)
    counts = []
    for more in (0, 30):
        for n in range(more):
            page_publish(page=page, title="Guide", body_markdown=f"More {n}", by=qa)
        with django_assert_max_num_queries(8) as list_queries:
            client.get(reverse("pages:page_list"))
        with django_assert_max_num_queries(8) as history_queries:
            client.get(reverse("pages:page_history", args=["guide"]))
        counts.append((len(list_queries), len(history_queries)))
    assert counts[0] == counts[1]
