"""The part of the service a KPI is counted for: the whole service, one service area or one team."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ScopeKind = Literal["service", "area", "team"]


@dataclass(frozen=True)
class Scope:
    """``Scope.service()``, ``Scope.area(3)`` or ``Scope.team(7)``.

    A team scope may also carry its area (``area_id``) so that a snapshot row names both; two
    team scopes are the same team whether or not the area is given (see ``key``).
    """

    kind: ScopeKind = "service"
    area_id: int | None = None
    team_id: int | None = None

    @classmethod
    def service(cls) -> Scope:
        return cls("service")

    @classmethod
    def area(cls, area_id: int) -> Scope:
        return cls("area", area_id=int(area_id))

    @classmethod
    def team(cls, team_id: int, *, area_id: int | None = None) -> Scope:
        return cls("team", area_id=area_id, team_id=int(team_id))

    @classmethod
    def parse(cls, text: str | None) -> Scope:
        """``"service"``, ``"area:<id>"`` or ``"team:<id>"``; anything else is a ValueError whose
        message can be shown to the person who typed it."""
        text = (text or "service").strip()
        if text == "service":
            return cls.service()
        kind, _, number = text.partition(":")
        if kind not in ("area", "team") or not number.isdigit() or int(number) < 1:
            raise ValueError(
                f"'{text}' is not a part of the service. Use 'service', 'area:<number>' or "
                "'team:<number>'."
            )
        return cls.area(int(number)) if kind == "area" else cls.team(int(number))

    @property
    def key(self) -> str:
        """The text ``parse`` reads back: ``service``, ``area:3``, ``team:7``."""
        if self.kind == "service":
            return "service"
        if self.kind == "area":
            return f"area:{self.area_id}"
        return f"team:{self.team_id}"

    @property
    def label(self) -> str:
        """The name of the part of the service, for headings ("Whole service", a team's name)."""
        from casework.models import ServiceArea, Team

        if self.kind == "service":
            return "Whole service"
        if self.kind == "area":
            area = ServiceArea.objects.filter(pk=self.area_id).only("name").first()
            return area.name if area else f"Service area {self.area_id}"
        team = Team.objects.filter(pk=self.team_id).only("name").first()
        return team.name if team else f"Team {self.team_id}"

    def team_filter(self, path: str = "team") -> dict:
        """Keyword filters limiting rows whose team is reached by ``path`` to this scope."""
        if self.kind == "service":
            return {}
        if self.kind == "area":
            return {f"{path}__service_area_id": self.area_id}
        return {f"{path}_id": self.team_id}

    def snapshot_filter(self) -> dict:
        """Keyword filters selecting this scope's rows of ``KpiSnapshot``."""
        if self.kind == "service":
            return {"scope_kind": "service"}
        if self.kind == "area":
            return {"scope_kind": "area", "service_area_id": self.area_id}
        return {"scope_kind": "team", "team_id": self.team_id}
