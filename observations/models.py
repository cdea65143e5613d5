"""Observations of practice (strand 3): a manager watches a practitioner at work and gives
feedback, which is discussed in the practitioner's next supervision and counts towards their PDR."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from people.access import is_above, manages, visible_staff_ids
from people.models import RoleAssignment, StaffMember

# The kinds of record an observation is, as the responsibilities table's `record` column names them.
PRACTICE_RECORD = "observation:practice"  # the observer's own duty to observe practice (R17, R34, R39)
CP_CONFERENCE_RECORD = "observation:cp_conference"  # the observer's duty to observe a conference (R11, R26, R54)
LAC_REVIEW_RECORD = "observation:lac_review"  # the observer's duty to observe a LAC review (R55)
PRACTITIONER_RECORD = "observation:practitioner"  # coverage: every practitioner observed each year (R59)
IRO_RECORD = "observation:iro"  # coverage: every IRO observed chairing a LAC review each year (R69, R72)


class Setting(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    CP_CONFERENCE = "cp_conference", "Child protection conference"
    LAC_REVIEW = "lac_review", "Looked-after child review"
    TEAM_MEETING = "team_meeting", "Team meeting"
    COURT = "court", "Court"
    OTHER = "other", "Other"

    @property
    def record_kind(self) -> str:
        """The observer's duty this observation completes first: a conference or a review has
        duties of its own; anything else is an observation of practice."""
        return {
            Setting.CP_CONFERENCE: CP_CONFERENCE_RECORD,
            Setting.LAC_REVIEW: LAC_REVIEW_RECORD,
        }.get(self, PRACTICE_RECORD)


def setting_for_kind(kind: str) -> str | None:
    """The setting a duty's record kind implies, for a page opened from My duties."""
    return {
        CP_CONFERENCE_RECORD: Setting.CP_CONFERENCE,
        LAC_REVIEW_RECORD: Setting.LAC_REVIEW,
        IRO_RECORD: Setting.LAC_REVIEW,
    }.get(kind)


def observes_as_manager(observer: StaffMember, practitioner: StaffMember, on: date) -> bool:
    """Whether an observation by `observer` counts as one "by a team leader or above" (R59): on
    that date they hold a role that oversees staff, or they are above the practitioner in the
    line-management chain (as it stands now: line management keeps no dates)."""
    if observer.id == practitioner.id:
        return False
    if RoleAssignment.objects.current_on(on).filter(staff=observer, role__oversees_scope=True).exists():
        return True
    return is_above(observer.id, practitioner.id)


class ObservationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Observations made by, or of, someone the user may see: the observer sees theirs, a
        practitioner the observations of their own practice, a manager those of their people."""

        ids = visible_staff_ids(user)
        if ids is None:
            return self
        return self.filter(Q(observer_id__in=ids) | Q(practitioner_id__in=ids))


class Observation(models.Model):
    observer = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="observations_made")
    practitioner = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="observations_of_my_practice"
    )
    observed_on = models.DateField()
    setting = models.CharField(max_length=20, choices=Setting.choices)
    went_well = models.TextField("what went well")
    to_develop = models.TextField("what to develop", blank=True)
    feedback_given_on = models.DateField("date feedback was given", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [
            models.Index(fields=["practitioner", "observed_on"]),
            models.Index(fields=["observer"]),
            models.Index(fields=["-observed_on", "-id"], name="observation_newest_first"),  # the list's order
        ]

    def __str__(self):
        setting = self.get_setting_display().lower()
        return f"Observation of {self.practitioner} ({setting}), {self.observed_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("observations:detail", args=[self.pk])

    # Who may do what to an observation they can see (seeing it is ObservationQuerySet.visible_to's business).

    def _is(self, user, staff_id) -> bool:
        me = getattr(user, "staff_member", None)
        return me is not None and me.id == staff_id

    def may_edit(self, user) -> bool:
        """The observer, who also records when the feedback was given."""
        return self._is(user, self.observer_id)

    def is_of(self, user) -> bool:
        """Whether the user is the practitioner observed."""
        return self._is(user, self.practitioner_id)

    def may_raise_actions(self, user) -> bool:
        """The observer, or a manager of the practitioner, sets the actions an observation calls for."""

        return self._is(user, self.observer_id) or manages(user, self.practitioner)
