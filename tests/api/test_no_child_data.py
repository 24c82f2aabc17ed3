"""The API gives out no child: every endpoint, read over the whole demo authority, is scanned for
every child's case-management ID and name."""

import json
import re

import pytest
import time_machine
from django.urls import reverse

from api.services import api_token_create
from casework.models import Child, ServiceArea, Team
from qaf.models import User
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db


def _every_page(client, url, headers, params):
    """Every page of a paged answer (or the one answer), as text."""
    texts = []
    params = dict(params)
    while url:
        response = client.get(url, params, headers=headers)
        assert response.status_code == 200, (url, params, response.content[:300])
        texts.append(response.content.decode())
        body = response.json() if "json" in response["Content-Type"] else None
        url = body.get("next") if isinstance(body, dict) else None
        params = {}
    return texts


@time_machine.travel(DEMO_DAY, tick=False)
def test_no_endpoint_returns_a_childs_identifier_or_name(client):
    load_demo()
    qa = User.objects.get(username="qa")
    raw = api_token_create(name="Scan", by=qa).raw
    headers = {"Authorization": f"Bearer {raw}"}
    scopes = ["service"]
    scopes += [f"area:{pk}" for pk in ServiceArea.objects.values_list("pk", flat=True)]
    scopes += [f"team:{pk}" for pk in Team.objects.values_list("pk", flat=True)]
    periods = ["2026-08", "2026-09", "2026-10", "2026-11"]

    texts = []
    for name in ("root", "scopes", "kpi_definitions"):
        texts += _every_page(client, reverse(f"api:{name}"), headers, {})
    texts += _every_page(client, reverse("api:schema"), headers, {"format": "json"})
    for scope in scopes:
        for period in periods:
            query = {"scope": scope, "period": period}
            texts += _every_page(client, reverse("api:kpis"), headers, query)
            texts += _every_page(client, reverse("api:voice"), headers, query)
            for group_by in ("month", "team", "domain"):
                texts += _every_page(
                    client, reverse("api:audit_outcomes"), headers, query | {"group_by": group_by}
                )

    children = list(Child.objects.values_list("child_id", "display_name"))
    assert len(children) > 50
    everything = "\n".join(texts)
    words = set(re.findall(r"[\w'-]+", everything))
    found = [cid for cid, _ in children if cid in everything]
    found += [name for _, name in children if name and name in words]
    assert not found, f"the API names children: {found[:10]}"
    # The scan read real figures, not only empty answers.
    assert any(json.loads(text).get("results") for text in texts if text.startswith("{"))
