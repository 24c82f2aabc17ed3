"""Writes of the KPI app: targets, snapshots, notes and measure links."""

from .snapshots import compute_period, compute_since
from .targets import TargetError, measure_link_kpis, round_note_set, set_target

__all__ = [
    "TargetError",
    "compute_period",
    "compute_since",
    "measure_link_kpis",
    "round_note_set",
    "set_target",
]
