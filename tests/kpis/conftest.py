"""The KPI pages' tests run on Monday 16 November 2026, as the loop's do, so "last month" is
October 2026 whatever today is; the loop's builders give them audits with final grades.

The clock is a fixture the pages' modules ask for (``monday_16_november``), not an autouse one, so
the registry's own tests in this folder keep their own dates."""

import pytest

from tests.moderation.conftest import (  # noqa: F401 - fixtures, used by name
    NOW,
    case_audit,
    final,
    loop,
    moderated,
    moderation,
    template,
)


@pytest.fixture
def monday_16_november(time_machine):
    time_machine.move_to(NOW, tick=True)
