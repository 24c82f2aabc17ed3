"""The one guarded transition: state checked, rule checked, history named, effects after commit.

A small machine over the import history's statuses is declared here for the test only, so these
tests do not depend on any app's real table.
"""

import pytest
import rules
from django.db import transaction

from casework.models import ImportRun
from qaf import workflow
from qaf.roles import Role
from tests.factories import UserFactory

S = ImportRun.Status


@pytest.fixture
def machine(monkeypatch):
    monkeypatch.setattr(workflow, "_MACHINES", {})
    if not rules.perm_exists("tests.confirm_import"):
        rules.add_perm("tests.confirm_import", rules.is_superuser | rules.is_group_member("qa"))
    return workflow.register(
        workflow.Machine(
            model=ImportRun,
            actions=(
                workflow.Action(
                    "apply", {S.PREVIEWED}, S.APPLIED, "tests.confirm_import", "Import", "Imported"
                ),
                workflow.Action("discard", {S.PREVIEWED}, S.DISCARDED, None, "Cancel", "Cancelled"),
            ),
            tags={S.APPLIED: "green"},
        )
    )


@pytest.fixture
def run(db):
    return ImportRun.objects.create(
        source=ImportRun.Source.CASE_CSV,
        origin=ImportRun.Origin.COMMAND,
        status=S.PREVIEWED,
        file_name="cases.csv",
        sha256="0" * 64,
    )


def test_an_action_moves_the_state_and_saves_its_fields(machine, run):
    superuser = UserFactory(is_superuser=True)
    workflow.perform(run, "apply", by=superuser, fields={"message": "done"})
    run.refresh_from_db()
    assert (run.status, run.message) == (S.APPLIED, "done")


def test_a_second_move_from_a_stale_copy_is_refused(machine, run):
    stale = ImportRun.objects.get(pk=run.pk)
    workflow.perform(run, "discard")
    with pytest.raises(workflow.WrongState, match="'cancelled', so it cannot be imported"):
        workflow.perform(stale, "apply", by=UserFactory(is_superuser=True))
    run.refresh_from_db()
    assert run.status == S.DISCARDED


def test_a_person_the_rule_refuses_changes_nothing(machine, run):
    worker = UserFactory(roles=[Role.PRACTITIONER])
    with pytest.raises(workflow.ActionRefused, match="You cannot import this"):
        workflow.perform(run, "apply", by=worker)
    run.refresh_from_db()
    assert run.status == S.PREVIEWED


def test_available_actions_follow_state_and_rule(machine, run):
    superuser = UserFactory(is_superuser=True)
    worker = UserFactory(roles=[Role.PRACTITIONER])
    assert workflow.available_names(run, superuser) == {"apply"}
    assert workflow.available_names(run, worker) == set()
    run.status = S.APPLIED
    assert workflow.available_names(run, superuser) == set()


def test_side_effects_wait_for_commit(machine, run, django_capture_on_commit_callbacks):
    happened = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        workflow.perform(run, "discard", after_commit=lambda: happened.append("told"))
        assert happened == []
    assert happened == ["told"] and len(callbacks) == 1


def test_a_table_naming_an_unknown_state_is_refused_at_import(monkeypatch):
    with pytest.raises(ValueError, match="unknown states"):
        workflow.Machine(
            model=ImportRun, actions=(workflow.Action("x", {"nope"}, S.APPLIED, None, "X"),)
        )


def test_status_tag_renders_the_label_with_the_machines_colour(machine, run):
    from django.template import Context, Template

    run.status = S.APPLIED
    html = Template("{% load workflow %}{% status_tag run %}").render(Context({"run": run}))
    assert html == '<strong class="govuk-tag govuk-tag--green">Imported</strong>'
