"""Every form a signed-in person fills in, driven by Hypothesis with plausible and hostile values.

What it is for: whatever is typed, tampered with or left out (huge numbers, NUL bytes, 1 MB of
text, dates that are no dates, the ids of other people's records, several values for one field,
files of random bytes), the portal answers a person, never with a 500, and never saves half of
what was sent. Each form of FORMS is opened by the person it is for, as a browser would: the page
is read, its hidden inputs (the CSRF token, the signed `record_version` of an edit, which refuses a
stale save) are sent as it gives them, and Hypothesis chooses the visible fields. Each example
runs in a transaction rolled back after it, so that examples are independent; the records are
built once per form.

- An answer that shows the form again (200) changed no row of any table (history included).
- An answer that sends elsewhere (302, saved) saved whole: every row it added, changed or removed
  has its history, and a save it announced wrote the history of the form's record.

`HYPOTHESIS_PROFILE=ci` runs more examples of each form. Hypothesis keeps the examples it found
under .hypothesis/ (ignored by git), and tries them first next time.
"""

import csv
import inspect
import io
import logging
import os
import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import hypothesis
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, event, given
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from pypdf import PdfWriter
from simple_history.utils import get_history_model_for_model

from audits.actions import invite_agency, submit_audit
from audits.models import (
    SCRUTINY_RECORD,
    AgencyContribution,
    Audit,
    AuditStatus,
    AuditTheme,
    AuditTool,
    AuditType,
    Scrutiny,
)
from audits.tests.factories import (
    THEME_QUESTIONS,
    AuditFactory,
    allowed_to_set_themes,
    answer_every_question,
    moderators,
    partner,
    theme_with_questions,
)
from cases.models import Case
from cases.tests.factories import CaseFactory
from complaints import actions as complaint_actions
from complaints.models import Complaint, Stage
from complaints.tests.factories import make_complaint
from learning.models import Action, LearningTheme
from learning.tests.factories import ActionFactory
from observations.models import Observation
from observations.tests.factories import ObservationFactory
from participation.models import Feedback, Meeting
from participation.tests.factories import FeedbackFactory, MeetingFactory
from people.models import StaffMember
from people.tests.factories import PASSWORD, RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from reports import board_actions
from reports.board_kinds import QA_LEAD, QUARTERLY
from reports.models import BoardReport, MeasureValue, ScorecardReview
from reports.scope import ReportPeriod
from reports.tests.factories import MeasureFactory, make_value, scorecard_responsibility
from reports.tests.test_board_actions import files_in_tmp
from schedule.models import Duty
from schedule.tests.factories import DutyFactory, ResponsibilityFactory
from standards.models import Standard
from standards.tests.factories import StandardFactory
from supervision.models import PDR, SupervisionSession
from supervision.tests.factories import PDRFactory, SessionFactory, shared_audit

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# A Monday after the first quarter of 2026/27: a quarterly board report on it may be started.
DAY = date(2026, 7, 20)

# 20 examples a form (1,060 a run): under a minute for the file on SQLite (2 cores).
# HYPOTHESIS_PROFILE=ci: 100 a form, about 3 minutes on PostgreSQL (200 a form would take 7).
hypothesis.settings.register_profile(
    "forms",
    max_examples=20,
    deadline=None,  # a page with a 1 MB answer takes its time
    database=DirectoryBasedExampleDatabase(ROOT / ".hypothesis" / "examples"),
    # The records are built once per form (function-scoped fixtures), not once per example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis.settings.register_profile("ci", parent=hypothesis.settings.get_profile("forms"), max_examples=100)
PROFILE = hypothesis.settings.get_profile("ci" if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else "forms")


# The records the forms are about.


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


class World:
    """The cast, records of someone else's out of their sight, and whatever a form is about, made
    with the project's factories the first time a form asks for it."""

    def __init__(self, cast):
        self.cast = cast
        # Another service's records, whose ids a tampered form may name.
        elsewhere = cast.outsider.line_manager
        CaseFactory(reference="CR-99001", case_holder=cast.outsider)
        AuditFactory(auditor=elsewhere, case_holder=cast.outsider, case_reference="CR-99001", audited_on=DAY)
        ObservationFactory(observer=elsewhere, practitioner=cast.outsider, observed_on=DAY)
        ActionFactory(owner=cast.outsider, raised_by=elsewhere)
        LearningTheme.objects.create(name="A retired theme", active=False)
        CaseFactory(reference="CR-10001", case_holder=cast.practitioner)  # one the team leader may audit

    def user(self, who: str | None):
        """The user of `who`: a person of the cast, or of this world (the head with their roles)."""
        if who is None:
            return None
        person = getattr(self, who) if hasattr(type(self), who) else getattr(self.cast, who)
        return getattr(person, "user", person)

    # People beyond the cast.

    @cached_property
    def monitoring(self):
        return moderators()[0]

    @cached_property
    def director(self):
        director = StaffMemberFactory(user=UserFactory(username="director"), name="Dana Director")
        self.cast.head.line_manager = director  # above the head of service, who sees their audits
        self.cast.head.save()
        role = RoleFactory(name="Director of Children's Services")
        RoleAssignmentFactory(staff=director, role=role)
        ResponsibilityFactory(role=role, task="Scrutinise one audit", frequency="quarterly", record=SCRUTINY_RECORD)
        return director

    @cached_property
    def programme(self):
        return allowed_to_set_themes(StaffMemberFactory(user=UserFactory(username="programme")))

    @cached_property
    def administrator(self):
        return UserFactory(username="administrator", is_staff=True, is_superuser=True)

    @cached_property
    def police_officer(self):
        return partner("police_officer", "Police")

    @cached_property
    def head(self):
        """The head of service, who also leads quality assurance and may add to every list."""
        head = self.cast.head
        RoleAssignmentFactory(staff=head, role=RoleFactory(name=QA_LEAD), service=self.cast.service)
        head.user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label__in=["standards", "cases"], codename__startswith="add_"),
            *Permission.objects.filter(codename__in=["add_survey", "add_staffmember", "change_staffmember"]),
        )
        return head

    @cached_property
    def authenticator(self):
        """The head's authenticator app, and one recovery code: its code."""
        TOTPDevice.objects.create(user=self.head.user, name="Authenticator app", confirmed=True)
        device = StaticDevice.objects.create(user=self.head.user, name="Recovery codes", confirmed=True)
        return device.token_set.create(token="recover1").token

    # Audits.

    @cached_property
    def draft_audit(self):
        return AuditFactory(auditor=self.cast.team_leader, case_holder=self.cast.practitioner, audited_on=DAY)

    @cached_property
    def theme(self):
        return theme_with_questions()

    @cached_property
    def multi_agency(self):
        exploitation = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Exploitation", set_by="MESC")
        partner("school_nurse", "Health", "health")  # an agency still to invite
        return AuditFactory(
            audit_type=AuditType.MULTI_AGENCY,
            theme=exploitation,
            auditor=self.cast.team_leader,
            tool=AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=exploitation),
            case_holder=self.cast.practitioner,
            status=AuditStatus.SUBMITTED,
            overall_grade="good",
        )

    @cached_property
    def part(self):
        return invite_agency(
            self.multi_agency,
            acting_user=self.cast.team_leader.user,
            agency=self.police_officer.agency,
            contributor=self.police_officer,
        )

    @cached_property
    def awaiting_moderation(self):
        self.monitoring  # noqa: B018  (the moderator, who is no auditor of it)
        audit = AuditFactory(
            auditor=self.cast.team_leader,
            case_holder=self.cast.practitioner,
            overall_grade="good",
            moderation_requested=True,
            audited_on=DAY,
        )
        answer_every_question(audit)
        submit_audit(audit, acting_user=self.cast.team_leader.user)
        return audit

    @cached_property
    def submitted_audit(self):
        self.director  # noqa: B018  (who owes its scrutiny)
        return AuditFactory(
            auditor=self.cast.team_leader,
            case_holder=self.cast.practitioner,
            overall_grade="good",
            status=AuditStatus.SUBMITTED,
            audited_on=DAY,
        )

    @cached_property
    def shared_audit(self):
        return shared_audit(self.cast.team_leader, self.cast.practitioner, DAY - timedelta(days=2))

    # Everything else.

    @cached_property
    def observation(self):
        return ObservationFactory(
            observer=self.cast.team_leader, practitioner=self.cast.practitioner, observed_on=DAY - timedelta(days=5)
        )

    @cached_property
    def session(self):
        return SessionFactory(supervisor=self.cast.team_leader, supervisee=self.cast.practitioner)

    @cached_property
    def pdr(self):
        return PDRFactory(appraiser=self.cast.team_leader, appraisee=self.cast.practitioner)

    @cached_property
    def meeting(self):
        return MeetingFactory(recorded_by=self.cast.team_leader, attendees=[self.cast.team_leader])

    @cached_property
    def feedback(self):
        return FeedbackFactory(meeting=self.meeting, owner=self.cast.practitioner)

    @cached_property
    def complaint(self):
        return make_complaint(handler=self.cast.team_leader, received_on=DAY - timedelta(days=20))

    @cached_property
    def answered_complaint(self):
        complaint = make_complaint(handler=self.cast.team_leader, received_on=DAY - timedelta(days=30))
        complaint_actions.record_response(
            complaint, acting_user=self.cast.team_leader.user, responded_on=DAY - timedelta(days=20), outcome="upheld"
        )
        return complaint

    @cached_property
    def action(self):
        return ActionFactory(owner=self.cast.practitioner, raised_by=self.cast.team_leader)

    @cached_property
    def standard(self):
        return StandardFactory(owner=self.cast.team_leader)

    @cached_property
    def standard_with_file(self):
        standard = StandardFactory(owner=self.head, link="")
        standard.document.save("guide.pdf", ContentFile(PDF))
        return standard

    @cached_property
    def duty(self):
        return DutyFactory(owner=self.cast.practitioner, day=DAY)

    @cached_property
    def board_report(self):
        return board_actions.start_report(
            QUARTERLY, ReportPeriod.parse("quarter-2026-04"), service=self.cast.service, acting_user=self.head.user
        )

    @cached_property
    def measure(self):
        scorecard_responsibility(self.cast.head_role)  # the head reviews the scorecard each week
        MeasureFactory(name="Visits on time", owner=self.head, frequency="quarterly")
        return MeasureFactory(name="Assessments on time", owner=self.head)

    @cached_property
    def missed_value(self):
        return make_value(self.measure, date(2026, 6, 1), 71, service=self.cast.service)


# Every form: its URL name, who fills it in (a person of the cast or of World; None: nobody signed
# in) and the ids it is about (the URL's, from World; `query` is formatted with it too, and `needs`
# builds what the page offers). `page` names the page that holds the form when that is not the
# form's own address; `record` is the model whose history a save writes (none for an upload: it
# queues an import run, core.imports, that Celery loads after the commit). `keeps_typed`: a form
# that keeps what was typed on an error (an audit's answers, saved as a draft), so that a 200 may
# save too, whole.


@dataclass(frozen=True)
class Form:
    name: str
    who: str | None
    ids: Callable = lambda w: {}
    query: str = ""
    page: str | None = None
    record: type | None = None
    keeps_typed: bool = False
    needs: str = ""  # what the page offers, to build before it is read (World attributes)
    file: tuple[str, str] | None = None  # a file the form accepts: its name and what it holds
    method: str = "post"
    label: str = ""  # the test's id, when the URL name and query are not enough
    counts: tuple = ()  # apps whose rows the form adds whatever the answer, by design
    two_factor: bool = False  # whether its person is asked for a second factor

    def __str__(self):
        return self.label or f"{self.name}{'?' + self.query if self.query else ''}"


CASE_LIST = "case_reference,case_holder,opened_on\nCR-30001,{w.cast.practitioner.staff_number},2026-01-05\n"
SURVEY = "question,answer,count\nDo you feel safe?,Yes,12\nDo you feel safe?,No,1\n"
STAFF = "staff_number,name,job_title,team,started_on\nS90001,Typed Person,Social Worker,Team A,2026-01-05\n"
SCORECARD = "measure,period,team,service,value\n{w.measure.name},2026-06,,{w.cast.service.name},93\n"

FORMS = [
    Form("login", None, counts=("axes",)),  # django-axes counts each refused sign-in, to lock out guessing
    Form("people:two_factor_set_up", "head", two_factor=True),
    Form("people:two_factor_code", "head", needs="authenticator", two_factor=True),
    Form("audits:new", "team_leader", query="type=case_file", record=Audit),
    Form("audits:new", "team_leader", query="type=themed", needs="theme", record=Audit),
    Form("audits:details", "team_leader", lambda w: {"pk": w.draft_audit.pk}, record=Audit),
    Form("audits:edit", "team_leader", lambda w: {"pk": w.draft_audit.pk}, keeps_typed=True),
    Form("audits:theme_new", "programme", record=AuditTheme),
    Form("audits:theme_edit", "programme", lambda w: {"pk": w.theme.pk}, record=AuditTheme),
    Form("audits:tool_new", "administrator", lambda w: {"audit_type": "case_file"}),
    Form("audits:tool_edit", "administrator", lambda w: {"key": "case_file"}),
    Form("cases:sample", "team_leader", method="get"),
    Form(
        "audits:invite",
        "team_leader",
        lambda w: {"pk": w.multi_agency.pk},
        page="audits:detail",
        record=AgencyContribution,
    ),
    Form(
        "audits:contribution",
        "police_officer",
        lambda w: {"pk": w.multi_agency.pk, "contribution_pk": w.part.pk},
        record=AgencyContribution,
    ),
    Form("audits:moderate", "monitoring", lambda w: {"pk": w.awaiting_moderation.pk}, record=Audit),
    Form(
        "audits:scrutinise", "director", lambda w: {"pk": w.submitted_audit.pk}, page="audits:detail", record=Scrutiny
    ),
    Form("audits:acknowledge", "practitioner", lambda w: {"pk": w.shared_audit.pk}, page="audits:detail", record=Audit),
    Form("observations:new", "team_leader", record=Observation),
    Form("observations:edit", "team_leader", lambda w: {"pk": w.observation.pk}, record=Observation),
    Form("observations:feedback", "team_leader", lambda w: {"pk": w.observation.pk}, record=Observation),
    Form("supervision:new", "team_leader", query="supervisee={w.cast.practitioner.pk}", record=SupervisionSession),
    Form("supervision:edit", "team_leader", lambda w: {"pk": w.session.pk}, record=SupervisionSession),
    Form("supervision:pdr_new", "team_leader", query="appraisee={w.cast.practitioner.pk}", record=PDR),
    Form("supervision:pdr_edit", "team_leader", lambda w: {"pk": w.pdr.pk}, record=PDR),
    Form("participation:new_meeting", "team_leader", query="kind=team_meeting", record=Meeting),
    Form("participation:edit_meeting", "team_leader", lambda w: {"pk": w.meeting.pk}, record=Meeting),
    Form("participation:new_feedback", "team_leader", lambda w: {"pk": w.meeting.pk}, record=Feedback),
    Form("participation:edit_feedback", "team_leader", lambda w: {"pk": w.feedback.pk}, record=Feedback),
    Form("participation:upload_survey", "head", file=("survey.csv", SURVEY)),
    Form("complaints:new", "team_leader", record=Complaint),
    Form("complaints:edit", "team_leader", lambda w: {"pk": w.complaint.pk}, record=Complaint),
    Form("complaints:respond", "team_leader", lambda w: {"pk": w.complaint.pk}, record=Stage),
    Form("complaints:extend", "team_leader", lambda w: {"pk": w.complaint.pk}, record=Stage),
    Form("complaints:escalate", "team_leader", lambda w: {"pk": w.answered_complaint.pk}, record=Stage),
    Form("complaints:close", "team_leader", lambda w: {"pk": w.complaint.pk}, record=Complaint),
    Form("learning:new_action", "head", record=Action),
    Form("learning:edit_action", "team_leader", lambda w: {"pk": w.action.pk}, record=Action),
    Form("learning:update_action", "practitioner", lambda w: {"pk": w.action.pk}, record=Action),
    Form("standards:new", "head", record=Standard, file=("standard.pdf", "")),
    Form("standards:edit", "team_leader", lambda w: {"pk": w.standard.pk}, record=Standard, file=("standard.pdf", "")),
    Form(
        "standards:edit",
        "head",
        lambda w: {"pk": w.standard_with_file.pk},
        record=Standard,
        file=("standard.pdf", ""),
        label="standards:edit, with its file",
    ),
    Form("standards:review", "team_leader", lambda w: {"pk": w.standard.pk}, record=Standard),
    Form("schedule:duty_mark_done", "practitioner", lambda w: {"pk": w.duty.pk}, record=Duty),
    Form("schedule:duty_waive", "team_leader", lambda w: {"pk": w.duty.pk}, record=Duty),
    Form("reminders:calendar", "practitioner", record=StaffMember),
    Form("reports:board_start", "head", record=BoardReport),
    Form("reports:board_report", "head", lambda w: {"pk": w.board_report.pk}, record=BoardReport),
    Form("reports:scorecard_value_new", "head", needs="measure", record=MeasureValue),
    Form("reports:scorecard_explain", "head", lambda w: {"pk": w.missed_value.pk}, record=MeasureValue),
    Form("reports:scorecard_review", "head", needs="measure", record=ScorecardReview),
    Form("reports:scorecard_import", "head", needs="measure", file=("values.csv", SCORECARD)),
    Form("cases:upload", "head", file=("cases.csv", CASE_LIST)),
    Form("people:upload", "head", file=("staff.csv", STAFF)),
]


# Reading the form as a browser would.


class _Missing:
    def __repr__(self):
        return "MISSING"


MISSING = _Missing()  # a field not sent at all


class Long(str):
    """A long text, shown by its length rather than in full when an example is reported."""

    def __repr__(self):
        return f"Long({self[:8]!r}... {len(self):,} characters)"


class LongBytes(bytes):
    def __repr__(self):
        return f"LongBytes({self[:8]!r}... {len(self):,} bytes)"


@dataclass
class Field:
    """A field of the page's form as a browser sends it: `value` is what the page gives (a text,
    the checked or selected values, the three boxes of a date), `options` what it offers."""

    name: str
    kind: str  # hidden, text, date, choice, checks, file, buttons
    value: object = MISSING
    options: list = field(default_factory=list)
    parts: tuple = ()  # a date's three boxes


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (the form's attributes, its controls)
        self._controls = self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._controls = []
            self.forms.append((attrs, self._controls))
        elif self._controls is not None and tag in ("input", "button", "textarea", "select"):
            control = {**attrs, "tag": tag, "options": [], "text": ""}
            self._controls.append(control)
            self._open = control if tag in ("textarea", "select") else None
        elif tag == "option" and self._open is not None:
            self._open["options"].append(attrs)

    def handle_data(self, data):
        if self._open is not None and self._open["tag"] == "textarea":
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._controls = None
        elif tag in ("textarea", "select"):
            self._open = None


def form_fields(html: str, method: str, action: str, page: str) -> tuple[str, list[Field]]:
    """Where the page's form of this method that is sent to `action` goes (its query included), and
    its fields."""
    reader = _FormReader()
    reader.feed(html)
    found = [
        (urljoin(page, attrs.get("action", "")), controls)
        for attrs, controls in reader.forms
        if attrs.get("method", "get").lower() == method
        and urlsplit(urljoin(page, attrs.get("action", ""))).path == action
    ]
    assert len(found) == 1, f"{page} has {len(found)} {method} forms sent to {action}"
    target, controls = found[0]
    fields: dict[str, Field] = {}
    for control in controls:
        name, kind = control.get("name"), control.get("type", "text").lower()
        if not name:
            continue
        sent = "disabled" not in control  # a browser sends no disabled field
        if control["tag"] == "button" or kind in ("submit", "image"):
            buttons = fields.setdefault("", Field("", "buttons"))
            buttons.options.append((name, control.get("value", "")))
        elif kind == "hidden":
            fields[name] = Field(name, "hidden", control.get("value", ""))
        elif kind in ("radio", "checkbox"):
            group = fields.setdefault(
                name, Field(name, "choice" if kind == "radio" else "checks", MISSING if kind == "radio" else [])
            )
            group.options.append(control.get("value") or "on")
            if "checked" in control and sent:
                if kind == "radio":
                    group.value = group.options[-1]
                else:
                    group.value.append(group.options[-1])
        elif control["tag"] == "select":
            options = [option.get("value", "") for option in control["options"]]
            chosen = [option.get("value", "") for option in control["options"] if "selected" in option]
            if "multiple" in control:
                fields[name] = Field(name, "checks", chosen if sent else [], options)
            else:
                fields[name] = Field(name, "choice", (chosen or options or [""])[0] if sent else MISSING, options)
        elif kind == "file":
            fields[name] = Field(name, "file")
        else:
            text = control["text"].removeprefix("\n") if control["tag"] == "textarea" else control.get("value", "")
            fields[name] = Field(name, "text", text if sent else MISSING)
    return target, _dates_joined(list(fields.values()))


DATE_PART = re.compile(r"^(?P<date>.+?)(?:_[012]|-day|-month|-year)$")


def _dates_joined(fields: list[Field]) -> list[Field]:
    """The day, month and year boxes of a GOV.UK date input (`<name>_0/_1/_2` or `-day/-month/-year`)
    as one field, whose value is the three boxes'."""
    groups: dict[str, list[Field]] = {}
    for each in fields:
        if each.kind == "text" and (match := DATE_PART.match(each.name)):
            groups.setdefault(match["date"], []).append(each)
    joined, done = [], set()
    for each in fields:
        match = DATE_PART.match(each.name) if each.kind == "text" else None
        if match and len(groups[match["date"]]) == 3:
            if match["date"] not in done:
                done.add(match["date"])
                boxes = groups[match["date"]]
                joined.append(
                    Field(
                        match["date"], "date", tuple(box.value for box in boxes), parts=tuple(box.name for box in boxes)
                    )
                )
        else:
            joined.append(each)
    return joined


# What Hypothesis types in. Plausible values first (what the page gives, then what a person might
# choose or type), so that a failure shrinks towards a submission that is nearly right.

# fmt: off
HUGE = ["99999999999999999999", "-99999999999999999999", "1e309", "-1", "0", str(2**63), str(2**64), Long("9" * 5000)]
HOSTILE = [
    *HUGE, "\x00", "a\x00b", Long("x" * 1_000_000), Long("9" * 1_000_000), "", "   ", "\t\r\n",
    "31/02/2026", "2026-13-01", "9999-12-31", "0001-01-01", "9999-12", "yesterday",
    "<script>alert(1)</script>", "{{ 7|add:7 }}{% debug %}", "%(typed)s %s {0}", "' OR 1=1 --",
    "ünïcødé ✓ 𝔘𝔫𝔦 ﷽", "\u202egnp.exe", "²", "①", "٣٤", "NaN", "Infinity", "1.5", " 1 ", "1,2",
]
BAD_DATES = [
    ("31", "2", "2026"), ("29", "2", "2027"), ("1", "13", "2026"), ("0", "0", "0"), ("yesterday", "", ""),
    ("1", "1", "26"), ("1", "1", "0001"), ("1", "1", "10000"), ("31", "12", "9999"), ("1", "1", Long("9" * 5000)),
    ("1", "1", Long("9" * 1_000_000)), ("99999999999999999999",) * 3, ("-1", "-1", "-2026"), ("1e309", "1", "2026"),
    ("²", "٣", "٢٠٢٦"), (" 1", "1 ", " 2026 "), ("1.0", "1", "2026"), ("", "", ""), (MISSING, "7", "2026"),
]
# What a person types into a box the page leaves empty, by the field's name (else "Typed in a test").
TYPED = {
    "case_reference": ["CR-12345", "CR-10001"], "code": ["typed-code", "123456", "recover1"], "version": ["2.0"],
    "year": ["2026"], "link": ["https://intranet.example.gov.uk/typed"], "period": ["2026-06", "15/06/2026"],
    "value": ["87.5", "93"],
    "questions": [THEME_QUESTIONS.replace("Neglect", "Typed")], "text": [THEME_QUESTIONS.replace("Neglect", "Typed")],
    "username": ["team_leader", "practitioner", "nobody"], "password": [PASSWORD, "wrong password"],
}
BIG = LongBytes(b"0" * (10 * 2**20 + 1))  # beyond every upload's limit
FILE_NAMES = ["x.exe", "../../../etc/passwd", "a" * 300 + ".csv", "", "résumé ✓.csv", "x.CSV", ".csv", "a\x00.csv",
              "x.csv.exe", "x.pdf", "x.docx"]
# fmt: on


def plausible(each: Field, world, form: Form) -> st.SearchStrategy:
    """What a person leaves as the page gave it, or chooses, or types: an empty box is typed into
    (leaving it empty is among the hostile values), an empty date typed or left."""
    given = [] if each.value in (MISSING, "", ("", "", "")) else [each.value]
    if each.kind == "text":
        return st.sampled_from(list(dict.fromkeys([*given, *TYPED.get(each.name, ["Typed in a test"])])))
    if each.kind == "date":
        near, far = timedelta(days=30), timedelta(days=400)
        days = st.one_of(st.dates(DAY - near, DAY + near), st.dates(DAY - far, DAY + far))
        typed = days.map(lambda day: (str(day.day), str(day.month), str(day.year)))
        # A date the page leaves empty may be an optional one, left so.
        return st.one_of(st.just(given[0] if given else ("", "", "")), typed)
    if each.kind == "choice":
        return st.sampled_from(list(dict.fromkeys([*given, *each.options])) or [""])
    if each.kind == "checks":
        return st.one_of(st.just(each.value), st.lists(st.sampled_from(each.options), unique=True))
    if each.kind == "file":
        return st.one_of(st.builds(lambda: [Upload(form.file[0], good_file(world, form))]), st.just(MISSING))
    if each.kind == "buttons":
        return st.sampled_from(each.options)
    return st.just(each.value)


def hostile(each: Field, world, form: Form) -> st.SearchStrategy:
    texts = st.one_of(
        st.sampled_from(HOSTILE), st.sampled_from(world.foreign), st.text(st.characters(codec="utf-8"), max_size=80)
    )
    if each.kind == "date":
        box = st.one_of(st.sampled_from(HOSTILE + [MISSING]), st.text(st.characters(codec="utf-8"), max_size=8))
        any_day = st.dates().map(lambda day: (str(day.day), str(day.month), str(day.year)))  # the year 1 to 9999
        return st.one_of(st.sampled_from(BAD_DATES), any_day, st.tuples(box, box, box))
    if each.kind in ("choice", "checks"):
        # The option's own pattern (`team-12`) with someone else's id in it.
        foreign = [
            re.sub(r"\d+$", key, option)
            for option in each.options
            if re.search(r"\d$", option)
            for key in world.foreign
        ]
        values = st.one_of(st.sampled_from(foreign or [""]), texts)
        return (
            values if each.kind == "choice" else st.lists(st.one_of(st.sampled_from(each.options), values), max_size=4)
        )
    if each.kind == "file":
        good = good_file(world, form)
        contents = st.one_of(
            st.sampled_from(
                [b"", BIG, b"PK\x03\x04" + b"\x00" * 40, b"\xff\xfe\x00x", b"%PDF-1.4\n%%EOF\n", good[:20]]
            ),
            st.binary(max_size=512),
            csv_like(good, texts),
        )
        upload = st.builds(Upload, st.sampled_from([form.file[0], *FILE_NAMES]), contents)
        return st.lists(upload, min_size=1, max_size=2)
    if each.kind == "buttons":
        return st.just(each.options)  # every button at once
    return texts


class Upload(io.BytesIO):
    """A file as the test client uploads it: its name (any name, which Django's own file classes
    would refuse before it is sent) and what it holds."""

    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name

    def __repr__(self):
        return f"Upload({self.name[:40]!r}, {len(self.getvalue()):,} bytes)"


def good_file(world, form: Form) -> bytes:
    name, text = form.file
    return PDF if name.endswith(".pdf") else text.format(w=world).encode()


def csv_like(good: bytes, cells) -> st.SearchStrategy:
    """The good file's column names over rows of hostile cells."""
    header = good.decode("utf-8", "replace").splitlines()[0].split(",")
    rows = st.lists(st.lists(cells, min_size=len(header) - 1, max_size=len(header) + 1), min_size=1, max_size=3)

    def written(rows):
        out = io.StringIO()
        csv.writer(out).writerows([header, *rows])
        return out.getvalue().encode()

    return rows.map(written)


def values(each: Field, world, form: Form, tampered: bool) -> st.SearchStrategy:
    """Plausible values for a field left alone; for a tampered one, anything: hostile values,
    nothing at all, or several values where one is expected."""
    good = plausible(each, world, form)
    if not tampered:
        return good
    bad = hostile(each, world, form)
    if each.kind in ("date", "buttons", "file"):
        return st.one_of(good, bad, st.just(MISSING))
    return st.one_of(good, bad, st.just(MISSING), st.lists(st.one_of(good, bad), min_size=2, max_size=3))


def sent(fields: list[Field], chosen: dict) -> dict:
    """The request's data: each field's value, a date's in its three boxes, a button by its name."""
    data = {}
    for each in fields:
        value = chosen.get(each.name, each.value)
        if each.kind == "date":
            data.update(
                {part: box for part, box in zip(each.parts, value, strict=True) if box is not MISSING}
                if isinstance(value, tuple)
                else {}
            )
        elif each.kind == "buttons":
            pressed = value if isinstance(value, list) else [] if value is MISSING else [value]
            data.update(dict(pressed))
        elif value is not MISSING:
            data[each.name] = value
    return data


# What must hold of every answer.


def row_counts(models: list) -> dict:
    """Rows of every table (history and many-to-many tables too), in one query."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {i}, COUNT(*) FROM {quote(model._meta.db_table)}" for i, model in enumerate(models)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {models[i]: count for i, count in cursor.fetchall()}


def history_of(model):
    return get_history_model_for_model(model) if hasattr(model._meta, "simple_history_manager_attribute") else None


def check(form: Form, response, changed: dict) -> None:
    changed = {model: rows for model, rows in changed.items() if model._meta.app_label not in form.counts}
    status = response.status_code
    assert status in (200, 302, 400), f"answered {status}"
    if status == 302 or (status == 200 and form.keeps_typed):
        for model, rows in changed.items():
            history = history_of(model)
            assert history is None or changed.get(history, 0) >= abs(rows), (
                f"saved {rows:+} rows of {model.__name__} with {changed.get(history, 0)} of their history"
            )
        levels = {message.level for message in get_messages(response.wsgi_request)}
        if status == 302 and form.record and changed and levels <= {message_levels.SUCCESS}:
            history = history_of(form.record)
            assert changed.get(history, 0) > 0, f"saved {names(changed)}, but no history of {form.record.__name__}"
    else:
        assert not changed, f"answered {status}, and changed {names(changed)}"


def names(changed: dict) -> str:
    return ", ".join(f"{model.__name__} {rows:+}" for model, rows in changed.items())


# The test.


class Opened:
    """A form as its person opened it: their client and cookies, where it is sent and its fields.
    (Not a dataclass: Hypothesis would print every field of it with a failing example.)"""

    def __init__(self, form: Form, world: World, client: Client, target: str, fields: list[Field], models: list):
        self.form, self.world, self.client, self.cookies = form, world, client, deepcopy(client.cookies)
        self.target, self.fields, self.models = target, fields, models
        # Each example is rolled back, so every one starts from these rows.
        self.rows = row_counts(models)

    def __repr__(self):
        return f"<{self.form} as {self.form.who}: {', '.join(each.name for each in self.fields)}>"


@pytest.fixture
def opened(request, cast, clock, monkeypatch, tmp_path, settings) -> Opened:
    form = request.param
    clock.move_to(DAY)
    # A second factor is the business of its own two forms: the others are signed in with a password.
    settings.TWO_FACTOR_REQUIRED = form.two_factor
    # Uploaded documents and printed reports are kept in the test's own folder.
    monkeypatch.setattr(Standard._meta.get_field("document"), "storage", FileSystemStorage(location=tmp_path))
    next(files_in_tmp(monkeypatch, tmp_path))
    world = World(cast)
    for need in form.needs.split():
        getattr(world, need)
    ids = form.ids(world)
    client, user = Client(enforce_csrf_checks=True), world.user(form.who)
    if user is not None:
        client.force_login(user)
    query = form.query.format(w=world)
    page = reverse(form.page or form.name, kwargs=ids) + (f"?{query}" if query else "")
    response = client.get(page)
    assert response.status_code == 200, f"{form.who} opened {page}: {response.status_code}"
    target, fields = form_fields(response.content.decode(), form.method, reverse(form.name, kwargs=ids), page)
    models = apps.get_models(include_auto_created=True)
    # The ids of every record of the portal's own apps, others' included, and the cases' references.
    ours = {config.label for config in apps.get_app_configs() if config.path == str(ROOT / config.name)}
    records = [model for model in models if model._meta.app_label in ours and history_of(model) is not None]
    world.foreign = sorted({str(pk) for model in records for pk in model._base_manager.values_list("pk", flat=True)})
    world.foreign += list(Case.objects.values_list("reference", flat=True))
    return Opened(form, world, client, target, fields, models)


@pytest.mark.parametrize("opened", FORMS, indirect=True, ids=str)
@PROFILE
@given(data=st.data())
def test_a_form_never_fails_and_never_saves_half(opened, data):
    """Some fields as a person fills them in, the others (`tampered`) anything at all."""
    form, world = opened.form, opened.world
    shown = [each for each in opened.fields if each.kind != "hidden"]  # hidden inputs go as the page gave them
    tampered = data.draw(
        st.sets(st.sampled_from([each.name for each in shown])) if shown else st.just(set()), label="tampered"
    )
    chosen = {
        each.name: data.draw(values(each, world, form, each.name in tampered), label=each.name or "button")
        for each in shown
    }
    request = sent(opened.fields, chosen)
    client = opened.client
    client.cookies = deepcopy(opened.cookies)  # a sign-in or a message of an example before is not this one's
    # Django logs a refused or failed request with the request itself, which pytest keeps with the
    # record: megabytes an example, replayed hundreds of times while Hypothesis shrinks a failure.
    # The test client raises a failure anyway.
    was = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        with transaction.atomic():
            if form.method == "post":
                response = client.post(opened.target, request)
            else:
                response = client.get(urlsplit(opened.target).path, request)
            after = row_counts(opened.models)
            transaction.set_rollback(True)
    finally:
        logging.disable(was)
    event(f"answered {response.status_code}")  # with --hypothesis-show-statistics: how many saved
    check(form, response, {model: after[model] - rows for model, rows in opened.rows.items() if after[model] != rows})


# Every form of the URL conf is in the table.

# Addresses posted to by a button alone: there is nothing to type.
BUTTONS = {
    "logout",
    "audits:delete",
    "audits:share",
    "reminders:reset_calendar",
    "reports:board_generate",
    "reports:board_finalise",
    "reports:board_correct",
}


def url_names(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from url_names(pattern, prefix + (f"{pattern.namespace}:" if pattern.namespace else ""))
        elif pattern.name:
            yield prefix + pattern.name, pattern.callback


def test_the_table_names_every_form_of_the_url_conf():
    """Every view of the URL conf that reads what is posted has its form in FORMS (or is a button),
    and FORMS names nothing the URL conf has not."""
    views = dict(url_names())
    posted = {
        name
        for name, view in views.items()
        if re.search(r"request\.POST|require_POST|\"POST\"", inspect.getsource(inspect.unwrap(view)))
    }
    tabled = {form.name for form in FORMS}
    assert tabled <= set(views), f"not in the URL conf: {tabled - set(views)}"
    assert posted <= tabled | BUTTONS, f"forms not in the table: {posted - tabled - BUTTONS}"
