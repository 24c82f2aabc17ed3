import pytest
import time_machine
from django.core.management import call_command

from casework.models import ImportRun
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_import_history_and_a_second_seed_adds_none(settings):
    settings.DEBUG = True
    with time_machine.travel(DEMO_DAY, tick=False):
        load_demo()
    runs = list(ImportRun.objects.filter(source__in=["annex_a", "case_csv"]).order_by("as_at"))
    assert [run.source for run in runs] == ["annex_a", "case_csv"]
    returns = ImportRun.objects.exclude(source__in=["annex_a", "case_csv"])
    assert sorted(returns.values_list("source", flat=True)) == ["cin_census", "ssda903"]
    assert all(run.status == "applied" for run in runs)
    assert runs[0].created_by.username == "qa"
    assert runs[0].counts["children"] == 600
    with time_machine.travel(DEMO_DAY, tick=False):
        call_command("seed_demo")
    assert ImportRun.objects.count() == 4
