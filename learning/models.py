"""Learning from quality assurance: the actions that audits (and later complaints, observations
and surveys) give rise to, the action plans that group them, and the themes that tag them."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import Truncator, slugify
from simple_history.models import HistoricalRecords

from people.access import manages, oversees_anyone, visible_staff_ids
from people.models import StaffMember

# The themes every portal starts with; after that they are the council's to add to and retire.
DEFAULT_THEMES = [
    "Voice of the child",
    "Chronologies",
    "Management oversight",
    "Assessment",
    "Planning",
    "Multi-agency working",
    "Recording",
    "Supervision",
    "Risk and safeguarding",
    "Step-down and closure",
]


class LearningTheme(models.Model):
    """A recurring subject of learning (voice of the child, chronologies, ...), so that audits
    and actions can be counted by theme."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:140]
        super().save(*args, **kwargs)


def load_default_themes() -> list[LearningTheme]:
    """The default themes, when the portal has none at all (so a council's own renaming or
    retiring of a theme is never undone by the next migrate)."""
    if LearningTheme.objects.exists():
        return []
    return [LearningTheme.objects.create(name=name) for name in DEFAULT_THEMES]


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A plan about a theme is the whole service's; a plan of a record is seen by whoever
        made it and by those who may see one of its actions."""

        ids = visible_staff_ids(user)
        if ids is None:
            return self
        return self.filter(
            Q(source_type__isnull=True)
            | Q(created_by_id=getattr(user, "pk", None))
            | Exists(Action.objects.involving(ids).filter(plan=OuterRef("pk")))
        )

    def of_record(self, record):
        return self.filter(source_type=ContentType.objects.get_for_model(record), source_id=record.pk)


class ActionPlan(models.Model):
    """The actions of one record (an audit now; a complaint, an observation or a survey later)
    or of one learning theme, grouped so that they can be followed up together."""

    title = models.CharField(max_length=200)
    # The record the actions arose from. Generic, so that any strand's records can own a plan.
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    theme = models.ForeignKey(
        LearningTheme, null=True, blank=True, on_delete=models.PROTECT, related_name="action_plans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # plan_for() gets or creates: a record has one plan, however many people add to it at once.
            models.UniqueConstraint(
                fields=["source_type", "source_id"], condition=Q(source_type__isnull=False), name="one_plan_per_record"
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="plan_source_whole_or_absent",
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=False) | Q(theme__isnull=False), name="plan_of_a_record_or_a_theme"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:plan_detail", args=[self.pk])

    def clean(self):
        if self.source_type_id is None and self.theme_id is None:
            raise ValidationError("An action plan belongs to a record or to a learning theme.")


class Level(models.TextChoices):
    CASEWORK = "casework", "Casework"
    STRUCTURAL = "structural", "Structural"


class Status(models.TextChoices):
    """What the owner has recorded. Overdue is not among them: it is a fact of the due date
    (State), true the day after the action fell due, whatever was last recorded."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


OUTSTANDING = (Status.OPEN, Status.IN_PROGRESS)  # not yet done


class State(models.TextChoices):
    """How an action stands on a day: overdue once its due date has passed and it is not done;
    otherwise its status. `Action.state` and `state_condition` are the one rule."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    OVERDUE = "overdue", "Overdue"
    DONE = "done", "Done"


def state_condition(state: str, today: date, prefix: str = "") -> Q:
    """The actions in this state on `today`, as a condition the database evaluates; `prefix`
    ("actions__") for actions reached through a relation."""

    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    if state == State.OVERDUE:
        return q(status__in=OUTSTANDING, due_on__lt=today)
    if state == State.DONE:
        return q(status=Status.DONE)
    if state in (State.OPEN, State.IN_PROGRESS):
        return q(status=state, due_on__gte=today)
    raise ValueError(f"no such state of an action: {state!r}")


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Actions owned or raised by someone the user may see."""

        ids = visible_staff_ids(user)
        return self if ids is None else self.involving(ids)

    def involving(self, staff_ids):
        return self.filter(Q(owner_id__in=staff_ids) | Q(raised_by_id__in=staff_ids))

    def open(self):
        """Not done yet, overdue or not."""
        return self.filter(status__in=OUTSTANDING)

    def overdue(self, today: date):
        """Not done, and due before `today`."""
        return self.filter(state_condition(State.OVERDUE, today))

    def in_state(self, state: str, today: date):
        return self.filter(state_condition(state, today))

    def in_team_of(self, user):
        """Actions owned by the people this user may see, other than their own: their team."""

        ids = visible_staff_ids(user)
        actions = self if ids is None else self.filter(owner_id__in=ids)
        me = getattr(getattr(user, "staff_member", None), "id", None)
        return actions.exclude(owner_id=me) if me is not None else actions


# The fields by which a record names the person who made it (an audit's auditor). That person may
# raise actions from it whether or not they oversee anyone.
MADE_BY = ("auditor_id",)


class Action(models.Model):
    """Something a named person will do, by a date, because a record (or a theme) showed it was
    needed: about one child's case (casework) or about how the service works (structural)."""

    plan = models.ForeignKey(ActionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="actions")
    raised_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="actions_raised")
    due_on = models.DateField("due date")
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.CASEWORK)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField("progress and evidence of completion", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    themes = models.ManyToManyField(LearningTheme, blank=True, related_name="actions")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[themes])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(completed_on__isnull=False) & ~Q(evidence="")),
                name="action_done_with_evidence_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_status_due"),
            models.Index(fields=["owner", "status", "due_on"], name="action_owner_status_due"),
            models.Index(fields=["due_on", "id"], name="action_due"),  # the list's order
        ]

    def __str__(self):
        return Truncator(" ".join(self.description.split())).chars(80)

    def get_absolute_url(self):
        return reverse("learning:action_detail", args=[self.pk])

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING

    def is_overdue(self, today: date) -> bool:
        """Not done, and due before `today` (state_condition's rule, for one action read)."""
        return self.is_outstanding and self.due_on < today

    def state(self, today: date) -> State:
        return State.OVERDUE if self.is_overdue(today) else State(self.status)

    def clean(self):
        if self.status == Status.DONE and not (self.evidence and self.completed_on):
            raise ValidationError("An action is done only with its evidence and the date it was completed.")

    # Who may do what to an action they can see (seeing it is ActionQuerySet.visible_to's business).

    @staticmethod
    def _me(user):
        return getattr(user, "staff_member", None)

    def may_update(self, user) -> bool:
        """The owner records progress, evidence and completion."""
        me = self._me(user)
        return me is not None and me.id == self.owner_id

    def may_edit(self, user) -> bool:
        """The person who raised it, or a manager above its owner, changes what it asks, of whom
        and by when."""

        me = self._me(user)
        return me is not None and (me.id == self.raised_by_id or manages(user, self.owner))

    @classmethod
    def may_raise(cls, user, source=None) -> bool:
        """Those who oversee someone raise actions; so does the person who made the record. A
        record that says who sets its actions (an audit: its auditor or a manager of the
        case-holder) has the last word."""

        me = cls._me(user)
        if me is None:
            return False
        if source is not None and hasattr(source, "may_raise_actions"):
            return source.may_raise_actions(user)  # a record that says who sets its actions
        if source is not None and any(getattr(source, name, None) == me.id for name in MADE_BY):
            return True
        return oversees_anyone(user)

    # Changes, each claimed once: the row is locked and read afresh, so that the owner's update
    # and an edit at the same moment never undo each other.

    def record_progress(self, *, acting_user, status: str, evidence: str, completed_on: date | None):
        """The owner's update: in progress (with a note), or done (with evidence and a date).
        An action past its due date is overdue however far it has got, until it is done or
        given a later date."""
        if status not in (Status.IN_PROGRESS, Status.DONE):
            raise ValueError(f"Progress is in progress or done, not {status}")

        def change(current):
            current.evidence, current.status = evidence, status
            if status == Status.DONE:
                current.completed_on = completed_on
                return "marked done"
            return "progress updated"

        self._claim(acting_user, change)

    def revise(self, *, acting_user, themes=None, **fields):
        """What the action asks, of whom and by when (given a later date, an overdue action is
        no longer overdue: nothing else need change)."""

        def change(current):
            for name, value in fields.items():
                setattr(current, name, value)
            return "changed"

        self._claim(acting_user, change, themes=themes)

    @transaction.atomic
    def _claim(self, acting_user, change, themes=None):
        current = Action.objects.select_for_update().get(pk=self.pk)
        if current.status == Status.DONE:
            self.refresh_from_db()
            raise ValidationError("This action is done, so it can no longer be changed.")
        current._history_user = acting_user
        current._change_reason = change(current)
        current.full_clean(exclude=["plan", "owner", "raised_by", "themes"])
        current.save()
        if themes is not None and set(themes) != set(current.themes.all()):
            current._change_reason = "learning themes changed"
            current.themes.set(themes)
        self.refresh_from_db()
