"""The KPI definitions, one module per group; importing this package registers them all."""

from . import audit, practice, voice  # noqa: F401
