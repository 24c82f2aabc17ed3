from tests.factories import TeamFactory
from tests.matrix import Route, allow

from .factories import ImportRunFactory


def extend(world) -> None:
    """An upload waiting for confirmation (its file is gone, so confirming it is refused)."""
    if not hasattr(world, "import_run"):
        world.import_run = ImportRunFactory(
            status="previewed", created_by=world.users.qa_officer, stored_name="gone.xlsx"
        )
    if not hasattr(world, "team_to_review"):
        world.team_to_review = TeamFactory(name="Safeguarding Nth", awaiting_review=True)


def _run(world) -> dict:
    return {"pk": world.import_run.pk}


def _team_to_review(world) -> dict:
    return {"pk": world.team_to_review.pk}


def _child(world) -> dict:
    return {"pk": world.child.pk}


ROUTES = [
    Route("casework:subject_access", expect=allow("qa_officer")),
    Route(
        "casework:subject_access_download",
        kwargs=_child,
        method="post",
        expect=allow("qa_officer"),
    ),
    Route("casework:import_history", expect=allow("qa_officer")),
    Route("casework:import_upload", expect=allow("qa_officer")),
    Route("casework:return_upload", expect=allow("qa_officer")),
    Route("casework:import_detail", kwargs=_run, expect=allow("qa_officer")),
    # Confirming or cancelling answers with a redirect (here: the file is no longer there).
    Route(
        "casework:import_confirm",
        kwargs=_run,
        method="post",
        expect=allow("qa_officer", status=302),
    ),
    Route(
        "casework:import_discard",
        kwargs=_run,
        method="post",
        expect=allow("qa_officer", status=302),
    ),
    Route("casework:team_review_list", expect=allow("qa_officer")),
    Route("casework:team_review", kwargs=_team_to_review, expect=allow("qa_officer")),
]
