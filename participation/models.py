"""Participation (strand 5): the meetings and events where children, young people, parents,
carers and staff tell the service what works, what they said and what the service did about it
("you said, we did"), and the annual surveys of children in need and looked-after children.

Children take part here only as numbers: a meeting counts how many came, a survey how many gave
each answer. No child is named, and the forms say so.
"""

from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from learning.models import LearningTheme
from people.access import council_staff_member, visible_staff_ids
from people.models import StaffMember, Team

RECORD_PREFIX = "participation:"
SURVEY_RECORD = "participation:survey"


class MeetingKind(models.TextChoices):
    CHILDREN_IN_CARE_COUNCIL = "children_in_care_council", "Children in Care Council"
    FOSTER_CARERS_LIAISON_GROUP = "foster_carers_liaison_group", "Foster Carers Liaison Group"
    PARTICIPATION_EVENT = "participation_event", "Participation event"
    ALL_STAFF_FORUM = "all_staff_forum", "All-staff forum"
    ROUND_TABLE = "round_table", "Round table with front-line staff"
    TEAM_MEETING = "team_meeting", "Team meeting"
    MANAGERS_MEETING = "managers_meeting", "All-managers meeting"
    FOCUS_GROUP = "focus_group", "Focus group"


def _council_staff(user):
    """The member of the council's own staff signed in, or None (no staff record, or a partner agency's)."""
    return council_staff_member(user)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A meeting is seen by those who may see someone it involves: an attendee, whoever
        recorded it, or the owner of one of its responses (who must see what they answer).
        Partner agencies' people see none."""

        ids = visible_staff_ids(user)
        if ids is None:
            return self
        if _council_staff(user) is None:
            return self.none()
        attended = Meeting.attendees.through.objects.filter(meeting_id=OuterRef("pk"), staffmember_id__in=ids)
        answering = Feedback.objects.filter(meeting_id=OuterRef("pk"), owner_id__in=ids)
        return self.filter(Q(recorded_by_id__in=ids) | Exists(attended) | Exists(answering))


class Meeting(models.Model):
    """A meeting or event held to hear from children, families, carers or staff: who from the
    service attended, and how many children, young people, parents and carers took part."""

    kind = models.CharField(max_length=40, choices=MeetingKind.choices)
    held_on = models.DateField("date held")
    title = models.CharField(max_length=200)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings",
        help_text="The team whose meeting it was (a team meeting), or the team that held the event.",
    )
    attendees = models.ManyToManyField(StaffMember, related_name="meetings_attended", blank=True)
    children_count = models.PositiveIntegerField("children and young people", default=0)
    parents_count = models.PositiveIntegerField("parents", default=0)
    carers_count = models.PositiveIntegerField("carers", default=0)
    foster_carers_count = models.PositiveIntegerField("foster carers", default=0)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="meetings_recorded")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[attendees])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["kind", "held_on"], name="meeting_kind_held")]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("participation:meeting_detail", args=[self.pk])

    @property
    def record_kind(self) -> str:
        """The record kind whose duties this meeting completes (the table's `record` column)."""
        return f"{RECORD_PREFIX}{self.kind}"

    @property
    def took_part(self) -> int:
        return self.children_count + self.parents_count + self.carers_count + self.foster_carers_count

    # Who may do what to a meeting they can see (seeing it is MeetingQuerySet.visible_to's business).

    def may_edit(self, user, attendee_ids=None) -> bool:
        """Whoever recorded it, or a member of staff who attended it, corrects it and adds its feedback."""
        me = _council_staff(user)
        if me is None:
            return False
        if me.id == self.recorded_by_id:
            return True
        if attendee_ids is None:
            return self.attendees.filter(id=me.id).exists()
        return me.id in attendee_ids


class FromWhom(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    FOSTER_CARER = "foster_carer", "Foster carer"
    STAFF = "staff", "Staff"


class ResponseStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


OUTSTANDING = (ResponseStatus.OPEN, ResponseStatus.IN_PROGRESS)


class ResponseState(models.TextChoices):
    """How a response stands on a day: overdue once its respond-by date has passed and it is not
    done; otherwise its status. `Feedback.state` and `response_state_condition` are the one rule."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    OVERDUE = "overdue", "Overdue"
    DONE = "done", "Done"


def response_state_condition(state: str, today: date) -> Q:
    """The responses in this state on `today`, as a condition the database evaluates."""
    if state == ResponseState.OVERDUE:
        return Q(status__in=OUTSTANDING, respond_by__lt=today)
    if state == ResponseState.DONE:
        return Q(status=ResponseStatus.DONE)
    if state in (ResponseState.OPEN, ResponseState.IN_PROGRESS):
        return Q(status=state, respond_by__gte=today)
    raise ValueError(f"no such state of a response: {state!r}")


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The feedback of the meetings the user may see."""
        return self.filter(meeting__in=Meeting.objects.visible_to(user))

    def outstanding(self):
        return self.filter(status__in=OUTSTANDING)

    def overdue(self, today: date):
        """Not done, and to be responded to before `today`."""
        return self.filter(response_state_condition(ResponseState.OVERDUE, today))

    def in_state(self, state: str, today: date):
        return self.filter(response_state_condition(state, today))


class Feedback(models.Model):
    """What someone said at a meeting ("you said") and what the service did about it ("we did"),
    owned by a member of staff who responds by a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    from_whom = models.CharField("from", max_length=20, choices=FromWhom.choices)
    theme = models.ForeignKey(
        LearningTheme, null=True, blank=True, on_delete=models.PROTECT, related_name="participation_feedback"
    )
    said = models.TextField("what was said")
    response = models.TextField("what we did", blank=True)
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="responses_owned")
    respond_by = models.DateField("respond by")
    status = models.CharField(max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["respond_by", "id"]
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["owner", "status", "respond_by"], name="feedback_owner_status_due")]

    def __str__(self):
        return Truncator(" ".join(self.said.split())).chars(80)

    def get_absolute_url(self):
        return f"{reverse('participation:meeting_detail', args=[self.meeting_id])}#feedback-{self.pk}"

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING

    def is_overdue(self, today: date) -> bool:
        """Not done, and its respond-by date before `today` (response_state_condition's rule)."""
        return self.is_outstanding and self.respond_by < today

    def state(self, today: date) -> ResponseState:
        return ResponseState.OVERDUE if self.is_overdue(today) else ResponseState(self.status)

    def may_edit(self, user, attendee_ids=None) -> bool:
        """The owner of the response, and those who may change the meeting."""
        me = _council_staff(user)
        return me is not None and (me.id == self.owner_id or self.meeting.may_edit(user, attendee_ids))


class SurveyKind(models.TextChoices):
    CHILDREN_IN_NEED = "children_in_need", "Children in need"
    LOOKED_AFTER = "looked_after", "Looked-after children"


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Aggregated answers, no child in them: every member of the council's staff sees every
        survey; partner agencies' people (and sign-ins without a staff record) see none."""
        if getattr(user, "is_superuser", False):
            return self
        return self if _council_staff(user) is not None else self.none()


class Survey(models.Model):
    """One year's survey of children in need or of looked-after children, as its aggregated
    results were imported: how many gave each answer to each question."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SurveyKind.choices)
    year = models.PositiveSmallIntegerField(help_text="The year the survey was run.")
    imported_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys_imported"
    )
    imported_at = models.DateTimeField()

    history = HistoricalRecords()
    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "name"]
        constraints = [
            # The same file imported twice is refused, not loaded twice.
            models.UniqueConstraint(fields=["kind", "year", "name"], name="one_survey_per_kind_year_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}, {self.year})"

    def get_absolute_url(self):
        return reverse("participation:survey_detail", args=[self.pk])


class SurveyResult(models.Model):
    """How many gave this answer to this question. Imported, never edited."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveIntegerField(help_text="The row's place in the imported file.")
    question = models.CharField(max_length=500)
    answer = models.CharField(max_length=500)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question", "answer"], name="one_result_per_answer"),
        ]

    def __str__(self):
        return f"{self.question}: {self.answer} ({self.count})"
