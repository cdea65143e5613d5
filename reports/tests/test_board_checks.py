"""Checks across the board reports, each read back from what a reader gets (the PDF through
poppler, the pages through the test client), on the promises the other board tests take one
part at a time:

1. the PDF prints the dashboard's numbers: every headline figure of every panel on the dashboard
   for the same user, scope and day is printed over the same words in the report's section, and
   links to the same rows;
2. a final report reprints from its snapshot: text-identical however the data has moved since
   (but for the "Produced" line), byte-identical for identical arguments;
3. the author's words are text in the PDF: markup and template syntax print literally;
4. a report of a period not yet ended says PROVISIONAL on every page and cannot be finalised;
5. who may start, read and download a report is the access rules' (404 out of sight, and 404 for a
   partner agency);
6. a worker killed mid-render leaves nothing to download, and asking again gives up its version
   and builds a new one;
7. finalising the department's quarterly report completes the receivers' duty (R01); a
   service's does not;
8. a correction is a new draft of the same report that names the one it replaces;
9. the list costs the same queries for 2 reports as for 12;
10. the start page chooses the kind named in its address, the record kind a duty's responsibility
    names, through the list's "Start a report" when a duty links there.

"Today" is pinned as the strands' page tests pin it: the module functions the pages read it from
are patched, and the actions and panels are given `day=`."""

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import AuditStatus, Grade
from audits.tests.factories import partner
from complaints import actions as complaint_actions
from complaints.tests.factories import make_complaint
from learning.models import Status as ActionStatus
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory
from reports import board_actions as actions
from reports import board_pdf
from reports.board_kinds import PANELS, QA_LEAD
from reports.models import BoardReport, BoardReportVersion, FiguresFrom, ReportStatus, VersionState
from schedule.models import Duty, Frequency, Outcome, Status, Strand
from schedule.planner import plan_duties
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

from .test_actions_panel import action
from .test_audit_quality import audit
from .test_board_actions import DAY, Q1, QUARTERLY, audit_duty, built, files_in_tmp, pdf_text, qa_lead, started
from .test_board_pages import signed_in
from .test_board_pdf import page_text, poppler

IN_Q1 = date(2026, 5, 20)  # Q1 2026/27 has not ended: its figures are provisional
PORTAL = "https://qa.example.gov.uk"
# The dashboard's panels for a head of service, in its order: the report prints each (and the programme).
DASHBOARD_PANELS = [
    "compliance",
    "coverage",
    "audit-quality",
    "actions",
    "complaints",
    "participation",
    "closing-the-loop",
]
HOSTILE_LINES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</section><h1>Injected</h1>",
    "{{ 7*7 }}",
    '{% now "Y" %}',
]


@pytest.fixture(autouse=True)
def _files_in_tmp(monkeypatch, tmp_path):
    yield from files_in_tmp(monkeypatch, tmp_path)


@pytest.fixture
def pin_today(monkeypatch):
    """Sets the day the pages take for today: the dashboard's scope, and the report pages'."""

    def pin(day: date) -> None:
        for where in ("reports.scope.today", "reports.board_actions.local_today", "reports.board_views.local_today",
                      "core.clock.today"):
            monkeypatch.setattr(where, lambda: day)

    return pin


# The data.


def varied_quarter(cast) -> None:
    """Q1 2026/27 in the service: duties done on time (2), late (1) and missed (1); four audits
    graded from outstanding to inadequate (one with a safeguarding concern) and a draft; actions
    overdue (2), open (1) and done (1); two complaints, one answered within its timescale."""
    for owner, done in [(cast.practitioner, True), (cast.nqsw, True), (cast.nqsw, False)]:
        audit_duty(cast, owner, done)
    DutyFactory(
        responsibility=ResponsibilityFactory(strand=Strand.AUDIT),
        owner=cast.practitioner,
        status=Status.DONE,
        day=date(2026, 5, 10),
        due_on=date(2026, 5, 10),
        completed_on=date(2026, 5, 20),
        completed_late=True,
    )
    leader, worker = cast.team_leader, cast.practitioner
    for grade, on in [
        (Grade.OUTSTANDING, date(2026, 4, 20)),
        (Grade.GOOD, date(2026, 5, 4)),
        (Grade.REQUIRES_IMPROVEMENT, date(2026, 5, 18)),
        (Grade.INADEQUATE, date(2026, 6, 2)),
    ]:
        audit(leader, worker, grade, on=on, themes=["Chronologies"], safeguarding_concern=grade == Grade.INADEQUATE)
    audit(leader, worker, Grade.GOOD, AuditStatus.DRAFT, on=date(2026, 6, 3))
    action(worker, due=date(2026, 6, 1), raised=date(2026, 4, 10))
    action(cast.nqsw, due=date(2026, 6, 20), raised=date(2026, 4, 10))
    action(worker, due=date(2026, 8, 30), raised=date(2026, 5, 1))
    action(
        cast.nqsw, status=ActionStatus.DONE, due=date(2026, 6, 1), raised=date(2026, 4, 21), completed=date(2026, 5, 12)
    )
    answered = make_complaint(handler=leader, team=cast.team_a, received_on=date(2026, 4, 8))
    complaint_actions.record_response(
        answered, acting_user=leader.user, responded_on=date(2026, 4, 20), outcome="upheld"
    )
    make_complaint(handler=leader, team=cast.team_a, received_on=date(2026, 6, 10))


def department_qa_lead():
    """A QA lead who sees the whole department (a director's role): writes its reports."""
    lead = StaffMemberFactory(name="Dana Director", job_title="Director of Children's Services")
    RoleAssignmentFactory(staff=lead, role=RoleFactory(name=QA_LEAD))
    RoleAssignmentFactory(staff=lead, role=RoleFactory(name="Director", oversees_scope=True))
    return lead


def elected_members_duty() -> Duty:
    """R01 as the shipped table has it: an elected member monitors performance through the
    quarterly report. The planner makes the member's duty for Q1."""
    member = StaffMemberFactory(name="Councillor Example", job_title="Lead Member for Children")
    role = RoleFactory(name="Elected Members")
    RoleAssignmentFactory(staff=member, role=role)
    ResponsibilityFactory(
        ref="R01",
        role=role,
        frequency=Frequency.QUARTERLY,
        strand=Strand.PERFORMANCE,
        task="Monitor performance via Cabinet, Corporate Parenting Board and the PSCB",
        record=QUARTERLY.record_kind,
    )
    plan_duties(date(2026, 5, 1))
    return Duty.objects.get(owner=member, period_start=Q1.start)


def build(report, author, *, day: date) -> BoardReportVersion:
    """A draft's version built as of `day` (test_board_actions' `built` builds as of DAY)."""
    version = actions.request_pdf(report, acting_user=author.user)
    assert actions.build_version(version.id, day=day), BoardReportVersion.objects.get(id=version.id).error
    version.refresh_from_db()
    return version


# Reading the PDF back.


@dataclass(frozen=True)
class Word:
    page: int
    left: float
    top: float
    bottom: float
    text: str


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')


def printed_words(path) -> list[Word]:
    """Every word of the PDF, with where it is printed (pdftotext -bbox), in reading order."""
    pages = poppler("pdftotext", "-bbox", str(path), "-").split("<page ")[1:]
    return [
        Word(number, float(left), float(top), float(bottom), html.unescape(text))
        for number, markup in enumerate(pages, start=1)
        for left, top, bottom, text in _WORD.findall(markup)
    ]


def printed_over(words: list[Word], value: str, caption: str) -> bool:
    """Whether `value` is printed as a headline figure over `caption`: the caption's words in a
    run, and `value` the word just above its first, starting where it starts (its column)."""
    tokens = caption.split()
    for index, first in enumerate(words):
        if [word.text for word in words[index : index + len(tokens)]] == tokens and any(
            word.page == first.page
            and word.text == value
            and abs(word.left - first.left) < 1
            and 0 <= first.top - word.bottom < 12
            for word in words
        ):
            return True
    return False


def page_count(path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", poppler("pdfinfo", str(path)), re.M)[1])


def page_texts(version) -> list[str]:
    path = version.file.path
    return [page_text(path, number) for number in range(1, page_count(path) + 1)]


def section_pages(version) -> dict[str, range]:
    """The pages each section takes, from the contents page (its title, dots, its first page)."""
    path = version.file.path
    starts = {
        title: int(page) for title, page in re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", page_text(path, 2), re.M)
    }
    ends = [*list(starts.values())[1:], page_count(path) + 1]
    return {title: range(start, end) for (title, start), end in zip(starts.items(), ends, strict=True)}


def linked_urls(version) -> set[str]:
    return {line.split()[-1] for line in poppler("pdfinfo", "-url", version.file.path).splitlines()[1:]}


def heading_levels(version) -> list[str]:
    """The tagged headings' levels, in order, from the PDF's structure tree (pdfinfo -struct)."""
    return re.findall(r"^\s*(H[1-6]) \(", poppler("pdfinfo", "-struct", version.file.path), re.M)


def produced(version) -> str:
    return f"{timezone.localtime(version.generated_at):%-d %B %Y, %H:%M}"


# Reading the dashboard.

_HEADLINE = re.compile(r'<a class="[^"]*\bapp-figure\b[^"]*" href="([^"]*)">(.*?)</a>(.*?)</p>', re.S)
_HIDDEN = re.compile(r'<span class="govuk-visually-hidden">.*?</span>', re.S)  # print.css drops these
_TAG = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _HIDDEN.sub("", fragment))).split())


def dashboard_sections(page: str) -> dict[str, str]:
    """Each panel's HTML on the dashboard, by its key (the section's id)."""
    return dict(re.findall(r'<section id="([\w-]+)"[^>]*>(.*?)</section>', page, re.S))


def headline_figures(section: str) -> list[tuple[str, str, str]]:
    """A panel's headline figures as the page shows them: (value, the words after it, link)."""
    return [(plain(value), plain(caption), html.unescape(link)) for link, value, caption in _HEADLINE.findall(section)]


def chosen_kind(page: str) -> str | None:
    select = re.search(r'<select[^>]*name="kind".*?</select>', page, re.S)[0]
    chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', select)
    return chosen[1] if chosen else None


# 1. The PDF's numbers are the dashboard's.


def test_the_pdf_prints_every_headline_figure_of_the_dashboard(
    client, cast, settings, pin_today, django_capture_on_commit_callbacks
):
    """For the same user, service, quarter and day, each headline figure of each dashboard panel is
    printed in the report's section of that panel, over the same words, linking to the same rows;
    and every figure's rows the dashboard links to, the PDF links to as well."""
    settings.PORTAL_URL = PORTAL
    varied_quarter(cast)
    report = started(cast)
    version = built(report, cast.head, django_capture_on_commit_callbacks)  # as of DAY
    pin_today(DAY)
    page = signed_in(client, cast.head).get("/reports/", {"period": Q1.code, "service": cast.service.id})
    assert page.status_code == 200
    shown = dashboard_sections(page.content.decode())

    # The set-up's figures, as the panels count them for the report's scope.
    scope = actions.scope_of(report, cast.head.user, day=DAY)
    data = {key: PANELS[key](scope).data for key in ("compliance", "audit-quality", "actions", "complaints")}
    assert data["compliance"].period.on_time.share == "50% (2 of 4)"
    assert data["audit-quality"].targets[0].share.share == "50% (2 of 4)"  # good or better
    assert data["actions"].total.overdue.value == 2
    assert data["complaints"].received.value == 2

    sections = {spec.panel: spec.title for spec in QUARTERLY.sections if spec.panel}  # each panel's section
    assert list(shown) == DASHBOARD_PANELS and set(shown) <= set(sections)
    words, pages, urls = printed_words(version.file.path), section_pages(version), linked_urls(version)
    checked = []
    for key, section in shown.items():
        in_section = [word for word in words if word.page in pages[sections[key]]]
        for value, caption, link in headline_figures(section):
            assert printed_over(in_section, value, caption), f"{key}: {value} {caption!r} is not printed"
            assert PORTAL + link in urls, f"{key}: {value} {caption!r} does not link to {link}"
            checked.append((key, value, caption))
        for link in re.findall(r'href="(/reports/rows/[^"]*)"', section):
            assert PORTAL + html.unescape(link) in urls, f"{key}: the PDF has no link to {link}"
    assert len(checked) >= 20
    for key, value, words_after in [
        ("compliance", "50%", "done on time (2 of 4 due)"),
        ("audit-quality", "50%", "good or better (2 of 4 graded)."),
        ("actions", "2", "overdue"),
        ("complaints", "2", "received in the period"),
    ]:
        assert any(each[:2] == (key, value) and each[2].startswith(words_after) for each in checked), (key, value)


# 2. A final report reprints from its snapshot.


def test_a_final_report_reprints_from_its_frozen_figures(cast, django_capture_on_commit_callbacks):
    """The guarantee: a final report's PDF, built again after the data has changed, is
    text-identical to the first but for its "Produced" line (generated_at, the moment of that
    build); and render_pdf given identical arguments (print_arguments with the same
    generated_at) is byte-identical, so the stored file can be made again from the snapshot."""
    for owner, done in [(cast.practitioner, True), (cast.nqsw, False)]:
        audit_duty(cast, owner, done)
    report = started(cast, summary="As the board received it.")
    first = built(report, cast.head, django_capture_on_commit_callbacks, final=True)
    report.refresh_from_db()

    for owner in (cast.practitioner, cast.nqsw, cast.nqsw):  # more done since
        audit_duty(cast, owner, True)
    audit(cast.team_leader, cast.practitioner, Grade.INADEQUATE, on=date(2026, 6, 1))
    assert "80% (4 of 5)" in actions.live_figures(report, cast.head.user, day=DAY)["compliance"]
    again = built(report, cast.head, django_capture_on_commit_callbacks)  # a final report prints its frozen figures
    assert (again.number, again.final, again.figures_from) == (2, True, FiguresFrom.FROZEN)

    texts = []
    for version in (first, again):
        text = pdf_text(version)
        assert text.count(produced(version)) == 1
        texts.append(text.replace(produced(version), "(produced)"))
    assert texts[0] == texts[1]
    assert "50% (1 of 2)" in texts[1] and "80% (4 of 5)" not in texts[1] and "FINAL" in texts[1]

    report = BoardReport.objects.select_related("author", "service").get(pk=report.pk)
    arguments = actions.print_arguments(report, first, report.frozen_figures, first.generated_at, day=DAY)
    rebuilt = board_pdf.render_pdf(**arguments)
    with first.file.open("rb") as stored:
        assert rebuilt == stored.read()
    assert hashlib.sha256(rebuilt).hexdigest() == first.sha256


# 3. The author's words are text.


def test_markup_and_template_syntax_in_the_words_print_literally(cast, django_capture_on_commit_callbacks):
    report = started(cast, summary="\n\n".join(HOSTILE_LINES))
    version = built(report, cast.head, django_capture_on_commit_callbacks)
    summary = page_texts(version)[section_pages(version)["Summary and recommendation"][0] - 1]
    lines = [line.strip() for line in summary.splitlines()]
    for hostile in HOSTILE_LINES:
        assert hostile in lines, f"{hostile!r} is not printed as it was typed"
    assert "49" not in summary and str(timezone.now().year) not in summary  # nothing was evaluated
    # No heading was added: the title, the contents and one per section.
    titles = [level for level in heading_levels(version) if level in ("H1", "H2")]
    assert titles == ["H1", "H2"] + ["H2"] * len(QUARTERLY.sections)


# 4. Provisional until the period has ended.


def test_a_draft_of_a_quarter_not_ended_is_provisional_on_every_page(
    client, cast, pin_today, django_capture_on_commit_callbacks
):
    report = started(cast)
    early = build(report, cast.head, day=IN_Q1)
    pages = page_texts(early)
    assert len(pages) >= 10
    for number, text in enumerate(pages, start=1):
        assert "DRAFT, PROVISIONAL" in text, f"page {number} does not say it is provisional"
    assert "Provisional: the period has not ended" in pages[0]

    pin_today(IN_Q1)
    signed_in(client, cast.head)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "the figures are provisional" in page and "Finalise</a>" not in page
    with pytest.raises(ValidationError, match="a report is made final once its period has ended"):
        actions.finalise(report, acting_user=cast.head.user, day=IN_Q1)
    refused = client.post(f"/reports/board/{report.pk}/finalise/", follow=True).content.decode()
    assert "a report is made final once its period has ended" in refused
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.frozen_figures == {}

    ended = built(report, cast.head, django_capture_on_commit_callbacks)  # as of DAY
    assert not any("PROVISIONAL" in text or "Provisional" in text for text in page_texts(ended))
    pin_today(DAY)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "the figures are provisional" not in page and "Finalise</a>" in page


# 5. The access rules decide the scope.


def with_a_download(report: BoardReport, author) -> BoardReport:
    """The report with a version printed, to download (its file a stand-in: no render needed)."""
    version = actions.request_pdf(report, acting_user=author.user)
    name = actions.board_storage().save(f"report-{report.id}/printed.pdf", ContentFile(b"%PDF-1.7 printed"))
    BoardReportVersion.objects.filter(id=version.id).update(state=VersionState.DONE, file=name)
    return report


def other_services_report(cast) -> BoardReport:
    """The outsider's service's report, by a QA lead over that service."""
    their_lead = cast.outsider.line_manager
    elsewhere = cast.outsider.team.service
    RoleAssignmentFactory(staff=their_lead, role=RoleFactory(name=QA_LEAD), service=elsewhere)
    return with_a_download(
        actions.start_report(QUARTERLY, Q1, service=elsewhere, acting_user=their_lead.user), their_lead
    )


def test_a_qa_lead_over_one_service_neither_starts_nor_reads_another_services_report(client, cast):
    report = other_services_report(cast)
    qa_lead(cast)  # the head of service writes the reports of their own service only
    with pytest.raises(Http404):
        actions.start_report(QUARTERLY, Q1, service=report.service, acting_user=cast.head.user)
    with pytest.raises(ValidationError, match="you do not see the whole department"):
        actions.start_report(QUARTERLY, Q1, acting_user=cast.head.user)

    signed_in(client, cast.outsider.line_manager)
    assert client.get(f"/reports/board/{report.pk}/versions/1/").status_code == 200  # there to download
    signed_in(client, cast.head)
    for address in (
        report.get_absolute_url(),
        f"/reports/board/{report.pk}/progress/",
        f"/reports/board/{report.pk}/versions/1/",
    ):
        assert client.get(address).status_code == 404, address
    for address in (f"/reports/board/{report.pk}/generate/", f"/reports/board/{report.pk}/correct/"):
        assert client.post(address).status_code == 404, address
    assert "There are no reports you can see yet." in client.get("/reports/board/").content.decode()


def test_a_partner_agency_has_no_board_reports(client, cast):
    report = with_a_download(started(cast), cast.head)  # on the service the partner works with
    signed_in(client, partner(team=cast.team_a))
    for address in ("/reports/board/", "/reports/board/start/", report.get_absolute_url(),
                    f"/reports/board/{report.pk}/progress/", f"/reports/board/{report.pk}/versions/1/"):
        assert client.get(address).status_code == 404, address  # not pages for a partner agency


# 6. A worker killed mid-render.


def test_a_version_left_rendering_is_never_served_and_is_given_up_when_asked_again(
    client, cast, django_capture_on_commit_callbacks
):
    report = started(cast)
    dead = actions.request_pdf(report, acting_user=cast.head.user)
    BoardReportVersion.objects.filter(id=dead.id).update(
        state=VersionState.RENDERING, requested_at=timezone.now() - actions.STALE - timedelta(minutes=1)
    )
    half = Path(actions.board_storage().path(f"report-{report.id}/{report.kind}-{Q1.code}-v1.pdf.part"))
    half.parent.mkdir(parents=True)
    half.write_bytes(b"%PDF-1.7 half a report")

    signed_in(client, cast.head)
    assert client.get(f"/reports/board/{report.pk}/versions/1/").status_code == 404
    assert client.get(f"/reports/board/{report.pk}/progress/").json()["state"] == VersionState.RENDERING

    with django_capture_on_commit_callbacks() as callbacks:
        fresh = actions.request_pdf(report, acting_user=cast.head.user)
    # On commit: the dead worker's half-written file goes, and the new version's task is sent.
    assert len(callbacks) == 2 and (fresh.number, fresh.state) == (2, VersionState.QUEUED)
    callbacks[0]()
    assert not half.exists()
    dead.refresh_from_db()
    assert dead.state == VersionState.FAILED and dead.error == "The build stopped without finishing."
    assert not dead.file
    assert actions.build_version(fresh.id, day=DAY), BoardReportVersion.objects.get(id=fresh.id).error
    fresh.refresh_from_db()

    assert client.get(f"/reports/board/{report.pk}/versions/1/").status_code == 404
    download = client.get(f"/reports/board/{report.pk}/versions/2/")
    served = b"".join(download.streaming_content)
    assert download.status_code == 200 and hashlib.sha256(served).hexdigest() == fresh.sha256
    assert served.startswith(b"%PDF-") and fresh.file.name.endswith("-v2.pdf")
    assert client.get(f"/reports/board/{report.pk}/progress/").json() == {
        "number": 2,
        "state": VersionState.DONE,
        "label": "Done",
        "done": True,
    }
    assert "Failed: The build stopped without finishing." in client.get(report.get_absolute_url()).content.decode()


# 7. The receivers' duties.


def test_finalising_the_departments_quarterly_report_completes_the_elected_members_duty(cast, pin_today):
    pin_today(DAY)
    q1_duty = elected_members_duty()
    lead = department_qa_lead()
    report = actions.start_report(QUARTERLY, Q1, acting_user=lead.user)
    assert report.scope_label == "The whole department"
    actions.finalise(report, acting_user=lead.user, day=DAY)
    # Made in Q2, the report on Q1 is Q2's: the board receives last quarter's report this quarter.
    received = Duty.objects.get(owner=q1_duty.owner, period_start=date(2026, 7, 1))
    assert (received.status, received.completed_on, received.record) == (Status.DONE, DAY, report)
    assert received.outcome(DAY) == Outcome.ON_TIME
    q1_duty.refresh_from_db()
    assert q1_duty.is_outstanding  # one report, one quarter's duty


def test_finalising_a_services_quarterly_report_leaves_the_elected_members_duty(cast):
    elected_members_duty()
    report = started(cast)
    actions.finalise(report, acting_user=cast.head.user, day=DAY)
    assert not Duty.objects.filter(responsibility__ref="R01", status=Status.DONE).exists()


def test_a_report_finalised_the_day_its_period_has_ended_completes_a_duty_on_time(cast, pin_today):
    pin_today(Q1.end + timedelta(days=1))
    q1_duty = elected_members_duty()
    lead = department_qa_lead()
    report = actions.start_report(QUARTERLY, Q1, acting_user=lead.user)
    actions.finalise(report, acting_user=lead.user, day=Q1.end + timedelta(days=1))  # the first day it may be
    done = Duty.objects.get(owner=q1_duty.owner, status=Status.DONE)
    assert done.period_start == Q1.end + timedelta(days=1) and done.outcome(DAY) == Outcome.ON_TIME


# 8. Corrections.


def test_a_correction_is_a_new_draft_that_names_the_report_it_replaces(
    client, cast, pin_today, django_capture_on_commit_callbacks
):
    report = started(cast, summary="As the board received it.", actions="Two are overdue.")
    actions.finalise(report, acting_user=cast.head.user, day=DAY)
    report.refresh_from_db()
    pin_today(DAY)
    signed_in(client, cast.head)

    response = client.post(f"/reports/board/{report.pk}/correct/")
    correction = BoardReport.objects.get(replaces=report)
    assert response.status_code == 302 and response.url == correction.get_absolute_url()
    same = ("kind", "period_kind", "period_start", "service_id", "team_id", "narrative", "author_id")
    assert [getattr(correction, name) for name in same] == [getattr(report, name) for name in same]
    assert correction.status == ReportStatus.DRAFT

    old_page = client.get(report.get_absolute_url()).content.decode()
    assert "This report is replaced by" in old_page and f'href="{correction.get_absolute_url()}"' in old_page
    new_page = client.get(correction.get_absolute_url()).content.decode()
    assert "Replaces" in new_page and f'href="{report.get_absolute_url()}"' in new_page

    refused = client.post(f"/reports/board/{correction.pk}/correct/", follow=True)
    assert "Only a final report can be corrected: change the draft itself." in refused.content.decode()
    assert refused.redirect_chain == [(correction.get_absolute_url(), 302)]
    assert BoardReport.objects.count() == 2
    again = client.post(f"/reports/board/{report.pk}/correct/", follow=True).content.decode()
    assert "This report has a correction already: change that one instead." in again
    assert "Correct this report" not in again and BoardReport.objects.count() == 2

    version = built(correction, cast.head, django_capture_on_commit_callbacks)
    cover = " ".join(page_texts(version)[0].split())
    finalised = f"{timezone.localtime(report.finalised_at):%-d %B %Y}"
    assert f"This report corrects and replaces report {report.id}, finalised {finalised}." in cover


# 9. The list's queries.


def test_the_list_costs_the_same_queries_for_2_reports_as_for_12(client, cast):
    qa_lead(cast)

    def reports(count):
        for number in range(count):
            place = {"team": cast.team_a} if number % 2 else {"service": cast.service}
            report = actions.start_report(
                QUARTERLY, Q1.previous() if number % 3 else Q1, acting_user=cast.head.user, **place
            )
            actions.request_pdf(report, acting_user=cast.head.user)

    def queries_of_the_list():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/reports/board/")
        assert response.status_code == 200
        return response.content.decode().count('<th scope="row"'), [query["sql"] for query in queries]

    reports(2)
    signed_in(client, cast.head).get("/reports/board/")  # what a process reads once (content types) is read
    rows, for_two = queries_of_the_list()
    assert rows == 2
    reports(10)
    rows, for_twelve = queries_of_the_list()
    assert rows == 12
    assert len(for_twelve) == len(for_two), "\n".join(sorted(set(for_twelve) - set(for_two)))


# 10. The start page chooses the kind.


def test_the_start_page_chooses_the_kind_named_in_its_address(client, cast):
    qa_lead(cast)
    signed_in(client, cast.head)

    def chosen_for(kind: str) -> str | None:
        return chosen_kind(client.get("/reports/board/start/", {"kind": kind}).content.decode())

    assert chosen_for(QUARTERLY.record_kind) == "quarterly_qa"  # as a duty's responsibility names it
    assert chosen_for("report:monthly_audit") == "monthly_audit"
    assert chosen_for("quarterly_qa") == "quarterly_qa"
    assert chosen_for("report:annual_complaints") is None  # not a kind the head of service writes


def test_the_authors_duty_leads_to_the_start_page_with_its_kind_chosen(client, cast):
    qa_lead(cast)
    reporting = ResponsibilityFactory(record=QUARTERLY.record_kind, frequency=Frequency.QUARTERLY, strand=Strand.REPORT)
    duty = DutyFactory(responsibility=reporting, owner=cast.head, day=date(2026, 5, 1))
    signed_in(client, cast.head)
    page = client.get(duty.record_url).content.decode()
    if 'name="kind"' not in page:  # a page on the way: follow its "Start a report"
        page = client.get(html.unescape(re.search(r'href="([^"]*/board/start/[^"]*)"', page)[1])).content.decode()
    assert chosen_kind(page) == "quarterly_qa"
