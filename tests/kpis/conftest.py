"""The KPI pages' tests run on Monday 16 November 2026, as the loop's do, so "last month" is
October 2026 whatever today is; the loop's builders give them audits with final grades."""

from tests.moderation.conftest import (  # noqa: F401 - fixtures, used by name
    _monday_16_november,
    case_audit,
    final,
    loop,
    moderated,
    moderation,
    template,
)
