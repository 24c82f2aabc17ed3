"""The demo authority has its BI tool's token in use and an older one revoked, and prints no
secret while making them."""

import io

import pytest
import time_machine
from django.core.management import call_command

from api.models import ApiToken
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db


@time_machine.travel(DEMO_DAY, tick=False)
def test_the_demo_has_council_bi_in_use_and_one_revoked():
    load_demo()
    council_bi = ApiToken.objects.get(name="Council BI")
    assert not council_bi.is_revoked
    assert council_bi.created_at < council_bi.last_used_at < DEMO_DAY
    revoked = ApiToken.objects.exclude(pk=council_bi.pk).get()
    assert revoked.is_revoked and revoked.revoked_at < DEMO_DAY


@time_machine.travel(DEMO_DAY, tick=False)
def test_seeding_twice_prints_no_token_and_changes_nothing(settings):
    settings.DEBUG = True
    load_demo()
    before = list(ApiToken.objects.values_list("pk", "token_hash"))
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "qaf_" not in out.getvalue()
    assert list(ApiToken.objects.values_list("pk", "token_hash")) == before
