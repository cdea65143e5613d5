"""Who is looking, at which part of the service, over which period: the reports' filters read
from the query string. Whom a person may see comes from `people.access` and nothing else; a
service or team outside it answers 404, not an empty page."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from core import clock, periods
from people.access import EVERYONE, oversees_anyone, visible_staff_ids
from people.models import Service, StaffMember, Team
from schedule.models import Strand

# The period a report covers: its kind in the query string, and the frequency it follows. Halves
# and financial years start with the council's financial year; a calendar year (the annual
# complaints report's, as the 2006 regulations count) starts in January.
KINDS = {"month": "monthly", "quarter": "quarterly", "half": "six_monthly", "year": "financial_year",
         "calendar": "annual"}
CALENDAR_START_MONTH = 1
# How far back each kind is offered, and the trend a report of that kind shows.
OFFERED = {"month": 13, "quarter": 8, "half": 6, "year": 5, "calendar": 5}
TREND = {"month": ("month", 13), "quarter": ("quarter", 8), "half": ("quarter", 8), "year": ("quarter", 8),
         "calendar": ("quarter", 8)}
# How the choosers head each kind's periods.
HEADINGS = {"quarter": "Quarters", "month": "Months", "half": "Half years", "year": "Financial years",
            "calendar": "Calendar years"}


def _start_month(kind: str) -> int:
    return CALENDAR_START_MONTH if kind == "calendar" else settings.FINANCIAL_YEAR_START_MONTH


@dataclass(frozen=True)
class ReportPeriod:
    """A month, a quarter, a half year, a financial year or a calendar year."""

    kind: str
    span: periods.Period

    @classmethod
    def containing(cls, kind: str, day: date) -> "ReportPeriod":
        return cls(kind, periods.period_containing(KINDS[kind], day, _start_month(kind)))

    @classmethod
    def parse(cls, code: str) -> "ReportPeriod | None":
        """`quarter-2026-10` is the quarter starting October 2026; None unless it names a period start."""
        kind, _, start = code.partition("-")
        if kind not in KINDS:
            return None
        try:
            day = date.fromisoformat(f"{start}-01")
        except ValueError:
            return None
        found = cls.containing(kind, day)
        return found if found.start == day else None

    @property
    def start(self) -> date:
        return self.span.start

    @property
    def end(self) -> date:
        return self.span.end

    @property
    def code(self) -> str:
        return f"{self.kind}-{self.start:%Y-%m}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        if self.kind == "calendar":
            return f"Calendar year {self.start.year}"
        name = self.span.label(KINDS[self.kind], settings.FINANCIAL_YEAR_START_MONTH)
        if self.kind in ("quarter", "half"):
            return f"{name} ({self.start:%b} to {self.end:%b %Y})"
        return f"Financial year {name}"

    @property
    def short_label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%b %Y}"
        if self.kind == "calendar":
            return str(self.start.year)
        return self.span.label(KINDS[self.kind], settings.FINANCIAL_YEAR_START_MONTH)

    def previous(self) -> "ReportPeriod":
        return ReportPeriod.containing(self.kind, self.start - timedelta(days=1))

    def back(self, count: int) -> list["ReportPeriod"]:
        """This period and the `count - 1` before it, oldest first."""
        found = [self]
        while len(found) < count:
            found.append(found[-1].previous())
        return found[::-1]

    def trend(self) -> list["ReportPeriod"]:
        """The periods a trend over this one shows: 13 months, or 8 quarters ending with it."""
        kind, count = TREND[self.kind]
        return ReportPeriod.containing(kind, self.end).back(count)

    def financial_year(self) -> "ReportPeriod":
        return ReportPeriod.containing("year", self.start)


def today() -> date:
    return clock.today()


def period_choices(day: date, kinds=("quarter", "month", "year")) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods offered of these kinds, grouped by kind, newest first."""
    groups = []
    for kind in kinds:
        offered = ReportPeriod.containing(kind, day).back(OFFERED[kind])[::-1]
        groups.append((HEADINGS[kind], [(period.code, period.label) for period in offered]))
    return groups


class ScopeForm(forms.Form):
    """The filters every report page takes. Its choices are only what the user may see."""

    # Offered as a list; any month, quarter or year read from its start is accepted, so that a
    # trend's figure links to its own period however far back it lies.
    period = forms.CharField(label="Period", required=False, widget=forms.Select)
    service = forms.TypedChoiceField(label="Service", required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    strand = forms.ChoiceField(label="Strand", required=False)

    def __init__(self, *args, user, day: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.choices = period_choices(day)
        teams = teams_seen_by(user)
        services = sorted({team.service for team in teams}, key=lambda service: service.name)
        self.fields["service"].choices = [("", "All services you can see")] + [(s.id, s.name) for s in services]
        self.fields["team"].choices = [("", "All teams you can see")] + [
            (team.id, f"{team.name} ({team.service.name})") for team in teams
        ]
        self.fields["strand"].choices = [("", "Every strand")] + list(Strand.choices)
        for name in self.fields:
            self.fields[name].widget.attrs["class"] = "govuk-select"
        self.teams = {team.id: team for team in teams}
        self.services = {service.id: service for service in services}

    def clean_period(self) -> ReportPeriod | None:
        code = self.cleaned_data["period"]
        if not code:
            return None
        found = ReportPeriod.parse(code)
        if found is None:
            raise forms.ValidationError("Choose a month, quarter or year from the list")
        offered = {value for _, group in self.fields["period"].widget.choices for value, _ in group}
        if found.code not in offered:  # followed from a trend: shown as chosen
            self.fields["period"].widget.choices = [("Chosen", [(found.code, found.label)]),
                                                    *self.fields["period"].widget.choices]
        return found


def teams_seen_by(user) -> list[Team]:
    """The teams with someone in them whom the user may see, with their services: one query."""
    ids = visible_staff_ids(user)
    teams = Team.objects.select_related("service").order_by("service__name", "name")
    if ids is EVERYONE:
        return list(teams)
    return list(teams.filter(id__in=StaffMember.objects.filter(id__in=ids).values("team_id")))


@dataclass
class Scope:
    """What a report counts: the staff the user may see, narrowed to a service or team, over a
    period, in a strand if one is chosen."""

    user: object
    period: ReportPeriod
    today: date
    visible: set[int] | None  # None: everyone
    service: Service | None = None
    team: Team | None = None
    strand: str = ""
    form: ScopeForm | None = field(default=None, repr=False)

    @property
    def own_only(self) -> bool:
        """A practitioner's reports are about their own work."""
        me = getattr(getattr(self.user, "staff_member", None), "id", None)
        return self.visible is not EVERYONE and self.visible <= {me}

    @property
    def narrowed(self) -> bool:
        return bool(self.service or self.team)

    def staff(self, path: str = "") -> Q:
        """The staff in scope, as a condition on the member of staff at `path` ("" for staff
        themselves, "owner" for a duty's owner, "case_holder" for an audit's)."""
        def name(attribute):
            return f"{path}__{attribute}" if path else attribute

        condition = Q()
        if self.visible is not EVERYONE:
            condition &= Q(**{name("id__in") if not path else f"{path}_id__in": sorted(self.visible)})
        if self.team:
            condition &= Q(**{name("team_id"): self.team.id})
        elif self.service:
            condition &= Q(**{name("team__service_id"): self.service.id})
        return condition

    def teams(self, path: str = "team") -> Q:
        """Records filed under a team (an audit's team, a complaint's): those of the chosen team
        or service. Who may see the record is the record's own `visible_to`."""
        if self.team:
            return Q(**{f"{path}_id": self.team.id})
        if self.service:
            return Q(**{f"{path}__service_id": self.service.id})
        return Q()

    @property
    def strand_label(self) -> str:
        return dict(Strand.choices).get(self.strand, "")

    @property
    def query(self) -> str:
        """The scope as a query string, for links back to the same view of the figures."""
        return urlencode(self.params())

    def in_strand(self, strand: str) -> bool:
        return not self.strand or self.strand == strand

    def params(self, period: ReportPeriod | None = None) -> dict[str, str]:
        found = {"period": (period or self.period).code}
        if self.service:
            found["service"] = str(self.service.id)
        if self.team:
            found["team"] = str(self.team.id)
        if self.strand:
            found["strand"] = self.strand
        return found

    def link(self, rows: str, *, period: ReportPeriod | None = None, **filters) -> str:
        """The address of the rows behind a figure: this scope, and the figure's own filters.
        A dashboard has thousands, so the path of each list is looked up once."""
        query = self.params(period) | {key: str(value) for key, value in filters.items() if value not in (None, "")}
        return f"{_rows_path(rows)}?{urlencode(query)}"


@lru_cache(maxsize=64)
def _rows_path(name: str) -> str:
    return reverse("reports:rows", args=[name])


def scope_for(request, *, day: date | None = None) -> Scope:
    """The scope the query string asks for. A service or team the user may not see is a 404; a
    period that cannot be read is an error beside the field, and this quarter is shown."""
    day = day or today()
    user = request.user
    form = ScopeForm(request.GET or None, user=user, day=day)
    visible = visible_staff_ids(user)
    if not oversees_anyone(user):
        me = getattr(getattr(user, "staff_member", None), "id", None)
        visible = {me} if me else set()
    scope = Scope(user=user, period=ReportPeriod.containing("quarter", day), today=day, visible=visible, form=form)
    if not form.is_bound:
        return scope
    form.is_valid()
    if "service" in form.errors or "team" in form.errors or "strand" in form.errors:
        raise Http404("No such service, team or strand among those you can see.")
    data = form.cleaned_data
    scope.service = form.services.get(data.get("service"))
    scope.team = form.teams.get(data.get("team"))
    if scope.team and scope.service and scope.team.service_id != scope.service.id:
        raise Http404("That team is not in that service.")
    scope.strand = data.get("strand") or ""
    if data.get("period"):
        scope.period = data["period"]
    return scope
