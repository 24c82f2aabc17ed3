"""Every view that writes, posted with its own page's valid form, by everyone who may not use it.

For each URL of each app (from the matrix, which the resolver keeps complete): a page with a form
that posts to itself is fetched as someone who may use it, filled in with valid values read from
its own HTML, and posted as each role and stranger that may not. They are turned away (403/404,
or sent to sign in) and nothing in the database changes. The same data posted by someone who may
gives a redirect or the page again (400 where the page names what is missing), never a
server error. POST-only URLs (buttons) use the data
of the form that posts to them from one of the app's pages.
"""

import pytest

from tests.matrix import database_snapshot, rolled_back, snapshot_changes

from .probing import (
    APPS,
    Visitors,
    allowed_role,
    button_data,
    forbidden_roles,
    is_turned_away,
    page_form_data,
    routes_of,
)

pytestmark = pytest.mark.django_db

# Pages that only read: their GET page has no form posting to itself. Reviewed; the test below
# fails if one of them gains a form, so the list cannot hide a writing view.
READ_ONLY = {
    "home": "My work: links to each piece of work",
    "notifications": "a list; each message opens through notification_open (probed)",
    "healthz": "a JSON status",
    # Nobody in the world has an authenticator app, so the code page sends them to set one up,
    # and the recovery codes page only offers that. Both act on the person's own account
    # alone; their posts are tested in tests/organisation/test_two_factor.py.
    "second_factor": "sends a person without an app to set one up",
    "second_factor_recovery_codes": "offers a person without an app to set one up",
    "accessibility": "a public statement",
    "privacy": "a public notice",
    "values": "a public page",
    "guide": "a public page",
    "guide_children": "a public page",
    "take_part": "a public page",
    "pages:page_list": "a list of the public pages",
    "feedback:participation_group": "a group's sessions and answers; forms have their own URLs",
    "feedback:recommendations_mine": "a list; each recommendation is answered on its own page",
    "pages:page_history": "a page's versions; restoring asks on version_restore (probed)",
    "pages:version_detail": "one earlier version; restoring asks on version_restore (probed)",
    "password_change_done": "a confirmation",
    "password_reset_done": "a confirmation",
    "password_reset_complete": "a confirmation",
    "password_reset_confirm": "a token that is not real shows no form",
    # Lists, filtered by GET forms, and detail pages whose buttons post to their own URLs.
    "audits:list": "a list with a GET filter",
    "audits:detail": "an audit; its tasks are links to the grading pages",
    "audits:history": "a history of changes",
    "audits:grading": "the grading task list: links to each domain",
    "audits:rounds": "a list of rounds; sampling is round_sample",
    "audits:round": "a round's sample",
    "audits:templates": "a list; a new draft is template_draft_create (probed)",
    "audits:template": "a template; publishing and removing a domain post elsewhere (probed)",
    "casework:import_history": "a list of imports",
    "casework:import_detail": "a preview; confirm and discard post elsewhere (probed)",
    "casework:subject_access": "a search by ID (a GET form); the export has its own URL (probed)",
    "casework:team_review_list": "a list; each team is mapped on its own page (probed)",
    "feedback:survey_thanks": "the public thank-you page",
    "feedback:you_said_we_did_public": "a public list",
    "feedback:monitoring": "a dashboard with a GET filter",
    "feedback:comments": "a list with a GET filter",
    "feedback:you_said_we_did_list": "a list",
    "feedback:alert_list": "a list",
    "feedback:invitation_list": "a list",
    "feedback:invitation_detail": "a link; making and cancelling it post elsewhere (probed)",
    "feedback:survey_list": "a list",
    "feedback:survey_detail": "a survey; publish, retire, new version post elsewhere (probed)",
    "feedback:complaint_list": "a list with a GET filter",
    "feedback:complaint_summary": "a quarterly summary",
    "feedback:complaint_detail": "a record; its changes have their own pages (probed)",
    "feedback:participation_list": "a list",
    "feedback:participation_detail": "a session",
    "moderation:list": "a list",
    "moderation:detail": "the comparison; recording it is moderation:record (probed)",
    "moderation:case": "a case after its grade; its buttons post elsewhere (probed)",
    "moderation:history": "a history of changes",
    "moderation:actions": "a list",
    "moderation:feedback_list": "a list",
    "moderation:follow_ups": "a list",
    "moderation:escalations": "a list",
    "moderation:learning": "a summary of learning",
    "moderation:themes": "a list; adding and editing have their own pages (probed)",
    "moderation:activities": "a list",
    "moderation:notes": "a list of learning notes; each is acknowledged on its own page (probed)",
    "moderation:to_give": "a list of audits waiting for actions and feedback",
    "staffvoice:home": "links to surveys, circles and recognition",
    "staffvoice:survey_thanks": "a confirmation",
    "staffvoice:survey_list": "a list; a new survey is survey_create (probed)",
    "staffvoice:survey_detail": "a survey; adding a question posts here only while a draft, "
    "opening and closing post to survey_move (probed)",
    "staffvoice:survey_results": "results",
    "api:root": "a JSON index of the API, opened with a token",
    "api:scopes": "JSON, read-only API",
    "api:kpi_definitions": "JSON, read-only API",
    "api:kpis": "JSON, read-only API",
    "api:audit_outcomes": "JSON, read-only API",
    "api:voice": "JSON, read-only API",
    "api:schema": "the API's OpenAPI schema",
    "api:tokens": "a list of tokens; making one is api:token_create (probed)",
    "api:token": "a token's page; revoking it posts to api:token_revoke (probed)",
    "audits:list_download": "a file download of a list",
    "audits:rounds_download": "a file download of a list",
    "feedback:alert_list_download": "a file download of a list",
    "feedback:complaint_list_download": "a file download of a list",
    "feedback:monitoring_download": "a file download of a list",
    "kpis:dashboard_download": "a file download of a list",
    "kpis:kpi_detail_download": "a file download of a list",
    "moderation:actions_download": "a file download of a list",
    "moderation:follow_ups_download": "a file download of a list",
    "moderation:list_download": "a file download of a list",
    "reports:list": "a list of reports; drafting one is reports:create (probed)",
    "reports:detail": "a report; its buttons post to reports:move and reports:regenerate "
    "(probed), its summary is written on reports:narrative (probed)",
    "reports:pdf": "a file download",
    "reports:xlsx": "a file download",
    "yearly_summary": "a public page",
    "staffvoice:comment_list": "a list; each check posts to comment_check (probed)",
    "staffvoice:circle_list": "a list",
    "staffvoice:circle_detail": "a circle; its changes have their own pages (probed)",
    "staffvoice:recognition": "a list",
    "staffvoice:team_recognition": "a team's thanks over time",
    "staffvoice:monitoring": "counts each quarter",
    "kpis:dashboard": "a dashboard with a GET filter",
    "kpis:kpi_detail": "one KPI over time with a GET filter",
    "kpis:kpi_children": "a list of the children behind a figure",
    "kpis:team": "a team's figures with a GET choice of team",
    "kpis:me": "a practitioner's own audits",
    "kpis:measures": "a list of Improvement Plan measures",
    "kpis:measure_detail": "a measure's sources side by side",
    "kpis:targets": "a list; each target is changed on its own page (probed)",
    "kpis:return_cross_check": "a statutory return's figures beside the case data's",
    "organisation:overview": "areas and teams; each is changed on its own page (probed)",
    "organisation:people": "a list; each person is changed on their own page (probed)",
    "organisation:staff_imports": "a list of staff list imports",
    "organisation:staff_import_detail": "a preview; confirm and cancel post elsewhere (probed)",
    "organisation:workers": "a list; each match posts to worker_match (probed)",
    "organisation:invitation_accept": "a token that is not real shows no form",
    "partnership:home": "a list of multi-agency audits",
    "partnership:audit": "an audit; sending, finishing and removing an agency post elsewhere "
    "(probed)",
    "partnership:case": "a case's shared record and the agencies' answers",
    "partnership:section": "a section's cases; answering and submitting post elsewhere (probed)",
    "partnership:audit_report": "counts by agency and theme",
    "partnership:quarter_report": "counts by agency and theme, with a GET choice of quarter",
    "partnership:follow_ups": "a list; each follow-up is recorded on its own page (probed)",
}


@pytest.mark.parametrize("app", APPS)
def test_only_those_allowed_can_post_each_writing_view(probe_world, app):
    world = probe_world
    visitors = Visitors(world)
    routes = routes_of(app)
    buttons = button_data(visitors, world, routes)
    problems = []
    for route in routes:
        if route.method == "get":
            url, data = page_form_data(visitors, world, route)
            if data is None:
                if route.name not in READ_ONLY:
                    problems.append(f"{route.name}: no form found; add it to READ_ONLY with why")
                continue
            if route.name in READ_ONLY:
                problems.append(f"{route.name}: has a form posting to itself; not read-only")
        else:
            url, _ = page_form_data(visitors, world, route)
            data = buttons.get(url) or (route.data(world) if route.data else {})
        with rolled_back():
            before = database_snapshot()
            for role in forbidden_roles(route):
                response = visitors[role].post(url, data)
                if not is_turned_away(response, role):
                    problems.append(f"{route.name}: {role} posted and got {response.status_code}")
            changed = snapshot_changes(before, database_snapshot())
            if changed:
                problems.append(f"{route.name}: refused posts changed {changed}")
            role = allowed_role(route)
            if role is not None:
                response = visitors[role].post(url, data)
                if response.status_code not in (200, 302, 400):
                    problems.append(f"{route.name}: {role} posted and got {response.status_code}")
    assert not problems, "\n".join(problems)


def test_every_read_only_entry_names_a_route():
    from tests.test_url_matrix import ROUTES

    assert not sorted(set(READ_ONLY) - set(ROUTES))
