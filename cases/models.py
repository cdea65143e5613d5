"""The open cases of the council's case management system, as its case list says they are.

A child is known here by the case reference only: no names, no dates of birth. The portal keeps
a case to know whose work it is (for the monthly audit sample) and when it closes or transfers
(which is owed an audit, R60); the case management system stays the record of the case itself.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from people.access import visible_staff_ids
from people.models import StaffMember, Team

from .references import validate_case_reference


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The cases of the people the user may see. A case with no case-holder is seen by those
        who see everyone, and by those who may see someone of its team besides themselves (its
        managers), not by the team's practitioners."""

        ids = visible_staff_ids(user)
        if ids is None:
            return self
        me = getattr(getattr(user, "staff_member", None), "id", None)
        others = ids - {me}
        teams = StaffMember.objects.filter(id__in=others, team__isnull=False).values("team_id")
        return self.filter(Q(case_holder_id__in=ids) | Q(case_holder__isnull=True, team_id__in=teams))

    def open_on(self, day: date):
        """Opened by `day` and neither closed nor transferred on or before it: a case that closes
        today is owed its closure audit, not a place in today's sample."""
        return self.filter(
            Q(opened_on__lte=day),
            Q(closed_on__isnull=True) | Q(closed_on__gt=day),
            Q(transferred_on__isnull=True) | Q(transferred_on__gt=day),
        )

    def ended(self):
        """Closed or transferred."""
        return self.filter(Q(closed_on__isnull=False) | Q(transferred_on__isnull=False))


class Case(models.Model):
    """A child's case, by its reference, with whose it is and when it opened, closed or transferred."""

    reference = models.CharField(
        max_length=40,
        unique=True,
        validators=[validate_case_reference],
        help_text="The number in the case management system. Never a child's name.",
    )
    case_holder = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    transferred_on = models.DateField(null=True, blank=True)
    last_listed_on = models.DateField(help_text="The day of the upload of the case list that last listed it.")

    history = HistoricalRecords()
    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]

    def __str__(self):
        return self.reference

    @property
    def ended_on(self) -> date | None:
        """When the case closed or transferred, whichever came first."""
        return min((day for day in (self.closed_on, self.transferred_on) if day), default=None)

    def is_open_on(self, day: date) -> bool:
        return self.opened_on <= day and not (self.ended_on and self.ended_on <= day)

    @property
    def status_label(self) -> str:
        if self.ended_on is None:
            return "Open"
        return "Closed" if self.closed_on == self.ended_on else "Transferred"
