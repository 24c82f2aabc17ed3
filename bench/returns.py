"""Statutory returns benchmark: a generated SSDA903 return of 10,000 children (about 20,000
episodes and 50,000 reviews) and a CIN census of 50,000 children.

Each import must finish in under 60 seconds and within three times what the standard library
alone takes to read the same files: ``csv.reader`` over every 903 table, and a bare
``xml.etree.ElementTree.iterparse`` over the census, clearing each child as it goes.
"""

import csv
import datetime as dt
import random
import time
from pathlib import Path
from xml.etree.ElementTree import iterparse

from . import register, scratch

OUT = Path(__file__).resolve().parent / "out"
CHILDREN_903 = 10_000
CHILDREN_CIN = 50_000
YEAR = 2026
LIMIT_SECONDS = 60.0
LIMIT_RATIO = 3.0
PLACES = ("U1", "U4", "U5", "U6", "K2", "R1", "P1")
LEGAL = ("C2", "C1", "V2", "E1")
CHANGES = ("CARPL", "ALLEG", "CREQB", "CHILD", "LAREQ", "OTHER")


def _day(base: dt.date, days: int) -> dt.date:
    return base + dt.timedelta(days=days)


def generate_903(children: int = CHILDREN_903, *, out: Path = OUT) -> list[Path]:
    """Write (once) the header, episodes, reviews, missing and sw_episodes tables."""
    folder = out / f"ssda903_{children}"
    names = ("header", "episodes", "reviews", "missing", "sw_episodes")
    paths = [folder / f"{name}.csv" for name in names]
    if (
        all(path.exists() for path in paths)
        and paths[0].stat().st_mtime >= Path(__file__).stat().st_mtime
    ):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(903)
    rows = {name: [] for name in names}
    start_of_year = dt.date(YEAR - 1, 4, 1)
    for number in range(children):
        child = f"L{number:07}"
        rows["header"].append(
            [child, rng.choice("12"), f"{_day(dt.date(2008, 1, 1), rng.randrange(5000)):%d/%m/%Y}",
             rng.choice(("WBRI", "MWBC", "BAFR", "APKN", "WOTH")), "", "", ""]
        )  # fmt: skip
        start = _day(start_of_year, rng.randrange(-1000, -335))
        episodes = 1 + (number % 3)  # 1, 2 or 3: 20,000 in all
        day = start
        for index in range(episodes):
            length = rng.randrange(30, 200)
            end = _day(day, length - 1)
            last = index == episodes - 1
            ceased = last and end < dt.date(YEAR, 3, 31) and number % 4 == 0
            rows["episodes"].append(
                [child, f"{day:%d/%m/%Y}", "S" if index == 0 else rng.choice("PPL"),
                 rng.choice(LEGAL), "N1", rng.choice(PLACES), "PR1",
                 f"{end:%d/%m/%Y}" if (not last or ceased) else "",
                 ("E13" if ceased else "X1") if (not last or ceased) else "",
                 rng.choice(CHANGES) if index else "", "", "", ""]
            )  # fmt: skip
            day = _day(end, 1)
        review = _day(start, 15)
        for _ in range(5):  # 50,000 reviews
            rows["reviews"].append([child, "", f"{review:%d/%m/%Y}", f"PN{rng.randrange(8)}"])
            review = _day(review, rng.randrange(60, 170))
        if number % 5 == 0:
            missing = _day(start, rng.randrange(1, 120))
            rows["missing"].append(
                [child, "", "M", f"{missing:%d/%m/%Y}", f"{_day(missing, 2):%d/%m/%Y}"]
            )
        worker_start = start
        for worker in range(2):
            worker_end = _day(worker_start, rng.randrange(60, 300))
            rows["sw_episodes"].append(
                [child, f"SW{rng.randrange(400):03}", f"{worker_start:%d/%m/%Y}",
                 f"{worker_end:%d/%m/%Y}" if worker == 0 else "", "MANAGE" if worker == 0 else ""]
            )  # fmt: skip
            worker_start = _day(worker_end, 1)
    headers = {
        "header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
        "episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                     "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
        "reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
        "missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
        "sw_episodes": ["CHILD", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    }  # fmt: skip
    for name, path in zip(names, paths, strict=True):
        with path.open("w", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(headers[name])
            writer.writerows(rows[name])
    return paths


def generate_census(children: int = CHILDREN_CIN, *, out: Path = OUT) -> Path:
    """Write (once) a census XML with ``children`` children, each with one or two CIN details."""
    target = out / f"cin_census_{children}.xml"
    if target.exists() and target.stat().st_mtime >= Path(__file__).stat().st_mtime:
        return target
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    start_of_year = dt.date(YEAR - 1, 4, 1)
    with target.open("w", encoding="utf-8") as stream:
        write = stream.write
        write('<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails>')
        write(f"<Collection>CIN</Collection><Year>{YEAR}</Year>")
        write(f"<ReferenceDate>{YEAR}-03-31</ReferenceDate></CollectionDetails></Header>")
        write("<Children>\n")
        for number in range(children):
            birth = _day(dt.date(2008, 1, 1), rng.randrange(6000))
            write(
                f"<Child><ChildIdentifiers><LAchildID>N{number:07}</LAchildID>"
                f"<PersonBirthDate>{birth}</PersonBirthDate>"
                f"<GenderCurrent>{rng.choice('12')}</GenderCurrent></ChildIdentifiers>"
                f"<ChildCharacteristics><Ethnicity>{rng.choice(('WBRI', 'MWBC', 'BAFR'))}"
                "</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>"
                "</ChildCharacteristics>"
            )
            referral = _day(start_of_year, rng.randrange(-200, 300))
            for _ in range(1 + (number % 4 == 0)):
                assessment = _day(referral, 1)
                write(
                    f"<CINdetails><CINreferralDate>{referral}</CINreferralDate>"
                    "<ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>"
                    "<ReferralNFA>0</ReferralNFA>"
                    f"<Assessments><AssessmentActualStartDate>{assessment}"
                    "</AssessmentActualStartDate><AssessmentAuthorisationDate>"
                    f"{_day(assessment, rng.randrange(10, 80))}</AssessmentAuthorisationDate>"
                    "<FactorsIdentifiedAtAssessment><AssessmentFactors>2A</AssessmentFactors>"
                    "</FactorsIdentifiedAtAssessment></Assessments>"
                )
                if number % 3 == 0:
                    s47 = _day(referral, 3)
                    plan = _day(s47, 12)
                    write(
                        f"<Section47><S47ActualStartDate>{s47}</S47ActualStartDate>"
                        f"<DateOfInitialCPC>{plan}</DateOfInitialCPC></Section47>"
                        f"<ChildProtectionPlans><CPPstartDate>{plan}</CPPstartDate>"
                        "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
                        f"<Reviews><CPPreviewDate>{_day(plan, 90)}</CPPreviewDate></Reviews>"
                        "</ChildProtectionPlans>"
                    )
                else:
                    write(
                        f"<CINPlanDates><CINPlanStartDate>{_day(assessment, 20)}"
                        "</CINPlanStartDate></CINPlanDates>"
                    )
                write("</CINdetails>")
                referral = _day(referral, rng.randrange(120, 300))
            write("</Child>\n")
        write("</Children></Message>\n")
    return target


def read_with_csv(paths: list[Path]) -> int:
    rows = 0
    for path in paths:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            for _ in csv.reader(stream):
                rows += 1
    return rows


def read_with_iterparse(path: Path) -> int:
    children = 0
    for _, element in iterparse(path):  # noqa: S314 (the file this benchmark wrote)
        if element.tag == "Child":
            children += 1
            element.clear()
    return children


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def _rounds(baseline, importer, rounds: int) -> tuple[list, list, object]:
    from django.core.management import call_command

    readings, imports, report = [], [], None
    for number in range(rounds):
        if number:
            call_command("flush", interactive=False, verbosity=0)
        readings.append(timed(baseline)[0])
        seconds, report = timed(importer)
        imports.append(seconds)
    return readings, imports, report


def _figures(vendor, readings, imports, report, again, repeat, baseline_name, parse) -> dict:
    baseline, first = min(readings), min(imports)
    ratio = first / baseline
    judged = vendor == "postgresql"
    counts = report.outcome.counts
    return {
        "database": vendor,
        "children": counts["children"],
        "events": sum(counts["events"].values()),
        f"{baseline_name}_seconds": round(baseline, 2),
        "import_seconds": round(first, 2),
        "ratio": round(ratio, 2),
        # Reading and checking alone (no database): what the import adds to the bare read.
        "parse_seconds": round(parse, 2),
        "parse_ratio": round(parse / baseline, 2),
        "reimport_seconds": round(again, 2),
        "reimport_changes": repeat.outcome.counts["events_created"]
        + repeat.outcome.counts["events_updated"],
        "passed": (first < LIMIT_SECONDS and ratio <= LIMIT_RATIO) if judged else None,
        "limits": f"under {LIMIT_SECONDS:.0f} s and at most {LIMIT_RATIO:g}x {baseline_name}"
        + ("" if judged else ", judged on PostgreSQL only (set DATABASE_URL)"),
    }


@register("ssda903", "Import a 903 return of 10,000 children; compare with csv.reader alone")
def run_903(*, children: int = CHILDREN_903, rounds: int = 3) -> dict:
    paths = generate_903(children)
    with scratch.database() as vendor:
        from casework.imports.return_files import return_parse
        from casework.imports.return_services import return_file_import
        from casework.models import ImportRun

        def importer():
            return return_file_import(paths=paths, source=ImportRun.Source.SSDA903, year=YEAR)

        readings, imports, report = _rounds(lambda: read_with_csv(paths), importer, rounds)
        again, repeat = timed(importer)
        parse = min(
            timed(return_parse, paths=paths, source=ImportRun.Source.SSDA903, year=YEAR)[0]
            for _ in range(rounds)
        )
    figures = _figures(vendor, readings, imports, report, again, repeat, "csv_read", parse)
    counts = report.outcome.counts
    figures.update(episodes=counts["episodes"], reviews=counts["reviews"])
    return figures


@register("cin_census", "Import a CIN census of 50,000 children; compare with a bare iterparse")
def run_census(*, children: int = CHILDREN_CIN, rounds: int = 3) -> dict:
    path = generate_census(children)
    with scratch.database() as vendor:
        from casework.imports.return_files import return_parse
        from casework.imports.return_services import return_file_import
        from casework.models import ImportRun

        def importer():
            return return_file_import(paths=[path], source=ImportRun.Source.CIN_CENSUS, year=YEAR)

        readings, imports, report = _rounds(lambda: read_with_iterparse(path), importer, rounds)
        again, repeat = timed(importer)
        parse = min(
            timed(return_parse, paths=[path], source=ImportRun.Source.CIN_CENSUS, year=YEAR)[0]
            for _ in range(rounds)
        )
    figures = _figures(vendor, readings, imports, report, again, repeat, "iterparse", parse)
    figures.update(size_mb=round(path.stat().st_size / 2**20, 1))
    return figures
