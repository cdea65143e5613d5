"""Making a board report: starting one, writing its words, printing it as a PDF (a version, built
by Celery) and finalising it. Each change is one transaction with a row lock and its history, and
queues its Celery work with `on_commit`.

Who may do what, in one place: the author writes, prints and finalises; whoever may see every
member of staff the report counts (people.access) may read it and download its versions; the rest
get 404. Starting a report takes a role the kind names (reports.board_kinds).

A version is claimed by a conditional UPDATE (queued to gathering), so a task run twice builds one
file, and it is marked done only if it is still the one being built. Its file is written under a
temporary name and moved into place whole, and the row names it only then: a half-written PDF is
never served. A version left in progress longer than STALE (a worker killed mid-render) is marked
failed when the author asks again, so the report is always retryable."""

import hashlib
import os
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from celery import signature
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.http import Http404, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from core.history import stamp
from people.access import EVERYONE, council_staff_member, oversees_anyone, visible_staff_ids
from people.models import RoleAssignment, Service, StaffMember, Team
from schedule.models import Duty
from schedule.records import complete_duties

from . import board_pdf
from .board_kinds import KINDS, PANELS, ReportKind
from .models import (
    IN_PROGRESS,
    BoardReport,
    BoardReportVersion,
    FiguresFrom,
    ReportStatus,
    VersionState,
    board_storage,
    validate_narrative,
)
from .scope import ReportPeriod, Scope, scope_for
from .scope import today as local_today

# The task is named, not imported: reports.tasks imports this module for the work it does.
BUILD_TASK = "reports.tasks.build_board_report"
STALE = timedelta(minutes=15)  # far beyond a 60-page report's render: its worker has gone


# Who may do what.

def writable_kinds(user, *, day: date | None = None) -> list[ReportKind]:
    """The kinds the user may start: those naming a role they hold today (one query)."""
    me = council_staff_member(user)
    if me is None:
        return []
    held = set(RoleAssignment.objects.current_on(day or local_today()).filter(staff=me)
               .values_list("role__name", flat=True))
    return [kind for kind in KINDS.values() if held & set(kind.writers)]


def may_write(user, kind: ReportKind, *, day: date | None = None) -> bool:
    """Whether the user may start a report of this kind: they hold, today, a role it names."""
    return kind in writable_kinds(user, day=day)


def is_author(user, report: BoardReport) -> bool:
    me = council_staff_member(user)
    return me is not None and me.id == report.author_id


def readable_reports(user):
    """The reports the user may read, as one query: their own, and, for someone who oversees
    staff, every report whose counted staff they all see (a team's or a service's staff, or the
    whole department's for one who sees everyone)."""
    me = council_staff_member(user)
    own = Q(author=me) if me is not None else Q(pk__in=[])
    reports = BoardReport.objects.all()
    if (me is None and not getattr(user, "is_superuser", False)) or not oversees_anyone(user):
        return reports.filter(own)
    visible = visible_staff_ids(user)
    if visible is EVERYONE:
        return reports
    unseen = StaffMember.objects.exclude(id__in=sorted(visible))
    whole_teams = Team.objects.exclude(Exists(unseen.filter(team=OuterRef("pk"))))
    whole_services = Service.objects.exclude(Exists(unseen.filter(team__service=OuterRef("pk"))))
    return reports.filter(own | Q(team__in=whole_teams) | Q(service__in=whole_services))


def may_read(user, report: BoardReport) -> bool:
    return readable_reports(user).filter(pk=report.pk).exists()


def report_for(user, report_id: int) -> BoardReport:
    """The report, if the user may read it; 404 otherwise, as for a report that is not there."""
    report = (readable_reports(user).select_related("author", "team__service", "service", "replaces")
              .filter(pk=report_id).first())
    if report is None:
        raise Http404("No such report among those you can see.")
    return report


def visible_reports(user):
    """The reports the user may read, newest period first, each with its versions."""
    return (readable_reports(user).select_related("author", "team__service", "service")
            .prefetch_related("versions"))


def _require_author(user, report: BoardReport) -> None:
    if not is_author(user, report):
        raise PermissionDenied("Only the report's author may change it.")


# The scope and the figures.

def kind_of(report: BoardReport) -> ReportKind:
    return KINDS[report.kind]


def period_of(report: BoardReport) -> ReportPeriod:
    return ReportPeriod.containing(report.period_kind, report.period_start)


def is_provisional(report: BoardReport, *, day: date | None = None) -> bool:
    """A report whose period has not ended counts figures that will still change."""
    return period_of(report).end >= (day or local_today())


def scope_of(report: BoardReport, user, *, day: date | None = None) -> Scope:
    """The report's scope as `user` sees it: its period, team or service (404 if out of sight)."""
    return _scope(user, period_of(report), report.service_id, report.team_id, day=day)


def _scope(user, period: ReportPeriod, service_id=None, team_id=None, *, day: date | None = None) -> Scope:
    query = QueryDict(mutable=True)
    query["period"] = period.code
    if team_id:
        query["team"] = str(team_id)
    elif service_id:
        query["service"] = str(service_id)
    return scope_for(SimpleNamespace(GET=query, user=user), day=day)


def live_figures(report: BoardReport, user, *, day: date | None = None) -> dict[str, str]:
    """Each figured section's HTML, drawn by the section's panel (reports.board_kinds.PANELS: the
    dashboard's own panels, and those only a report prints) for the report's scope as `user` sees
    it today: the same numbers the dashboard shows. A panel the scope does not show (a
    practitioner's own work has no coverage) prints as an empty section."""
    scope = scope_of(report, user, day=day)
    figures = {}
    for spec in kind_of(report).sections:
        panel = PANELS[spec.panel](scope) if spec.panel else None
        if panel is not None:
            figures[spec.key] = render_to_string(panel.template, {"data": panel.data, "scope": scope})
    return figures


def print_sections(report: BoardReport, figures: dict[str, str]) -> list[board_pdf.PrintSection]:
    return [
        board_pdf.PrintSection(spec.key, spec.title, report.narrative.get(spec.key, ""), figures.get(spec.key, ""))
        for spec in kind_of(report).sections
    ]


def print_arguments(report: BoardReport, version: BoardReportVersion, figures: dict[str, str], generated_at,
                    *, day: date | None = None) -> dict:
    """What board_pdf prints for a version: the same for the same version and figures."""
    kind, period = kind_of(report), period_of(report)
    return {
        "title": kind.title, "council": settings.COUNCIL_NAME, "period_label": period.label,
        "scope_label": report.scope_label, "board": kind.board, "author": report.author.name,
        "final": version.final, "provisional": not version.final and is_provisional(report, day=day),
        "replaces": _replaces_label(report), "sections": print_sections(report, figures),
        "generated_at": generated_at,
    }


def _replaces_label(report: BoardReport) -> str:
    if report.replaces_id is None:
        return ""
    replaced = report.replaces
    return f"report {replaced.id}, finalised {timezone.localtime(replaced.finalised_at):%-d %B %Y}"


# The changes.

@transaction.atomic
def start_report(kind: ReportKind, period: ReportPeriod, *, service=None, team=None, acting_user,
                 replaces: BoardReport | None = None) -> BoardReport:
    """A draft report of a kind, for a period and a team or a service (neither: the whole
    department, for one who sees it all), written by the acting user. A correction names the
    final report it replaces: same kind, period and scope."""
    if not may_write(acting_user, kind):
        raise PermissionDenied(f"Only a {' or '.join(kind.writers)} may write the {kind.title.lower()}.")
    if period.kind != kind.period_kind:
        raise ValidationError(f"The {kind.title.lower()} covers a {kind.period_kind}, not a {period.kind}.")
    if team is not None:
        service = None
    scope = _scope(acting_user, period, service.id if service else None, team.id if team else None)
    if not scope.narrowed and scope.visible is not EVERYONE:
        raise ValidationError("Choose a service or team: you do not see the whole department.")
    if replaces is not None:
        if not replaces.is_final:
            raise ValidationError("Only a final report can be corrected: change the draft itself.")
        if replaces.replaced_by.exists():
            raise ValidationError("This report has a correction already: change that one instead.")
        if (replaces.kind, replaces.period_start, replaces.service_id, replaces.team_id) != (
                kind.key, period.start, service.id if service else None, team.id if team else None):
            raise ValidationError("A correction is of the same kind, period and scope as the report it replaces.")
    report = BoardReport(kind=kind.key, period_kind=period.kind, period_start=period.start, service=service,
                         team=team, author=acting_user.staff_member, replaces=replaces,
                         narrative=dict(replaces.narrative) if replaces is not None else {})
    stamp(report, acting_user, "started")
    report.save()
    return report


@transaction.atomic
def save_narrative(report: BoardReport, texts: dict[str, str], *, acting_user) -> BoardReport:
    """The author's words for the sections named (others are kept), while the report is a draft."""
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    _require_author(acting_user, report)
    if report.is_final:
        raise ValidationError("This report is final, so its words can no longer be changed.")
    keys = set(kind_of(report).narrative_keys)
    narrative = dict(report.narrative)
    # One kind of line ending, whatever the browser sent.
    narrative.update({key: text.replace("\r\n", "\n").replace("\r", "\n")
                      for key, text in texts.items() if key in keys})
    validate_narrative(narrative)
    report.narrative = narrative
    stamp(report, acting_user, "narrative saved")
    report.save()
    return report


def _queue(report: BoardReport, *, acting_user, final: bool) -> BoardReportVersion:
    """The version in progress, or a new one queued: inside the caller's transaction, with the
    report's row locked, so two requests make one version (and the constraint backs that up)."""
    current = report.versions.filter(state__in=IN_PROGRESS).first()
    if current is not None and current.requested_at > timezone.now() - STALE and current.final == final:
        return current
    if current is not None:  # a dead worker's, or a draft's overtaken by finalising
        reason = "Overtaken by the final version." if final else "The build stopped without finishing."
        report.versions.filter(id=current.id, state__in=IN_PROGRESS).update(state=VersionState.FAILED, error=reason)
        transaction.on_commit(lambda: _remove_unfinished_files(report))
    number = (report.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    try:
        with transaction.atomic():
            version = BoardReportVersion.objects.create(
                report=report, number=number, generated_by=acting_user, final=final,
                figures_from=FiguresFrom.FROZEN if final else FiguresFrom.LIVE,
            )
    except IntegrityError:
        return report.versions.get(state__in=IN_PROGRESS)
    transaction.on_commit(lambda: signature(BUILD_TASK, args=(version.id,)).delay())
    return version


def _remove_unfinished_files(report: BoardReport) -> None:
    """A worker that died mid-render left its half-written file: nothing will ever name it."""
    folder = Path(board_storage().path(f"report-{report.id}"))
    for unfinished in folder.glob("*.pdf.part"):
        unfinished.unlink(missing_ok=True)


@transaction.atomic
def request_pdf(report: BoardReport, *, acting_user) -> BoardReportVersion:
    """Print the report: a version queued for Celery (or the one already on its way). A draft
    prints today's figures; a final report its frozen ones."""
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    _require_author(acting_user, report)
    return _queue(report, acting_user=acting_user, final=report.is_final)


@transaction.atomic
def finalise(report: BoardReport, *, acting_user, day: date | None = None) -> BoardReportVersion:
    """Freeze the figures into the report, make it final, queue the final PDF (built from the
    frozen figures) and complete the author's duty of the period in which it is finalised (and,
    for the whole department, its receivers')."""
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    _require_author(acting_user, report)
    if report.is_final:
        raise ValidationError("This report is already final.")
    period = period_of(report)
    if is_provisional(report, day=day):
        raise ValidationError(f"The period ends on {period.end:%-d %B %Y}: a report is made final once its "
                              "period has ended, so that its figures are whole.")
    report.frozen_figures = live_figures(report, acting_user, day=day)
    report.status, report.finalised_at = ReportStatus.FINAL, timezone.now()
    stamp(report, acting_user, "finalised")
    report.save()
    # The duty done is the one of the period in which the report is made: a report on last month
    # is this month's report (R50), as the board receives last quarter's this quarter (R01).
    on, record_kind = day or local_today(), kind_of(report).record_kind
    complete_duties(record_kind, on=on, record=report, acting_user=acting_user, owner=report.author)
    if report.service_id is None and report.team_id is None:
        _complete_receivers(record_kind, on, report, acting_user)
    return _queue(report, acting_user=acting_user, final=True)


def _complete_receivers(record_kind: str, on: date, report: BoardReport, acting_user) -> None:
    """A department-wide report is received by those the table gives the same record (R01's
    elected members, R07's Chief Executive): each one's duty for the period is done. A handful of
    people, so each is completed as the registry does for one owner."""
    receivers = (Duty.objects.outstanding().filter(responsibility__record=record_kind, period_start__lte=on,
                                                  period_end__gte=on).exclude(owner=report.author)
                 .values_list("owner", flat=True).distinct())
    for owner in StaffMember.objects.filter(id__in=receivers):
        complete_duties(record_kind, on=on, record=report, acting_user=acting_user, owner=owner)


# Building a version (the Celery task's work).

def _advance(version_id: int, before: str, after: str, **fields) -> bool:
    return BoardReportVersion.objects.filter(id=version_id, state=before).update(state=after, **fields) == 1


def build_version(version_id: int, *, day: date | None = None) -> bool:
    """Build one queued version's PDF; whether this call built it (False when another worker
    claimed it first, or it was overtaken). A failure is kept on the version with its reason."""
    if not _advance(version_id, VersionState.QUEUED, VersionState.GATHERING):
        return False
    version = BoardReportVersion.objects.select_related(
        "report__author", "report__team__service", "report__service", "report__replaces", "generated_by",
    ).get(id=version_id)
    report = version.report
    temporary = None
    try:
        if version.figures_from == FiguresFrom.FROZEN:
            figures = report.frozen_figures
        else:
            if version.generated_by is None:
                raise PermissionDenied("Whoever asked for this version no longer has an account.")
            figures = live_figures(report, version.generated_by, day=day)
        generated_at = timezone.now()
        if not _advance(version_id, VersionState.GATHERING, VersionState.RENDERING):
            return False
        pdf = board_pdf.render_pdf(**print_arguments(report, version, figures, generated_at, day=day))
        storage = board_storage()
        name = storage.get_available_name(
            f"report-{report.id}/{report.kind}-{period_of(report).code}-v{version.number}.pdf")
        final_path = storage.path(name)
        os.makedirs(os.path.dirname(final_path), exist_ok=True)
        temporary = f"{final_path}.part"
        with open(temporary, "wb") as out:
            out.write(pdf)
        os.replace(temporary, final_path)  # whole, or not there at all
        temporary = final_path
        if not _advance(version_id, VersionState.RENDERING, VersionState.DONE, file=name,
                        sha256=hashlib.sha256(pdf).hexdigest(), generated_at=generated_at, error=""):
            os.remove(final_path)  # overtaken while rendering: its file is nobody's
            return False
        return True
    except Exception as error:  # noqa: BLE001 (any failure is recorded on the version, to be retried)
        if temporary and os.path.exists(temporary):
            os.remove(temporary)
        BoardReportVersion.objects.filter(id=version_id, state__in=IN_PROGRESS).update(
            state=VersionState.FAILED, error=f"{type(error).__name__}: {error}"[:2000],
        )
        return False


# Deleting (an administrator's only).

@transaction.atomic
def delete_report(report: BoardReport, *, acting_user) -> None:
    """An administrator deletes a report with its versions; its history keeps that it was, and
    by whom it was deleted. Its files go once the deletion is committed. A report that a
    correction names cannot be deleted while the correction stands."""
    if not getattr(acting_user, "is_superuser", False):
        raise PermissionDenied("Only an administrator may delete a board report.")
    report = BoardReport.objects.select_for_update().get(pk=report.pk)
    if report.replaced_by.exists():
        raise ValidationError("A correction names this report: delete the correction first.")
    names = [name for name in report.versions.exclude(file="").values_list("file", flat=True)]
    stamp(report, acting_user, "deleted")
    report.delete()
    storage = board_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
