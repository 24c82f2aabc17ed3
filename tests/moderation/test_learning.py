"""Learning themes kept by a QA officer, tagged by auditors and moderators, counted monthly."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import Grade
from moderation import services
from moderation.errors import ModerationError
from moderation.models import LearningActivity
from moderation.selectors import learning_summary, themes_with_counts

from .conftest import TODAY, moderate, submit

pytestmark = pytest.mark.django_db


def test_a_theme_name_is_unique_whatever_its_case(world):
    services.learning_theme_create(by=world.users.qa_officer, name="Plans without dates")
    with pytest.raises(ModerationError, match="already a theme called 'Plans without dates'"):
        services.learning_theme_create(by=world.users.qa_officer, name="  plans WITHOUT dates ")


def test_a_retired_theme_stays_on_findings_but_cannot_be_chosen_again(moderation, world):
    theme = services.learning_theme_create(by=world.users.qa_officer, name="Drift")
    audit = moderation.case_audit
    services.grading_themes_set(case_audit=audit, by=world.users.team_manager, themes=[theme])
    services.learning_theme_update(
        theme=theme, by=world.users.qa_officer, name="Drift", description="", is_active=False
    )
    theme.refresh_from_db()
    # Saving the grading's themes again keeps the retired one...
    services.grading_themes_set(case_audit=audit, by=world.users.team_manager, themes=[theme])
    # ...but nobody can add it anew.
    with pytest.raises(ModerationError, match="no longer a theme you can choose"):
        services.grading_themes_set(case_audit=audit, by=world.users.peer_auditor, themes=[theme])
    with pytest.raises(ModerationError, match="no longer a theme you can choose"):
        moderate(moderation, themes=[theme])


def test_only_an_auditor_who_submitted_tags_their_grading(moderation, world):
    theme = services.learning_theme_create(by=world.users.qa_officer, name="Voice")
    with pytest.raises(ModerationError, match="Only an auditor"):
        services.grading_themes_set(
            case_audit=moderation.case_audit, by=world.users.senior_manager, themes=[theme]
        )


def test_the_summary_counts_each_audit_once_per_theme_by_area_and_team(moderation, world):
    voice = services.learning_theme_create(by=world.users.qa_officer, name="Voice")
    plans = services.learning_theme_create(by=world.users.qa_officer, name="Plans")
    audit = moderation.case_audit
    services.grading_themes_set(case_audit=audit, by=world.users.team_manager, themes=[voice])
    services.grading_themes_set(
        case_audit=audit, by=world.users.peer_auditor, themes=[voice, plans]
    )
    moderate(moderation, themes=[voice])
    services.learning_activity_record(
        by=world.users.qa_officer,
        theme=voice,
        kind="workshop",
        title="The child's words",
        held_on=dt.date(2026, 10, 20),
        attendance=14,
    )
    summary = learning_summary(dt.date(2026, 10, 1))
    rows = {row.theme.name: row for row in summary.rows}
    assert rows["Voice"].whole_service == 1  # tagged three times, one audit
    assert rows["Plans"].whole_service == 1
    area_index = [a.pk for a in summary.areas].index(world.area.pk)
    assert rows["Voice"].area_counts[area_index] == 1
    assert (rows["Voice"].activities, rows["Voice"].attendance) == (1, 14)
    assert summary.team_rows[0].name == "Safeguarding A"
    assert summary.audits_tagged == 1
    assert learning_summary(dt.date(2026, 9, 1)).rows == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "lecture"}, "what kind"),
        ({"attendance": 0}, "between 1 and"),
        ({"title": " "}, "Write a title"),
    ],
)
def test_a_learning_activity_needs_a_kind_a_title_and_people(world, change, message):
    theme = services.learning_theme_create(by=world.users.qa_officer, name="Voice")
    fields = {
        "theme": theme,
        "kind": "briefing",
        "title": "Briefing",
        "held_on": TODAY,
        "attendance": 5,
        **change,
    }
    with pytest.raises(ModerationError, match=message):
        services.learning_activity_record(by=world.users.qa_officer, **fields)
    assert not LearningActivity.objects.exists()


def test_a_qa_officer_adds_and_retires_a_theme_from_the_pages(client, world):
    client.force_login(world.users.qa_officer)
    client.post(reverse("moderation:theme_add"), {"name": "Voice", "description": ""})
    theme = services.learning_theme_create(by=world.users.qa_officer, name="Plans")
    client.post(
        reverse("moderation:theme_edit", args=[theme.pk]),
        {"name": "Plans without dates", "description": "Undated actions."},
    )
    theme.refresh_from_db()
    assert (theme.name, theme.is_active) == ("Plans without dates", False)
    listing = client.get(reverse("moderation:themes")).content.decode()
    assert "Voice" in listing and "No, retired" in listing


def test_peer_sees_no_theme_count_from_the_managers_grading_before_submitting(
    client, case_audit, world
):
    theme = services.learning_theme_create(by=world.users.qa_officer, name="Drift in planning")
    submit(case_audit, case_audit.team_manager, overall=Grade.INADEQUATE)
    services.grading_themes_set(case_audit=case_audit, by=world.users.team_manager, themes=[theme])
    client.force_login(world.users.peer_auditor)

    summary_page = client.get(reverse("moderation:learning") + "?month=2026-10")
    opening_page = client.get(reverse("moderation:learning"))
    themes_page_counts = {t.name: t.grading_count for t in themes_with_counts()}

    assert summary_page.status_code == 200
    assert "Drift in planning" not in summary_page.content.decode()
    assert "has at least one theme" not in summary_page.content.decode()
    assert "Drift in planning" not in opening_page.content.decode()
    assert learning_summary(dt.date(2026, 10, 1)).audits_tagged == 0
    assert themes_page_counts["Drift in planning"] == 0


def test_theme_counts_appear_once_both_gradings_are_in(case_audit, world):
    theme = services.learning_theme_create(by=world.users.qa_officer, name="Drift in planning")
    submit(case_audit, case_audit.team_manager, overall=Grade.GOOD)
    services.grading_themes_set(case_audit=case_audit, by=world.users.team_manager, themes=[theme])
    submit(case_audit, case_audit.peer_auditor, overall=Grade.GOOD)

    rows = {row.theme.name: row for row in learning_summary(dt.date(2026, 10, 1)).rows}

    assert rows["Drift in planning"].whole_service == 1
    assert {t.name: t.grading_count for t in themes_with_counts()}["Drift in planning"] == 1


def test_participation_groups_get_theme_counts_only_and_never_a_rare_theme(
    moderation, world, monkeypatch
):
    from moderation import selectors
    from qaf import audit_themes

    voice = services.learning_theme_create(by=world.users.qa_officer, name="Voice")
    audit = moderation.case_audit
    services.grading_themes_set(case_audit=audit, by=world.users.team_manager, themes=[voice])
    services.grading_themes_set(case_audit=audit, by=world.users.peer_auditor, themes=[voice])
    moderate(moderation, themes=[voice])
    since = dt.date(2026, 1, 1)
    # One audit found it: too few to show, as a count of one could bring a case to mind.
    assert audit_themes.theme_counts(since=since) == []
    monkeypatch.setattr(selectors, "PARTICIPATION_THEME_MINIMUM", 1)
    counts = audit_themes.theme_counts(since=since)
    assert counts == [audit_themes.ThemeCount(name="Voice", audits=1)]
    assert set(vars(counts[0])) == {"name", "audits"}  # nothing else travels: no case, no child
