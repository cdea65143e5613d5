"""Pages of participation: meetings and events with their feedback, "you said, we did", and the
annual surveys' results."""

from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core import clock
from core.exports import download, download_links, requested
from core.paging import paginate
from core.uploads import upload_page
from people.access import council_staff_member
from people.models import StaffMember, Team
from schedule.models import Duty
from schedule.records import KINDS
from schedule.views import quarter_choices

from .actions import add_feedback, change_feedback, change_meeting, record_meeting
from .exports import MEETING_COLUMNS
from .forms import (
    RESPONSE_DAYS,
    ChooseKindForm,
    FeedbackForm,
    MeetingFilter,
    MeetingForm,
    ResponseFilter,
    SurveyUploadForm,
)
from .models import (
    OUTSTANDING,
    RECORD_PREFIX,
    SURVEY_RECORD,
    Feedback,
    Meeting,
    MeetingKind,
    ResponseStatus,
    Survey,
    SurveyResult,
)
from .surveys import RUN_KIND as SURVEY_RUN


def _today():
    return clock.today()


def _council_staff(request):
    """The member of the council's staff signed in, or None."""
    return council_staff_member(request.user)


def _visible_meeting(request, pk):
    meetings = Meeting.objects.visible_to(request.user).select_related("team", "recorded_by")
    return get_object_or_404(meetings, pk=pk)


def _chosen_kind(query) -> str | None:
    """?kind=team_meeting, or ?kind=participation:team_meeting as My duties links to it."""
    chosen = query.get("kind", "").removeprefix(RECORD_PREFIX)
    return chosen if chosen in MeetingKind.values else None


def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user)
    offered, quarters, _current = quarter_choices(_today())
    form = MeetingFilter(
        request.GET or None, teams=Team.objects.filter(id__in=meetings.values("team_id")), period_choices=offered
    )
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data
            if chosen["kind"]:
                meetings = meetings.filter(kind=chosen["kind"])
            if chosen["team"]:
                meetings = meetings.filter(team_id=chosen["team"])
            if chosen["period"]:
                quarter = quarters[chosen["period"]]
                meetings = meetings.filter(held_on__range=(quarter.start, quarter.end))
        else:
            meetings = meetings.none()
    meetings = meetings.select_related("team").annotate(
        attendee_count=Count("attendees", distinct=True),
        open_count=Count("feedback", filter=Q(feedback__status__in=OUTSTANDING), distinct=True),
    ).order_by("-held_on", "-id")
    if fmt := requested(request):
        return download(fmt, f"meetings-{_today()}", MEETING_COLUMNS, meetings.select_related("recorded_by"))
    page, query = paginate(request, meetings)
    return render(
        request,
        "participation/meeting_list.html",
        {"form": form, "page": page, "query": query, "may_record": _council_staff(request) is not None,
         "downloads": download_links(request)},
    )


def meeting_detail(request, pk):
    meeting = _visible_meeting(request, pk)
    attendees = list(meeting.attendees.select_related("team").order_by("name"))
    attendee_ids = {person.id for person in attendees}
    feedback = list(meeting.feedback.select_related("owner", "theme").order_by("created_at", "id"))
    may_edit = meeting.may_edit(request.user, attendee_ids)
    for item in feedback:
        item.meeting = meeting  # so may_edit asks no more of the database
        item.editable = item.may_edit(request.user, attendee_ids)
    duties = (
        Duty.objects.visible_to(request.user)
        .filter(record_type=ContentType.objects.get_for_model(Meeting), record_id=meeting.pk)
        .with_related()
        .order_by("owner__name", "id")
    )
    history = meeting.history.select_related("history_user__staff_member", "team").order_by(
        "-history_date", "-history_id"
    )
    return render(
        request,
        "participation/meeting_detail.html",
        {"meeting": meeting, "attendees": attendees, "feedback": feedback, "may_edit": may_edit,
         "duties": duties, "history": history, "today": _today()},
    )


@require_http_methods(["GET", "POST"])
def new_meeting(request):
    me = _council_staff(request)
    if me is None:
        return render(request, "participation/no_staff_record.html", status=403)
    kind = _chosen_kind(request.GET)
    if kind is None:
        chooser = ChooseKindForm(request.GET if {"kind", "choose"} & set(request.GET) else None)
        return render(request, "participation/choose_kind.html", {"form": chooser})
    today = _today()
    form = MeetingForm(
        request.POST or None, kind=kind, user=request.user, today=today, submit_label="Save meeting",
        initial={"held_on": today, "attendees": [me.id], "title": MeetingKind(kind).label,
                 "team": me.team_id if kind == MeetingKind.TEAM_MEETING else None},
    )
    if request.method == "POST" and form.is_valid():
        meeting, done = record_meeting(
            acting_user=request.user, recorded_by=me, kind=kind, attendees=form.cleaned_data["attendees"],
            **form.meeting_fields(),
        )
        messages.success(request, f"Meeting recorded{_completed(done)}")
        return redirect(meeting)
    return render(
        request,
        "participation/meeting_form.html",
        {"form": form, "kind": MeetingKind(kind), "kind_label": KINDS[RECORD_PREFIX + kind].label, "meeting": None},
    )


def _completed(duties) -> str:
    if not duties:
        return ""
    late = sum(1 for duty in duties if duty.done_late)
    text = f": {len(duties)} dut{'y' if len(duties) == 1 else 'ies'} completed"
    return text + (f" ({late} late)" if late else "")


@require_http_methods(["GET", "POST"])
def edit_meeting(request, pk):
    meeting = _visible_meeting(request, pk)
    if not meeting.may_edit(request.user):
        raise PermissionDenied("Only whoever recorded a meeting, or attended it, changes it.")
    heading = str(meeting)  # the form changes the instance as it checks what was typed
    form = MeetingForm(
        request.POST or None, instance=meeting, kind=meeting.kind, user=request.user, today=_today(),
        submit_label="Save changes",
    )
    if request.method == "POST" and form.is_valid():
        done = change_meeting(meeting, acting_user=request.user, attendees=form.cleaned_data["attendees"],
                              **form.meeting_fields())
        messages.success(request, f"Meeting changed{_completed(done)}")
        return redirect(meeting)
    return render(
        request,
        "participation/meeting_form.html",
        {"form": form, "kind": MeetingKind(meeting.kind), "meeting": meeting, "heading": heading},
    )


@require_http_methods(["GET", "POST"])
def new_feedback(request, pk):
    meeting = _visible_meeting(request, pk)
    if not meeting.may_edit(request.user):
        raise PermissionDenied("Only whoever recorded a meeting, or attended it, adds its feedback.")
    today = _today()
    form = FeedbackForm(
        request.POST or None, today=today, submit_label="Add feedback",
        initial={"status": ResponseStatus.OPEN, "respond_by": max(meeting.held_on + timedelta(days=RESPONSE_DAYS),
                                                                  today)},
    )
    if request.method == "POST" and form.is_valid():
        add_feedback(meeting, acting_user=request.user, **form.feedback_fields())
        messages.success(request, "Feedback added")
        return redirect(meeting)
    return render(request, "participation/feedback_form.html", {"form": form, "meeting": meeting, "feedback": None})


@require_http_methods(["GET", "POST"])
def edit_feedback(request, pk):
    feedback = get_object_or_404(
        Feedback.objects.visible_to(request.user).select_related("meeting", "owner"), pk=pk
    )
    if not feedback.may_edit(request.user):
        raise PermissionDenied("Only the owner of the response, or those who may change the meeting, change it.")
    form = FeedbackForm(request.POST or None, instance=feedback, today=_today(), submit_label="Save changes")
    meeting = feedback.meeting
    if request.method == "POST" and form.is_valid():
        change_feedback(feedback, acting_user=request.user, **form.feedback_fields())
        messages.success(request, "Feedback and response saved")
        return redirect(meeting)
    return render(request, "participation/feedback_form.html",
                  {"form": form, "meeting": meeting, "feedback": feedback})


def responses(request):
    """"You said, we did": the responses one may see, by owner, open ones by default."""
    today = _today()
    feedback = Feedback.objects.visible_to(request.user)
    form = ResponseFilter(request.GET or None, owners=StaffMember.objects.filter(id__in=feedback.values("owner_id")))
    status = ""
    if form.is_bound and not form.is_valid():
        feedback = feedback.none()
    else:
        chosen = form.cleaned_data if form.is_bound else {"status": "", "owner": None}
        status = chosen["status"]
        if not status:
            feedback = feedback.outstanding()
        elif status != "all":  # as the list shows it: overdue read from the respond-by date
            feedback = feedback.in_state(status, today)
        if chosen["owner"]:
            feedback = feedback.filter(owner_id=chosen["owner"])
    feedback = feedback.select_related("owner", "meeting", "theme").order_by("owner__name", "owner_id", "respond_by",
                                                                            "id")
    page, query = paginate(request, feedback)
    owners = [(owner, list(items)) for owner, items in groupby(page.object_list, key=lambda item: item.owner)]
    return render(
        request,
        "participation/responses.html",
        {"form": form, "page": page, "query": query, "owners": owners, "today": today, "status": status},
    )


def may_import_survey(user) -> bool:
    """Council staff allowed to add surveys (a permission given in the admin), and whoever owes a
    survey duty (R79)."""
    me = council_staff_member(user)
    if me is None:
        return False
    if user.has_perm("participation.add_survey"):
        return True
    return Duty.objects.filter(owner=me, responsibility__record=SURVEY_RECORD).exists()


def survey_list(request):
    surveys = Survey.objects.visible_to(request.user).select_related("imported_by").annotate(
        answers=Count("results")
    )
    page, query = paginate(request, surveys.order_by("-year", "kind", "name"))
    return render(
        request,
        "participation/survey_list.html",
        {"page": page, "query": query, "may_import": may_import_survey(request.user)},
    )


def survey_detail(request, pk):
    survey = get_object_or_404(Survey.objects.visible_to(request.user).select_related("imported_by"), pk=pk)
    questions = {}
    for result in SurveyResult.objects.filter(survey=survey).order_by("position"):
        questions.setdefault(result.question, []).append(result)
    tables = []
    for question, results in questions.items():
        total = sum(result.count for result in results)
        for result in results:
            result.percent = round(100 * result.count / total) if total else 0
        tables.append({"question": question, "results": results, "total": total})
    return render(request, "participation/survey_detail.html", {"survey": survey, "tables": tables})


@require_http_methods(["GET", "POST"])
def upload_survey(request):
    """A survey's results, checked at once and loaded by Celery: the page goes to the load's progress."""
    me = _council_staff(request)
    if me is None or not may_import_survey(request.user):
        raise PermissionDenied("Only those who run the annual surveys upload their results.")
    today = _today()
    form = SurveyUploadForm(*(request.POST, request.FILES) if request.method == "POST" else (), today=today)
    return upload_page(
        request,
        form,
        kind=SURVEY_RUN,
        template="participation/survey_upload.html",
        options=lambda chosen: {
            "name": chosen["name"],
            "kind": chosen["kind"],
            "year": chosen["year"],
            "imported_by": me.id,
            "today": today.isoformat(),
        },
    )
