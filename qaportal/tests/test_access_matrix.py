"""Who may open what: every address of the portal, asked by each of a fixed cast, GET and POST.

The addresses are read from the URL conf, so a page added without a row in the table below fails
`test_every_address_of_the_portal_has_a_row`, and so does a row whose page has gone. Each address
with an id is asked about a real record owned by someone else: a team leader and a social worker
in another service (Looked After Children), whom the front line and the managers of Assessment &
Intervention cannot see, and whom those over the whole organisation can.

The cast is the demo council's (people.demo), with the roles of the shipped responsibilities
table: a practitioner and an NQSW in Assessment Team 1, their team leader, the service leader over
Assessment Teams 1 and 2, the head of service of Assessment & Intervention, the deputy director,
the Head of Safeguarding Monitoring (the QA lead, with her permissions as in the demo), the
director, a police officer of a partner agency, the administrator, and nobody signed in.

The table says what each should get, as the access rules mean it (people.access, each view's
checks, qaportal.partners): 404 for a record out of sight (and for a partner, every page not on
their allow-list), 403 for a page or record one sees but may not act on, 405 for a method a view
does not take, 302 for a change made (or refused with a message), "302 sign-in" for being sent to
sign in. An empty POST to a form one may use shows the form again: 200. Never 500. And whatever
the answer, no page shows the other service's worker or their case to someone who cannot see that
service (KEPT_OUT): that would be a leak, reported beside the answer.

The records are made once for the module, in a transaction rolled back at the end, and each
request runs in a savepoint rolled back after it, so no request sees what another changed.
"""

import sys
import traceback
from dataclasses import dataclass
from datetime import date, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from audits.models import AgencyContribution, AuditStatus, AuditTool, AuditType
from audits.tests.factories import AuditFactory, theme_with_questions
from cases.tests.factories import CaseFactory
from complaints.tests.factories import make_complaint
from conftest import Clock
from core.models import ImportRun, ImportStatus
from learning.models import Level
from learning.plans import raise_action
from observations.tests.factories import ObservationFactory
from participation.surveys import RUN_KIND as SURVEY_RUN
from participation.tests.factories import FeedbackFactory, MeetingFactory, SurveyFactory, SurveyResultFactory
from people.demo import MANAGERIAL_ROLES
from people.models import Agency, Role, Service, Team
from people.tests.factories import RoleAssignmentFactory, StaffMemberFactory, UserFactory
from qaportal import health
from reminders.models import CalendarFeed
from reports import board_actions
from reports.board_kinds import QA_LEAD, QUARTERLY
from reports.models import BoardReportVersion, VersionState, board_storage
from reports.scope import ReportPeriod
from reports.tests.factories import MeasureFactory, make_value
from schedule.importing import DEFAULT_TABLE, import_responsibilities
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from standards.models import Standard
from standards.tests.factories import StandardFactory
from supervision.tests.factories import PDRFactory, SessionFactory

TODAY = date(2026, 4, 15)  # a Wednesday in the first month of the 2026/27 financial year

# The cast, in the order the table gives their answers.
ROLES = tuple(
    "anonymous practitioner nqsw team_leader service_leader head_of_service deputy_director qa_lead director "
    "partner admin".split()
)
GROUPS = {
    "front_line": ("practitioner", "nqsw"),
    # Managers within Assessment & Intervention: they see their own people, not the other service.
    "managers": ("team_leader", "service_leader", "head_of_service"),
    # Those whose roles are held over the whole organisation: they see everyone.
    "whole_organisation": ("deputy_director", "qa_lead", "director"),
}
GROUPS["council_staff"] = GROUPS["front_line"] + GROUPS["managers"] + GROUPS["whole_organisation"]
# Those who may never read about the other service's worker and their case, on any page.
KEPT_OUT = ("anonymous", *GROUPS["front_line"], *GROUPS["managers"], "partner")

SIGN_IN = "302 sign-in"  # sent to the sign-in page


def answers(default, *, anonymous=SIGN_IN, partner=404, **named) -> dict:
    """Each role's answer: `default`, except where a group or a role is named (a role wins over
    its group). Nobody signed in is sent to sign in, and a partner's person gets 404 from the
    allow-list (qaportal.partners), unless they are named."""
    by_role = dict.fromkeys(ROLES, default) | {"anonymous": anonymous, "partner": partner}
    for group, answer in named.items():
        if group in GROUPS:
            by_role |= dict.fromkeys(GROUPS[group], answer)
    by_role |= {role: answer for role, answer in named.items() if role in ROLES}
    unknown = set(named) - set(GROUPS) - set(ROLES)
    assert not unknown, f"no such role or group: {unknown}"
    return by_role


def both(answer) -> tuple[dict, dict]:
    """The same answers to GET and to POST (a view that takes either)."""
    return answer, answer


# What the table's rows are made of.
EVERYONE = answers(200)  # every signed-in member of staff, and the administrator
STAFF_RECORD_NEEDED = answers(200, admin=403)  # a page about one's own work: the administrator has no staff record
OVERSEERS = answers(200, front_line=403)  # for those who oversee someone's work, and the administrator
OVERSEERS_ON_STAFF = answers(200, front_line=403, admin=403)
QA_LEAD_AND_ADMIN = answers(403, qa_lead=200, admin=200)  # by a permission the QA lead holds (as in the demo)
ADMIN_ONLY = answers(403, admin=200)
# Another service's record: seen by those over the whole organisation and the administrator.
OUT_OF_SIGHT = answers(404, whole_organisation=200, admin=200)
# Another service's record, and only the person it belongs to acts on it.
NOT_THEIRS = answers(404, whole_organisation=403, admin=403)
# Only the record's people act on it; a manager up its owner's line may too.
UP_THE_LINE = answers(404, deputy_director=200, director=200, qa_lead=403, admin=403)
POST_ONLY = answers(405)  # GET on a view that takes POST only (refused before the record is looked up)

TABLE = {
    # Signing in and out, and the load balancer's check.
    "login": (
        answers(302, anonymous=200, partner=302),  # someone signed in already goes to My duties
        answers(302, anonymous=200, partner=302),  # nobody signed in: the empty form shows its errors
    ),
    "logout": (answers(405, partner=405), answers(SIGN_IN, partner=SIGN_IN)),
    "health": (answers(200, anonymous=200, partner=200), answers(405, anonymous=405, partner=405)),
    "more": both(EVERYONE),
    # Audits.
    "audits:list": both(answers(200, partner=200)),
    "audits:new": both(STAFF_RECORD_NEEDED),
    "audits:month": both(OVERSEERS),
    "audits:moderation": both(QA_LEAD_AND_ADMIN),
    "audits:scrutiny": both(answers(403, director=200)),  # who owes R12
    "audits:detail": both(OUT_OF_SIGHT),
    "audits:details": both(NOT_THEIRS),
    "audits:delete": both(NOT_THEIRS),
    "audits:edit": both(NOT_THEIRS),
    # A manager up the case-holder's line may share it: awaiting moderation, it is not shared yet.
    "audits:share": (POST_ONLY, answers(404, deputy_director=302, director=302, qa_lead=403, admin=403)),
    "audits:acknowledge": (POST_ONLY, NOT_THEIRS),
    "audits:moderate": both(answers(404, whole_organisation=403, qa_lead=200, admin=403)),
    "audits:scrutinise": (POST_ONLY, answers(404, whole_organisation=403, director=200, admin=403)),
    "audits:invite": (POST_ONLY, NOT_THEIRS),
    "audits:contribution": both(NOT_THEIRS),  # the health visitor's part, not the police officer's
    "audits:themes": both(EVERYONE),
    "audits:theme_new": both(QA_LEAD_AND_ADMIN),
    "audits:theme": both(EVERYONE),
    "audits:theme_edit": both(QA_LEAD_AND_ADMIN),
    "audits:tools": both(EVERYONE),
    "audits:tool_new": both(ADMIN_ONLY),
    "audits:tool_edit": both(ADMIN_ONLY),
    # Actions and action plans.
    "learning:action_list": both(EVERYONE),
    "learning:new_action": both(OVERSEERS_ON_STAFF),
    "learning:action_detail": both(OUT_OF_SIGHT),
    "learning:edit_action": both(UP_THE_LINE),
    "learning:update_action": both(NOT_THEIRS),
    "learning:plan_list": both(EVERYONE),
    "learning:plan_detail": both(OUT_OF_SIGHT),
    # Cases.
    "cases:list": both(EVERYONE),
    "cases:detail": both(OUT_OF_SIGHT),
    "cases:upload": both(QA_LEAD_AND_ADMIN),
    "cases:sample": both(STAFF_RECORD_NEEDED),
    # Observations of practice.
    "observations:list": both(EVERYONE),
    "observations:new": both(STAFF_RECORD_NEEDED),
    "observations:detail": both(OUT_OF_SIGHT),
    "observations:edit": both(NOT_THEIRS),
    "observations:feedback": both(NOT_THEIRS),
    # Supervision and PDRs.
    "supervision:list": both(EVERYONE),
    "supervision:new": both(STAFF_RECORD_NEEDED),
    "supervision:detail": both(OUT_OF_SIGHT),
    "supervision:edit": both(NOT_THEIRS),
    "supervision:pdr_list": both(EVERYONE),
    "supervision:pdr_new": both(STAFF_RECORD_NEEDED),
    "supervision:pdr_detail": both(OUT_OF_SIGHT),
    "supervision:pdr_edit": both(NOT_THEIRS),
    # Participation.
    "participation:meeting_list": both(EVERYONE),
    "participation:new_meeting": both(STAFF_RECORD_NEEDED),
    "participation:meeting_detail": both(OUT_OF_SIGHT),
    "participation:edit_meeting": both(NOT_THEIRS),
    "participation:new_feedback": both(NOT_THEIRS),
    "participation:edit_feedback": both(NOT_THEIRS),
    "participation:responses": both(EVERYONE),
    "participation:survey_list": both(EVERYONE),
    "participation:upload_survey": both(answers(403, qa_lead=200)),  # who owes R79
    "participation:survey_detail": both(EVERYONE),  # aggregated answers: every member of staff's
    # Complaints.
    "complaints:list": both(EVERYONE),
    "complaints:new": both(OVERSEERS_ON_STAFF),
    "complaints:monitoring": both(OVERSEERS),
    "complaints:annual": both(OVERSEERS),
    "complaints:detail": both(OUT_OF_SIGHT),
    "complaints:edit": both(NOT_THEIRS),
    "complaints:respond": both(NOT_THEIRS),
    "complaints:extend": both(NOT_THEIRS),
    "complaints:escalate": both(NOT_THEIRS),
    "complaints:close": both(NOT_THEIRS),
    # The library: not secret, so every member of staff reads another's standard.
    "standards:list": both(EVERYONE),
    "standards:new": both(QA_LEAD_AND_ADMIN),
    "standards:detail": both(EVERYONE),
    "standards:edit": both(QA_LEAD_AND_ADMIN),
    "standards:review": both(QA_LEAD_AND_ADMIN),
    "standards:download": both(EVERYONE),
    # Reminders: the log, one's leave and calendar, and the calendar's secret address.
    "reminders:log": both(QA_LEAD_AND_ADMIN),
    "reminders:calendar": both(STAFF_RECORD_NEEDED),
    "reminders:reset_calendar": (POST_ONLY, answers(302, admin=403)),
    "reminders:feed": (answers(200, anonymous=200), answers(405, anonymous=405)),  # see ANYONE_WITH_THE_ADDRESS
    "people:search": (EVERYONE, POST_ONLY),
    "people:upload": both(ADMIN_ONLY),  # the staff list: who may add and change staff (the admin's permissions)
    # The timeout warning's questions: one's own session, for anyone signed in.
    "people:session_left": (answers(200, partner=200), answers(405, partner=405)),
    "people:stay_signed_in": (answers(204, partner=204), answers(405, partner=405)),
    # Two-factor sign-in: off in this cast (conftest), so each page sends a person on to their duties.
    "people:two_factor_set_up": both(answers(302, partner=302)),
    "people:two_factor_code": both(answers(302, partner=302)),
    # Single sign-on is not configured here: its two addresses are not there at all.
    "council_sign_in": (answers(404, anonymous=404), answers(405, anonymous=405)),
    "council_sign_in_callback": (answers(404, anonymous=404), answers(405, anonymous=405)),
    # Reports, the scorecard and the board reports.
    "reports:dashboard": both(EVERYONE),
    "reports:rows": both(EVERYONE),
    "reports:scorecard": both(EVERYONE),
    "reports:scorecard_review": both(answers(403, head_of_service=200, deputy_director=200)),  # R35, R27
    "reports:scorecard_import": both(QA_LEAD_AND_ADMIN),
    "reports:scorecard_value_new": both(QA_LEAD_AND_ADMIN),
    # The other service's missed target: its measure's owner explains it, or the QA lead for them.
    "reports:scorecard_explain": both(answers(404, whole_organisation=403, qa_lead=200, admin=200)),
    "reports:measure": both(answers(200, front_line=404)),  # a measure is seen by whoever sees any value
    "reports:board_reports": both(EVERYONE),
    "reports:board_start": both(answers(403, qa_lead=200)),  # the QA lead's role writes them
    "reports:board_report": (OUT_OF_SIGHT, NOT_THEIRS),
    "reports:board_generate": (POST_ONLY, NOT_THEIRS),
    "reports:board_progress": both(OUT_OF_SIGHT),
    "reports:board_finalise": both(NOT_THEIRS),
    # The QA lead may correct a report, but only a final one: this draft is refused with a message.
    "reports:board_correct": (POST_ONLY, answers(404, whole_organisation=403, qa_lead=302, admin=403)),
    "reports:board_download": both(OUT_OF_SIGHT),
    # A file's import run: its uploader's (the other head of service's) and the administrator's.
    "imports:run": both(answers(404, admin=200)),
    "imports:progress": both(answers(404, admin=200)),
    # The schedule.
    "schedule:my_duties": both(answers(200, partner=200)),
    "schedule:my_team": both(EVERYONE),
    "schedule:framework": both(EVERYONE),
    "schedule:role_detail": both(EVERYONE),
    "schedule:duty_detail": both(OUT_OF_SIGHT),
    "schedule:duty_group": both(answers(404)),  # one's own duties of that row: nobody in the cast owes them
    "schedule:duty_mark_done": both(NOT_THEIRS),
    "schedule:duty_waive": both(UP_THE_LINE),
}


# The calendar's secret address is its key: a calendar cannot sign in, so whoever has the address
# reads that person's duties (a partner's person is still kept out by the allow-list).
ANYONE_WITH_THE_ADDRESS = {"reminders:feed"}


# The URL conf.


def portal_addresses(resolver=None, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Every named address of the portal, {namespaced name: route}, but Django admin's own."""
    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            found |= portal_addresses(entry, prefix + str(entry.pattern), inner)
        elif not entry.lookup_str.startswith(("django.views.static", "debug_toolbar")):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            found[name or prefix + str(entry.pattern)] = prefix + str(entry.pattern)
    return found


def test_every_address_of_the_portal_has_a_row():
    addresses = portal_addresses()
    missing = sorted(set(addresses) - set(TABLE))
    gone = sorted(set(TABLE) - set(addresses))
    assert not missing, "addresses with no row in TABLE: " + ", ".join(f"{n} (/{addresses[n]})" for n in missing)
    assert not gone, "rows of TABLE for addresses the portal no longer has: " + ", ".join(gone)
    for name, (on_get, on_post) in TABLE.items():
        for answer in (*on_get.values(), *on_post.values()):
            assert answer != 500, f"{name}: a 500 is never the answer to expect"


# The council, and its records owned by someone else.


def staff(username: str, name: str, job_title: str, team=None, manager=None, **fields):
    return StaffMemberFactory(
        user=UserFactory(username=username), name=name, job_title=job_title, team=team, line_manager=manager, **fields
    )


def holds(member, role: str, *, service=None, team=None) -> None:
    RoleAssignmentFactory(staff=member, role=Role.objects.get_or_create(name=role)[0], service=service, team=team)


def permitted(member, app: str, *codenames: str) -> None:
    member.user.user_permissions.add(*Permission.objects.filter(content_type__app_label=app, codename__in=codenames))


@dataclass
class Council:
    users: dict  # the cast's users by role (None: nobody signed in)
    ids: dict  # the ids each address is asked with: {URL name: kwargs}
    secrets: tuple  # what only those who see the other service read: its worker's name, their case


def build_council() -> Council:
    """The demo council's cast and the other service, each with their duties of the shipped table,
    and one record of every kind an address names, all the other service's."""
    import_responsibilities(DEFAULT_TABLE.read_bytes())  # the shipped table names the roles
    Role.objects.filter(name__in=MANAGERIAL_ROLES).update(oversees_scope=True)

    leadership = Team.objects.create(name="Leadership Team", service=Service.objects.create(name="Directorate"))
    assessment = Service.objects.create(name="Assessment & Intervention")
    team_1 = Team.objects.create(name="Assessment Team 1", service=assessment)
    team_2 = Team.objects.create(name="Assessment Team 2", service=assessment)
    looked_after = Service.objects.create(name="Looked After Children")
    in_care = Team.objects.create(name="Children in Care Team 1", service=looked_after)

    director = staff("sarah.whitfield", "Sarah Whitfield", "Director of Children's Services", leadership)
    holds(director, "Director of Children's Services")
    deputy = staff("marcus.adeyemi", "Marcus Adeyemi", "Deputy Director of Children's Services", leadership, director)
    holds(deputy, "Deputy Director of Children's Services")
    qa_lead = staff("nadia.hussain", "Nadia Hussain", "Head of Safeguarding Monitoring", leadership, deputy)
    holds(qa_lead, "Head of Safeguarding Monitoring")
    for member in (director, deputy, qa_lead):
        holds(member, "Senior Management Team")
    # As the demo gives them (audits, cases, standards, reminders and reports' demo.py).
    permitted(qa_lead, "audits", "add_audittheme")
    permitted(qa_lead, "cases", "add_case")
    permitted(qa_lead, "standards", "add_standard", "change_standard")
    permitted(qa_lead, "reminders", "view_notice")
    permitted(qa_lead, "reports", "add_measurevalue", "change_measurevalue")
    head = staff("priya.raman", "Priya Raman", "Head of Assessment and Intervention", leadership, deputy)
    holds(head, "Head of Assessment and Intervention", service=assessment)
    holds(head, "Head of Service", service=assessment)
    service_leader = staff("daniel.mensah", "Daniel Mensah", "Service Leader, Assessment", leadership, head)
    holds(service_leader, "Service Leader", team=team_1)
    holds(service_leader, "Service Leader", team=team_2)
    team_leader = staff("rebecca.thompson", "Rebecca Thompson", "Team Leader", team_1, service_leader)
    holds(team_leader, "Team Leader", team=team_1)
    practitioner = staff(
        "aisha.rahman", "Aisha Rahman", "Social Worker", team_1, team_leader, is_case_holder=True, is_practitioner=True
    )
    nqsw = staff(
        "jack.robinson",
        "Jack Robinson",
        "Social Worker (ASYE)",
        team_1,
        team_leader,
        is_case_holder=True,
        is_practitioner=True,
        is_newly_qualified=True,
        started_on=TODAY - timedelta(days=200),
    )
    police = Agency.objects.create(name="Northshire Police", kind=Agency.Kind.POLICE)
    partner = staff("kate.morgan", "Kate Morgan", "Detective Sergeant", agency=police)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)

    # The other service, out of sight of Assessment & Intervention. Its head also writes its
    # board reports (the QA lead's role, held over the service).
    other_head = staff("gareth.llewellyn", "Gareth Llewellyn", "Head of Looked After Children", leadership, deputy)
    holds(other_head, "Head of Looked After Children", service=looked_after)
    holds(other_head, "Head of Service", service=looked_after)
    holds(other_head, QA_LEAD, service=looked_after)
    their_leader = staff("hannah.brooks", "Hannah Brooks", "Team Leader", in_care, other_head)
    holds(their_leader, "Team Leader", team=in_care)
    their_worker = staff(
        "ravi.chandran",
        "Ravi Chandran",
        "Social Worker",
        in_care,
        their_leader,
        is_case_holder=True,
        is_practitioner=True,
    )
    health_visitor = staff(
        "health.visitor",
        "Hana Visitor",
        "Health Visitor",
        agency=Agency.objects.create(name="Northshire Health", kind=Agency.Kind.HEALTH),
    )
    plan_duties(TODAY)

    users = {
        "anonymous": None,
        "practitioner": practitioner.user,
        "nqsw": nqsw.user,
        "team_leader": team_leader.user,
        "service_leader": service_leader.user,
        "head_of_service": head.user,
        "deputy_director": deputy.user,
        "qa_lead": qa_lead.user,
        "director": director.user,
        "partner": partner.user,
        "admin": admin,
    }

    # A multi-agency audit of the other team leader's, of their worker's case, awaiting moderation,
    # with the health visitor's part and an action in its plan.
    theme = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Child exploitation", set_by="The MESC")
    audit = AuditFactory(
        audit_type=AuditType.MULTI_AGENCY,
        theme=theme,
        tool=AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=theme),
        case_reference="CR-50001",
        case_holder=their_worker,
        auditor=their_leader,
        status=AuditStatus.MODERATION,
        overall_grade="good",
        submitted_at=timezone.now(),
        moderation_requested=True,
    )
    part = AgencyContribution.objects.create(audit=audit, agency=health_visitor.agency, contributor=health_visitor)
    action = raise_action(
        acting_user=their_leader.user,
        source=audit,
        owner=their_worker,
        level=Level.CASEWORK,
        description="Update the chronology on CR-50001",
        due_on=TODAY + timedelta(days=14),
    )
    case = CaseFactory(reference="CR-50001", case_holder=their_worker)
    observation = ObservationFactory(observer=their_leader, practitioner=their_worker)
    session = SessionFactory(supervisor=their_leader, supervisee=their_worker)
    pdr = PDRFactory(appraiser=their_leader, appraisee=their_worker)
    meeting = MeetingFactory(recorded_by=their_leader, attendees=[their_leader, their_worker], title="CiCC, April")
    feedback = FeedbackFactory(meeting=meeting, owner=their_worker)
    survey = SurveyFactory(imported_by=other_head)
    SurveyResultFactory(survey=survey)
    complaint = make_complaint(handler=their_leader, case_reference="CR-50001")
    standard = StandardFactory(title="Permanence planning practice standard", code="permanence", owner=their_leader)
    standard.document.save("permanence.pdf", ContentFile(b"%PDF-1.4\n"))
    measure = MeasureFactory(name="Reviews of looked-after children on time", owner=other_head)
    missed = make_value(measure, ReportPeriod.containing("month", TODAY).previous().start, 71, service=looked_after)
    last_quarter = ReportPeriod.containing("quarter", TODAY).previous()
    report = board_actions.start_report(QUARTERLY, last_quarter, service=looked_after, acting_user=other_head.user)
    version = BoardReportVersion.objects.create(
        report=report, number=1, state=VersionState.DONE, generated_by=other_head.user, generated_at=timezone.now()
    )
    version.file.save("quarterly.pdf", ContentFile(b"%PDF-1.4\n"))
    head_of_lac = Role.objects.get(name="Head of Looked After Children")
    duty = Duty.objects.filter(owner=other_head, responsibility__role=head_of_lac, status=Status.OPEN).first()
    assert duty is not None, "the planner gave the Head of Looked After Children no duty of that role"
    feed = CalendarFeed.objects.create(staff=their_worker)
    run = ImportRun.objects.create(
        kind=SURVEY_RUN,
        filename="lac-survey.csv",
        sha256="0" * 64,
        uploaded_by=other_head.user,
        status=ImportStatus.DONE,
        summary="12 answers loaded",
    )

    def each(names: str, **kwargs) -> dict:
        """The same ids for several addresses of one app: each("audits:detail edit", pk=1)."""
        return dict.fromkeys([f"{names.split(':')[0]}:{name}" for name in names.split(":")[1].split()], kwargs)

    ids = {
        **each("audits:detail details delete edit share acknowledge moderate scrutinise invite", pk=audit.pk),
        "audits:contribution": {"pk": audit.pk, "contribution_pk": part.pk},
        **each("audits:theme theme_edit", pk=theme.pk),
        "audits:tool_new": {"audit_type": AuditType.CASE_FILE},
        "audits:tool_edit": {"key": AuditType.CASE_FILE},
        **each("learning:action_detail edit_action update_action", pk=action.pk),
        "learning:plan_detail": {"pk": action.plan_id},
        "cases:detail": {"pk": case.pk},
        **each("observations:detail edit feedback", pk=observation.pk),
        **each("supervision:detail edit", pk=session.pk),
        **each("supervision:pdr_detail pdr_edit", pk=pdr.pk),
        **each("participation:meeting_detail edit_meeting new_feedback", pk=meeting.pk),
        "participation:edit_feedback": {"pk": feedback.pk},
        "participation:survey_detail": {"pk": survey.pk},
        **each("complaints:detail edit respond extend escalate close", pk=complaint.pk),
        **each("standards:detail edit review download", pk=standard.pk),
        "reminders:feed": {"token": feed.token},
        "reports:rows": {"name": "audits"},
        "reports:scorecard_explain": {"pk": missed.pk},
        "reports:measure": {"pk": measure.pk},
        **each("reports:board_report board_generate board_progress board_finalise board_correct", pk=report.pk),
        "reports:board_download": {"pk": report.pk, "number": version.number},
        **each("imports:run progress", pk=run.pk),
        "schedule:role_detail": {"slug": head_of_lac.slug},
        **each("schedule:duty_detail duty_mark_done duty_waive", pk=duty.pk),
        "schedule:duty_group": {"responsibility_id": duty.responsibility_id},
    }
    return Council(users, ids, secrets=(their_worker.name, case.reference))


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker, tmp_path_factory):
    """The council and its records, made once; nothing of it outlives the module."""
    files = tmp_path_factory.mktemp("access-matrix")
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        Clock(patch).move_to(TODAY)
        # Uploaded documents and printed board reports go to a temporary folder.
        patch.setattr(Standard._meta.get_field("document"), "storage", FileSystemStorage(location=files / "library"))
        for cached in ("base_location", "location"):
            patch.delitem(board_storage().__dict__, cached, raising=False)
        patch.setattr(board_storage(), "_location", str(files / "board-reports"))
        # The matrix asks who may open /health/, not whether beat and the broker answer
        # (qaportal/tests/test_health.py does).
        patch.setattr(health, "checks", lambda: [])
        with transaction.atomic():
            yield build_council()
            transaction.set_rollback(True)


# Asking.


class Asker:
    """Each role's client, signed in once; each request in a savepoint rolled back after it."""

    def __init__(self, users: dict):
        self.client = Client(raise_request_exception=False)
        self.sessions = {}
        for role, user in users.items():
            if user is not None:
                self.client.cookies = SimpleCookie()  # a session of their own, not the last one's
                self.client.force_login(user)
                self.sessions[role] = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.failure = None
        got_request_exception.connect(self._failed)

    def _failed(self, **kwargs):
        # The portal's own frames nearest the failure, and the error: enough to say where it is.
        _kind, error, trace = sys.exc_info()
        ours = [
            frame
            for frame in traceback.extract_tb(trace)
            if frame.filename.startswith(str(settings.BASE_DIR)) and "/.venv/" not in frame.filename
        ]
        where = " < ".join(
            f"{frame.filename.removeprefix(str(settings.BASE_DIR) + '/')}:{frame.lineno} in {frame.name}"
            for frame in reversed(ours[-3:])
        )
        self.failure = f"{type(error).__name__}: {error} (at {where})"

    def close(self):
        got_request_exception.disconnect(self._failed)

    def ask(self, role: str, method: str, url: str) -> tuple[int | str, str, str | None]:
        """The answer as the table writes it, the page's text, and the traceback of a failure."""
        session = self.sessions.get(role)
        # Only the session: whatever an earlier request set (a message, a sign-out) is forgotten.
        self.client.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: session} if session else {})
        self.failure = None
        with transaction.atomic():
            response = self.client.get(url) if method == "GET" else self.client.post(url, {})
            # A download is read to its end, as a browser would, which closes its file.
            text = "" if response.streaming else response.content.decode(errors="replace")
            if response.streaming:
                response.getvalue()
            transaction.set_rollback(True)
        if response.status_code == 302 and urlsplit(response["Location"]).path == reverse("login"):
            return SIGN_IN, text, None
        return response.status_code, text, self.failure


# The mark has the test database made (and the test's own savepoint nests in the council's).
@pytest.mark.django_db
def test_each_of_the_cast_gets_the_answer_the_table_gives(council):
    addresses = portal_addresses()
    wrong = []
    asker = Asker(council.users)
    try:
        # An address with no row, or a row with no address, is the other test's failure.
        for name in sorted(set(addresses) & set(TABLE)):
            url = reverse(name, kwargs=council.ids.get(name))
            for method, expected in zip(("GET", "POST"), TABLE[name], strict=True):
                for role in ROLES:
                    got, text, failure = asker.ask(role, method, url)
                    # A page may answer as it should and still show what the role may not read.
                    leaked = [secret for secret in council.secrets if secret in text]
                    if leaked and role in KEPT_OUT and name not in ANYONE_WITH_THE_ADDRESS:
                        got = f"{got}, showing {' and '.join(leaked)}"
                    if got != expected[role]:
                        wrong.append((name, role, method, expected[role], got, failure))
    finally:
        asker.close()
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(
        f"  {name:32} {role:16} {method:4} expected {expected!s:12} got {got}"
        + (f"\n      {failure}" if failure else "")
        for name, role, method, expected, got, failure in wrong
    )
