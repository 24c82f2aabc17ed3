"""The children in need census: the DfE XML, read as a stream with a hardened parser.

The file is read child by child (``iterparse``), so a census of any size takes little memory.
defusedxml refuses a document type declaration outright: entity expansion ("billion laughs")
and external entities both need one, and the census never has one. A file bigger than
``CASEWORK_RETURN_MAX_XML_BYTES`` is refused before it is read.

What each child gives, as case events of the census's source:

- ``CINdetails``: a referral (from ``CINreferralDate`` to ``CINclosureDate``, with the referral
  source, primary need and reason for closure), and within it
- ``Assessments``: an assessment from its start to its authorisation, with the factors;
- ``CINPlanDates``: a child in need plan; ``Section47``: a section 47 enquiry and its initial
  conference; ``ChildProtectionPlans``: a child protection plan with its initial category of
  abuse and, when ``NumberOfPreviousCPP`` is more than 0, how many plans came before ("NEG; 1
  before"), and a review conference per ``CPPreviewDate``.
"""

import datetime as dt
from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings

from casework.models import CaseEvent, Child

from . import dfe_codes as dfe
from .codes import clean_text
from .records import ChildRecord, ImportRefused, Problem, RowProblems
from .returns import ParsedReturn, ReturnEvent

Kind = CaseEvent.Kind
PlanType = CaseEvent.PlanType
TABLE = "Child"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element, name: str) -> str:
    found = element.find(name)
    return clean_text(found.text) if found is not None and found.text else ""


def parse_cin_census(path: Path, *, year: int) -> ParsedReturn:
    """Read the census at ``path`` for the collection year ending 31 March ``year``."""
    limit = settings.CASEWORK_RETURN_MAX_XML_BYTES
    if path.stat().st_size > limit:
        raise ImportRefused(
            f"This file is bigger than a children in need census can be here "
            f"({limit // 2**20} MB), so it was not read."
        )
    reader = _Reader(year)
    try:
        with path.open("rb") as stream:
            container = None
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                tag = _local(element.tag)
                if event == "start":
                    if tag == "Children":
                        container = element
                    continue
                if tag == "Child":
                    reader.child(element)
                    if container is not None:
                        container.remove(element)
                    element.clear()
                elif tag == "CollectionDetails":
                    reader.collection(element)
    except DefusedXmlException as error:
        raise ImportRefused(
            "This file declares a document type (DTD) or entities, which the children in need "
            "census never has and which can be used to attack the server, so it was not read. "
            "Export the census again from the case-management system."
        ) from error
    except ParseError as error:
        line = getattr(error, "position", (None,))[0]
        where = f" (line {line})" if line else ""
        raise ImportRefused(
            f"This is not a well-formed XML file{where}, so it was not read. Export the census "
            "again from the case-management system."
        ) from error
    if not reader.children and not reader.rows:
        raise ImportRefused(
            "No children were found in this file. Upload the children in need census XML."
        )
    return reader.parsed()


class _Reader:
    def __init__(self, year: int):
        self.year = year
        self.year_end = dfe.collection_year_dates(year)[1]
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.children: dict[str, ChildRecord] = {}
        self.events: list[ReturnEvent] = []
        self.counts: Counter = Counter(
            referrals=0, assessments=0, cin_plans=0, section_47s=0, cp_plans=0, cp_reviews=0
        )
        self.rows = 0

    def parsed(self) -> ParsedReturn:
        self.counts["rows"] = self.rows
        return ParsedReturn(
            source=CaseEvent.Source.CIN_CENSUS,
            year=self.year,
            child_table=TABLE,
            children=self.children,
            events=self.events,
            problems=self.problems,
            notes=self.notes,
            counts=self.counts,
        )

    def collection(self, element) -> None:
        given = _text(element, "Year")
        if given and given != str(self.year):
            raise ImportRefused(
                f"This census is for the collection year {given}, not {self.year}. Check the "
                "year and import it again."
            )

    def child(self, element) -> None:
        self.rows += 1
        found = RowProblems(self.problems, TABLE, self.rows)
        identifiers = element.find("ChildIdentifiers")
        child_id = _text(identifiers, "LAchildID") if identifiers is not None else ""
        if not child_id:
            found.reject("LAchildID", "is blank; the child was not imported")
            return
        if len(child_id) > 64:
            found.reject("LAchildID", "is longer than a child identifier can be (64 characters)")
            return
        if child_id in self.children:
            found.reject("LAchildID", f"child {child_id} appears twice; the second was not read")
            return
        record = ChildRecord(child_id=child_id)
        record.date_of_birth = self._date(found, identifiers, "PersonBirthDate")
        gender, reason = dfe.read_code(
            _text(identifiers, "GenderCurrent"), dfe.GENDER_CODES, what="gender"
        )
        if reason:
            found.doubtful("GenderCurrent", f"{reason}; kept as not recorded")
        record.gender = dfe.GENDER_CURRENT.get(gender, Child.Gender.NOT_RECORDED)
        characteristics = element.find("ChildCharacteristics")
        if characteristics is not None:
            record.ethnicity = self._code(
                found, characteristics, "Ethnicity", dfe.ETHNIC, "ethnicity"
            )
            disabilities = [
                self._code(found, disability, None, dfe.DISABILITY, "disability")
                for disability in characteristics.iter("Disability")
            ]
            if "NONE" in disabilities:
                record.disability = Child.Disability.NO
            elif any(disabilities):
                record.disability = Child.Disability.YES
        self.children[child_id] = record
        for details in element.iter("CINdetails"):
            self._cin_details(found, child_id, details)

    # --- helpers ---------------------------------------------------------------------------

    def _date(self, found: RowProblems, element, name: str) -> dt.date | None:
        value, reason = dfe.read_return_date(_text(element, name), iso=True)
        if reason:
            found.doubtful(name, f"{reason}; it was left out")
            return None
        if value is not None and value > self.year_end:
            found.doubtful(
                name, f"{value:%d/%m/%Y} is after the end of the collection year; left out"
            )
            return None
        return value

    def _code(self, found, element, name, allowed, what: str) -> str:
        raw = clean_text(element.text) if name is None else _text(element, name)
        value, reason = dfe.read_code(raw, allowed, what=what)
        if reason:
            found.doubtful(name or _local(element.tag), f"{reason}; it was left out")
        return value

    def _event(self, found, child_id, kind, plan_type, start, end, detail, column) -> None:
        if start is None:
            return
        if end is not None and end < start:
            found.doubtful(
                column,
                f"ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y}); the end date was "
                "left out",
            )
            end = None
        self.events.append(
            ReturnEvent(child_id, kind, plan_type, start, end, detail[:40], TABLE, found.row)
        )

    # --- what a child's CIN details give -----------------------------------------------------

    def _cin_details(self, found: RowProblems, child_id: str, details) -> None:
        referred = self._date(found, details, "CINreferralDate")
        if referred is None:
            found.reject(
                "CINreferralDate", "is blank or not a date; these CIN details were not imported"
            )
            return
        source = self._code(
            found, details, "ReferralSource", dfe.REFERRAL_SOURCE, "referral source"
        )
        need = self._code(found, details, "PrimaryNeedCode", dfe.PRIMARY_NEED, "primary need")
        closure = self._code(
            found, details, "ReasonForClosure", dfe.REASON_FOR_CLOSURE, "reason for closure"
        )
        closed = self._date(found, details, "CINclosureDate")
        detail = " ".join(code for code in (source, need, closure) if code)
        self._event(found, child_id, Kind.REFERRAL, "", referred, closed, detail, "CINreferralDate")
        self.counts["referrals"] += 1
        self._event(
            found,
            child_id,
            Kind.ICPC,
            "",
            self._date(found, details, "DateOfInitialCPC"),
            None,
            "",
            "DateOfInitialCPC",
        )
        for assessment in details.iter("Assessments"):
            started = self._date(found, assessment, "AssessmentActualStartDate")
            factors = [
                self._code(found, factor, None, dfe.ASSESSMENT_FACTORS, "assessment factor")
                for factor in assessment.iter("AssessmentFactors")
            ]
            authorised = self._date(found, assessment, "AssessmentAuthorisationDate")
            self._event(
                found,
                child_id,
                Kind.ASSESSMENT,
                "",
                started,
                authorised,
                " ".join(factor for factor in factors if factor),
                "AssessmentAuthorisationDate",
            )
            self.counts["assessments"] += started is not None
        for plan in details.iter("CINPlanDates"):
            started = self._date(found, plan, "CINPlanStartDate")
            ended = self._date(found, plan, "CINPlanEndDate")
            self._event(
                found, child_id, Kind.PLAN, PlanType.CIN, started, ended, "", "CINPlanEndDate"
            )
            self.counts["cin_plans"] += started is not None
        for enquiry in details.iter("Section47"):
            started = self._date(found, enquiry, "S47ActualStartDate")
            self._event(
                found, child_id, Kind.SECTION_47, "", started, None, "", "S47ActualStartDate"
            )
            self.counts["section_47s"] += started is not None
            conference = self._date(found, enquiry, "DateOfInitialCPC")
            self._event(found, child_id, Kind.ICPC, "", conference, None, "", "DateOfInitialCPC")
        for plan in details.iter("ChildProtectionPlans"):
            started = self._date(found, plan, "CPPstartDate")
            ended = self._date(found, plan, "CPPendDate")
            category = self._code(
                found, plan, "InitialCategoryOfAbuse", dfe.CATEGORY_OF_ABUSE, "category of abuse"
            )
            if _text(plan, "LatestCategoryOfAbuse"):
                self._code(
                    found,
                    plan,
                    "LatestCategoryOfAbuse",
                    dfe.CATEGORY_OF_ABUSE,
                    "category of abuse",
                )
            previous = _text(plan, "NumberOfPreviousCPP")
            if previous and not previous.isdigit():
                found.doubtful("NumberOfPreviousCPP", f"'{previous}' is not a number; left out")
                previous = ""
            # The census's own count of earlier plans, which may predate every referral in it.
            if previous and int(previous):
                category = f"{category}; {int(previous)} before".lstrip("; ")
            self._event(
                found, child_id, Kind.PLAN, PlanType.CP, started, ended, category, "CPPendDate"
            )
            self.counts["cp_plans"] += started is not None
            for review in plan.iter("CPPreviewDate"):
                held_on, reason = dfe.read_return_date(review.text, iso=True)
                if reason:
                    found.doubtful("CPPreviewDate", f"{reason}; it was left out")
                    continue
                self._event(
                    found, child_id, Kind.RCPC, PlanType.CP, held_on, None, "", "CPPreviewDate"
                )
                self.counts["cp_reviews"] += held_on is not None
