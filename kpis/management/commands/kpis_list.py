"""manage.py kpis_list [--json]: every KPI with its code, unit, direction and target."""

import json

from django.core.management.base import BaseCommand

from kpis import registry, selectors


def _number(value):
    return None if value is None else float(value)


class Command(BaseCommand):
    help = "List every KPI: code, title, unit, polarity, target and national measure."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Write JSON instead of a table.")

    def handle(self, *args, **options):
        targets = selectors.targets_by_code()
        rows = [
            {
                "code": kpi.code,
                "group": kpi.group,
                "title": kpi.title,
                "unit": kpi.unit,
                "polarity": kpi.polarity,
                "frequency": kpi.frequency,
                "target": _number(targets[kpi.code].target),
                "green_from": _number(targets[kpi.code].green_from),
                "amber_from": _number(targets[kpi.code].amber_from),
                "national_measure": kpi.national_measure,
            }
            for kpi in registry.all_kpis()
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            target = "" if row["target"] is None else f" (target {row['target']:g})"
            self.stdout.write(f"{row['code']:45} {row['title']}{target}")
