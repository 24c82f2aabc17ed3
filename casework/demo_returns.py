"""The demo authority's statutory returns for its last complete collection year.

The SSDA903 tables and the CIN census XML are written from the demo children's episodes, case
events and allocations, as a case-management system would write them, then imported through
the real import. The returns agree with the case data for most children, not all: the demo
shows a cross-check with a few differences to look into, as a real one would.
"""

import csv
import random
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from .imports.return_services import return_file_import
from .models import Allocation, CaseEvent, Child, Episode, ImportRun

Kind = CaseEvent.Kind
PlanType = CaseEvent.PlanType
SEX = {Child.Gender.MALE: "1", Child.Gender.FEMALE: "2"}
GENDER = {Child.Gender.MALE: "1", Child.Gender.FEMALE: "2", Child.Gender.OTHER: "9"}
CATEGORY = {
    "Neglect": "NEG",
    "Emotional abuse": "EMO",
    "Physical abuse": "PHY",
    "Sexual abuse": "SAB",
}


def last_collection_year(today: date) -> int:
    """The latest year ending 31 March that is over by ``today``."""
    return today.year if today >= date(today.year, 4, 1) else today.year - 1


def seed_returns(*, today: date, prefix: str) -> str:
    """Import the demo's 903 return and CIN census once; say what was done."""
    if ImportRun.objects.filter(
        source__in=ImportRun.RETURN_SOURCES, status=ImportRun.Status.APPLIED
    ).exists():
        return ""
    year = last_collection_year(today)
    first, last = date(year - 1, 4, 1), date(year, 3, 31)
    children = {child.pk: child for child in Child.objects.filter(child_id__startswith=prefix)}
    events: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in CaseEvent.objects.filter(
        child_id__in=children, source=CaseEvent.Source.DEMO, started_on__lte=last
    ).order_by("started_on", "pk"):
        events[event.child_id].append(event)
    rng = random.Random(f"{prefix}-returns")  # noqa: S311 - made-up data
    with tempfile.TemporaryDirectory(prefix="qaf-demo-returns-") as folder:
        folder = Path(folder)
        tables = _ssda903_tables(children, events, first, last, rng)
        paths = []
        for name, rows in tables.items():
            path = folder / f"{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as stream:
                csv.writer(stream).writerows(rows)
            paths.append(path)
        looked_after = return_file_import(
            paths=paths, source=ImportRun.Source.SSDA903, year=year, file_name="ssda903.zip"
        )
        census_path = folder / "cin_census.xml"
        census_path.write_text(_census(children, events, year, first, last), encoding="utf-8")
        census = return_file_import(
            paths=[census_path], source=ImportRun.Source.CIN_CENSUS, year=year
        )
    return (
        f"SSDA903 {year} ({looked_after.outcome.counts['episodes']} episodes) and CIN census "
        f"{year} ({census.outcome.counts['referrals']} referrals) imported"
    )


def _dmy(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _ssda903_tables(children, events, first, last, rng) -> dict[str, list]:
    header = [["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]]
    episodes = [
        ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
         "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]
    ]  # fmt: skip
    reviews = [["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]]
    missing = [["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]]
    workers = [["CHILD", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"]]
    in_care = Episode.objects.filter(
        child_id__in=children, kind=Episode.Kind.CLA, start_date__lte=last
    ).exclude(end_date__lt=first)
    looked_after: set[int] = set()
    for episode in in_care.order_by("child_id", "start_date"):
        child = children[episode.child_id]
        ended = episode.end_date if episode.end_date and episode.end_date <= last else None
        placements = [
            event
            for event in events[child.pk]
            if event.kind == Kind.PLACEMENT and episode.start_date <= event.started_on
        ]
        starts = [episode.start_date] + [
            event.started_on for event in placements if event.started_on > episode.start_date
        ]
        places = [event.detail or "U4" for event in placements] or ["U4"]
        for index, start in enumerate(starts):
            following = starts[index + 1] if index + 1 < len(starts) else None
            end = following - timedelta(days=1) if following else ended
            if end is not None and end < start:
                continue
            episodes.append(
                [child.child_id, _dmy(start), "S" if index == 0 else "P",
                 "C2" if index else "V2", "N1", places[min(index, len(places) - 1)], "PR1",
                 _dmy(end), ("X1" if following else "E13") if end else "",
                 rng.choice(("CARPL", "CREQB", "CHILD")) if index else "", "", "", ""]
            )  # fmt: skip
        looked_after.add(child.pk)
        for event in events[child.pk]:
            if (
                event.kind == Kind.REVIEW
                and event.plan_type == PlanType.CLA
                and event.started_on >= episode.start_date
            ):
                reviews.append([child.child_id, _dmy(child.date_of_birth), _dmy(event.started_on),
                                f"PN{rng.choice((1, 1, 1, 2, 3, 0))}"])  # fmt: skip
        if rng.random() < 0.2:
            went = first + timedelta(days=rng.randint(0, 300))
            if went >= episode.start_date:
                missing.append([child.child_id, _dmy(child.date_of_birth), "M", _dmy(went),
                                _dmy(went + timedelta(days=1))])  # fmt: skip
    for child_pk in sorted(looked_after):
        child = children[child_pk]
        header.append(
            [child.child_id, SEX.get(child.gender, ""), _dmy(child.date_of_birth),
             child.ethnicity, "", "", ""]
        )  # fmt: skip
    for allocation in Allocation.objects.filter(
        child_id__in=looked_after, start_date__lte=last
    ).order_by("child_id", "start_date"):
        ended = allocation.end_date if allocation.end_date and allocation.end_date <= last else None
        workers.append(
            [children[allocation.child_id].child_id, f"SW{allocation.worker_id:04d}",
             _dmy(allocation.start_date), _dmy(ended), "MANAGE" if ended else ""]
        )  # fmt: skip
    return {
        "header": header,
        "episodes": episodes,
        "reviews": reviews,
        "missing": missing,
        "sw_episodes": workers,
    }


def _census(children, events, year, first, last) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails>'
        f"<Collection>CIN</Collection><Year>{year}</Year>"
        f"<ReferenceDate>{last.isoformat()}</ReferenceDate></CollectionDetails></Header>"
        "<Children>\n"
    ]
    earliest = first - timedelta(days=365)
    for child_pk, child_events in events.items():
        referrals = [
            event
            for event in child_events
            if event.kind == Kind.REFERRAL and earliest <= event.started_on <= last
        ]
        if not referrals:
            continue
        child = children[child_pk]
        parts.append(
            f"<Child><ChildIdentifiers><LAchildID>{escape(child.child_id)}</LAchildID>"
            f"<PersonBirthDate>{child.date_of_birth or ''}</PersonBirthDate>"
            f"<GenderCurrent>{GENDER.get(child.gender, '0')}</GenderCurrent>"
            f"</ChildIdentifiers><ChildCharacteristics><Ethnicity>{escape(child.ethnicity)}"
            "</Ethnicity></ChildCharacteristics>"
        )
        for index, referral in enumerate(referrals):
            until = referrals[index + 1].started_on if index + 1 < len(referrals) else last
            within = [
                event for event in child_events if referral.started_on <= event.started_on < until
            ] + [event for event in child_events if event.started_on == until == last]
            parts.append(_cin_details(referral, within, last, child_events))
        parts.append("</Child>\n")
    parts.append("</Children></Message>\n")
    return "".join(parts)


def _cin_details(
    referral: CaseEvent, within: list[CaseEvent], year_end: date, history: list[CaseEvent]
) -> str:
    parts = [
        f"<CINdetails><CINreferralDate>{referral.started_on}</CINreferralDate>"
        "<ReferralSource>5A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>"
        "<ReferralNFA>0</ReferralNFA>"
    ]

    def by_year_end(day: date | None) -> str:
        # A census holds nothing after its reference date.
        return str(day) if day and day <= year_end else ""

    for event in within:
        if event.kind == Kind.ASSESSMENT:
            parts.append(
                f"<Assessments><AssessmentActualStartDate>{event.started_on}"
                "</AssessmentActualStartDate><AssessmentAuthorisationDate>"
                f"{by_year_end(event.ended_on)}</AssessmentAuthorisationDate></Assessments>"
            )
        elif event.kind == Kind.SECTION_47:
            parts.append(
                f"<Section47><S47ActualStartDate>{event.started_on}</S47ActualStartDate>"
                "</Section47>"
            )
        elif event.kind == Kind.PLAN and event.plan_type == PlanType.CIN:
            parts.append(
                f"<CINPlanDates><CINPlanStartDate>{event.started_on}</CINPlanStartDate>"
                f"<CINPlanEndDate>{by_year_end(event.ended_on)}</CINPlanEndDate></CINPlanDates>"
            )
        elif event.kind == Kind.PLAN and event.plan_type == PlanType.CP:
            reviews = "".join(
                f"<CPPreviewDate>{review.started_on}</CPPreviewDate>"
                for review in within
                if review.kind == Kind.RCPC and review.started_on > event.started_on
            )
            parts.append(
                f"<ChildProtectionPlans><CPPstartDate>{event.started_on}</CPPstartDate>"
                f"<CPPendDate>{by_year_end(event.ended_on)}</CPPendDate>"
                f"<InitialCategoryOfAbuse>{CATEGORY.get(event.detail, 'NEG')}"
                "</InitialCategoryOfAbuse><NumberOfPreviousCPP>"
                f"{_plans_before(history, event.started_on)}</NumberOfPreviousCPP>"
                f"<Reviews>{reviews}</Reviews></ChildProtectionPlans>"
            )
        elif event.kind == Kind.ICPC:
            parts.append(f"<DateOfInitialCPC>{event.started_on}</DateOfInitialCPC>")
    parts.append("</CINdetails>")
    return "".join(parts)


def _plans_before(history: list[CaseEvent], day: date) -> int:
    return sum(
        1
        for event in history
        if event.kind == Kind.PLAN and event.plan_type == PlanType.CP and event.started_on < day
    )
