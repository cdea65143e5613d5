"""Observations of practice (strand 3): a manager watches a practitioner at work and gives
feedback, which is discussed in the practitioner's next supervision and counts towards their PDR."""

from django.db import models
from simple_history.models import HistoricalRecords

from people.models import StaffMember


class Setting(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    CP_CONFERENCE = "cp_conference", "Child protection conference"
    LAC_REVIEW = "lac_review", "Looked-after child review"
    TEAM_MEETING = "team_meeting", "Team meeting"
    COURT = "court", "Court"
    OTHER = "other", "Other"


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

    class Meta:
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["practitioner", "observed_on"]), models.Index(fields=["observer"])]

    def __str__(self):
        setting = self.get_setting_display().lower()
        return f"Observation of {self.practitioner} ({setting}), {self.observed_on:%-d %B %Y}"
