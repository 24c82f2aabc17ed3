"""What the loop's pages share: the roles let in, and a record of who opened which child."""

from casework.services import child_access_record, child_access_record_many
from qaf.roles import Role

AUDIT_ROLES = (
    Role.TEAM_MANAGER,
    Role.PEER_AUDITOR,
    Role.SENIOR_MANAGER,
    Role.DIRECTOR,
    Role.QA_OFFICER,
)
SENIOR_ROLES = (Role.SENIOR_MANAGER, Role.QA_OFFICER, Role.DIRECTOR)
ACTION_ROLES = (
    Role.TEAM_MANAGER,
    Role.PRACTITIONER,
    Role.SENIOR_MANAGER,
    Role.QA_OFFICER,
    Role.DIRECTOR,
)
LEARNING_ROLES = (*AUDIT_ROLES, Role.PARTICIPATION_WORKER)
PAGE_SIZE = 25


def log_access(request, case_audit, page: str) -> None:
    child_access_record(
        user=request.user, child=case_audit.child, context=f"case audit {case_audit.pk} ({page})"
    )


def log_list_access(request, page, list_name: str) -> None:
    """Log every child named on one page of a list of the loop's records."""
    child_access_record_many(
        user=request.user,
        children=[record.case_audit.child for record in page],
        context=f"{list_name} list",
    )


def page_query(request) -> str:
    """The request's query string without its page number, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def posted(request):
    """The form data of a POST (even an empty one, so that it shows its errors), else None."""
    return request.POST if request.method == "POST" else None
