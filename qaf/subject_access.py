"""A subject access export: everything the service holds about one child.

Each app registers a provider in its ``AppConfig.ready``; a provider gives the sections it holds
for a child as lists of plain records (field label to value), so the project package never
imports an app. Anonymous answers and anonymous staff feedback hold no child and never appear.
"""

import io
import json
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

Section = tuple[str, list[dict]]
Provider = Callable[[models.Model], Iterable[Section]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider; registering it again has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def records(objects: Iterable[models.Model], *, leave_out: Iterable[str] = ()) -> list[dict]:
    """Each object's fields by their label, related records by their name, choices spelled out;
    ``leave_out`` names fields that are not about the child (e.g. a link's token hash)."""
    leave_out = set(leave_out)
    rows = []
    for obj in objects:
        row = {}
        for field in obj._meta.concrete_fields:
            if field.name in leave_out:
                continue
            if field.is_relation:
                related = getattr(obj, field.name)
                value = str(related) if related is not None else None
            elif field.choices:
                value = getattr(obj, f"get_{field.name}_display")() or None
            else:
                value = getattr(obj, field.attname)
            row[str(field.verbose_name)] = value
        rows.append(row)
    return rows


def sections_for(child) -> list[Section]:
    return [section for provider in _providers for section in provider(child)]


def export_zip(child, *, made_by: str, made_at: datetime) -> bytes:
    """A zip with one JSON file per section and a note saying what it is."""
    buffer = io.BytesIO()
    sections = sections_for(child)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            f"Everything the Quality Assurance Framework holds about case {child.child_id}.\n"
            f"Made by {made_by} on {made_at:%d %B %Y at %H:%M}.\n"
            "Each file is one kind of record, as JSON. Answers given anonymously are not "
            "linked to anyone and are not included.\n",
        )
        for position, (title, rows) in enumerate(sections, start=1):
            name = f"{position:02d}-{_slug(title)}.json"
            archive.writestr(
                name, json.dumps({"section": title, "records": rows}, cls=_Encoder, indent=2)
            )
    return buffer.getvalue()


def _slug(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, date | datetime):
            return o.isoformat()
        return super().default(o)
