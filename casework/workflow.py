"""The case-data import's machine: a previewed upload is imported or cancelled.

Refused and failed runs are recorded in those states when the file is first read, and never
move; a preview nobody confirms in time is cancelled by the clean-up job (no person).
"""

from qaf.workflow import Action, Machine, register

from .imports.records import ImportRefused
from .models import ImportRun

S = ImportRun.Status
NOT_WAITING = "This file is not waiting to be imported."

import_run_machine = register(
    Machine(
        model=ImportRun,
        error=ImportRefused,
        actions=(
            Action("apply", {S.PREVIEWED}, S.APPLIED, "casework.run_imports", "Import", "Imported"),
            Action(
                "discard",
                {S.PREVIEWED},
                S.DISCARDED,
                "casework.run_imports",
                "Cancel the import",
                "Cancelled",
            ),
        ),
        tags={
            S.PREVIEWED: "yellow",
            S.APPLIED: "green",
            S.DISCARDED: "grey",
            S.REFUSED: "red",
            S.FAILED: "red",
        },
        finished=frozenset({S.APPLIED, S.DISCARDED, S.REFUSED, S.FAILED}),
        groups={"waiting": frozenset({S.PREVIEWED}), "failed": frozenset({S.FAILED})},
    )
)
