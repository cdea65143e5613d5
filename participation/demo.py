"""The demo council's participation: a Children in Care Council with the director and her deputy,
a Foster Carers Liaison Group and a team meeting, each with feedback and the service's responses
("you said, we did"), and this year's survey of looked-after children.

Made through the app's own actions, so the meetings complete the attendees' duties as they would
have. Invented and deterministic, relative to `today`, all recorded at nine this morning. Needs the
demo council (people.demo) and its year of duties (schedule.demo) first.
"""

from datetime import timedelta

from learning.models import LearningTheme
from people.demo import moment, written_at
from people.models import StaffMember, Team
from schedule.models import Duty

from .actions import add_feedback, record_meeting
from .models import FromWhom, Meeting, MeetingKind, ResponseStatus, SurveyKind
from .surveys import import_survey

PEOPLE = {
    "director": "sarah.whitfield",
    "deputy": "marcus.adeyemi",
    "head_lac": "gareth.llewellyn",
    "head_ai": "priya.raman",
    "head_sm": "nadia.hussain",
    "team_leader": "rebecca.thompson",
    "fostering_leader": "agnieszka.nowak",
    "sl_cic": "imran.qureshi",
}
TEAM = "Assessment Team 1"

SURVEY = """question,answer,count
Do you know who your social worker is?,Yes,41
Do you know who your social worker is?,No,4
Do you know who your social worker is?,Not sure,3
Does your social worker listen to you?,Always,22
Does your social worker listen to you?,Sometimes,19
Does your social worker listen to you?,Never,5
Does your social worker listen to you?,Did not answer,2
Do you feel safe where you live?,Yes,43
Do you feel safe where you live?,No,2
Do you feel safe where you live?,Did not answer,3
Have you been to your last review meeting?,Yes,30
Have you been to your last review meeting?,No,14
Have you been to your last review meeting?,Did not answer,4
"""


def seed_participation(today, *, log=print) -> list[Meeting]:
    """Three meetings with their feedback and one imported survey; nothing when the portal has
    meetings already or lacks the demo council's people."""
    when = moment(today, 9)
    # The duties they complete are marked done by schedule, which takes no moment of its own.
    with written_at(when, Duty):
        return _seed_participation(today, when, log)


def _seed_participation(today, when, log) -> list[Meeting]:
    if Meeting.objects.exists():
        log("Participation: the portal has meetings already; the demo's are not added")
        return []
    found = {
        member.user.username: member
        for member in StaffMember.objects.filter(user__username__in=PEOPLE.values()).select_related("user")
    }
    missing = sorted(set(PEOPLE.values()) - set(found))
    team = Team.objects.filter(name=TEAM).first()
    if missing or team is None:
        log(f"Participation: the demo council is not there ({', '.join(missing) or TEAM} missing); nothing added")
        return []
    who = {key: found[username] for key, username in PEOPLE.items()}
    themes = {theme.name: theme for theme in LearningTheme.objects.all()}

    def meeting(recorder, **fields):
        made, done = record_meeting(acting_user=recorder.user, recorded_by=recorder, at=when, **fields)
        log(f"Participation: {made} recorded, {len(done)} dut{'y' if len(done) == 1 else 'ies'} completed")
        return made

    def feedback(made, recorder, days, theme=None, **fields):
        add_feedback(made, acting_user=recorder.user, theme=themes.get(theme),
                     respond_by=made.held_on + timedelta(days=days), at=when, **fields)

    cicc = meeting(
        who["deputy"], kind=MeetingKind.CHILDREN_IN_CARE_COUNCIL, held_on=today - timedelta(days=24),
        title="Children in Care Council: meeting with the director", team=None,
        attendees=[who["director"], who["deputy"], who["head_lac"]],
        children_count=14, parents_count=0, carers_count=2, foster_carers_count=0,
        notes="Young people chose the agenda: changes of social worker, reviews, and pocket money.",
    )
    feedback(cicc, who["deputy"], 28, "Voice of the child", from_whom=FromWhom.CHILD,
             said="We have too many changes of social worker and have to tell our story again each time.",
             owner=who["head_lac"], status=ResponseStatus.IN_PROGRESS,
             response="Each change of worker now has a joint handover visit; caseload caps agreed for the teams.")
    feedback(cicc, who["deputy"], 42, "Planning", from_whom=FromWhom.CHILD,
             said="Review meetings are at times when we are at school.",
             owner=who["sl_cic"], status=ResponseStatus.DONE,
             response="Reviewing officers now offer after-school times first; 9 reviews moved this term.")
    feedback(cicc, who["deputy"], 56, from_whom=FromWhom.CARER,
             said="Pocket money rules are different between foster homes and children's homes.",
             owner=who["deputy"], status=ResponseStatus.OPEN)

    fclg = meeting(
        who["head_lac"], kind=MeetingKind.FOSTER_CARERS_LIAISON_GROUP, held_on=today - timedelta(days=12),
        title="Foster Carers Liaison Group", team=None,
        attendees=[who["deputy"], who["head_lac"], who["fostering_leader"]],
        children_count=0, parents_count=0, carers_count=0, foster_carers_count=23,
        notes="Strategic plan for placement sufficiency shared; carers asked about training and delegated authority.",
    )
    feedback(fclg, who["head_lac"], 28, "Multi-agency working", from_whom=FromWhom.FOSTER_CARER,
             said="We are not told about health appointments until the last minute.",
             owner=who["fostering_leader"], status=ResponseStatus.OPEN)
    feedback(fclg, who["head_lac"], 35, from_whom=FromWhom.FOSTER_CARER,
             said="Delegated authority is not explained at placement start.",
             owner=who["head_lac"], status=ResponseStatus.IN_PROGRESS,
             response="A one-page guide to delegated authority is being written with carers.")

    team_meeting = meeting(
        who["team_leader"], kind=MeetingKind.TEAM_MEETING, held_on=today - timedelta(days=5),
        title=f"{TEAM}: team meeting with the head of service", team=team,
        attendees=[who["team_leader"], who["head_ai"], who["deputy"]],
        children_count=0, parents_count=0, carers_count=0, foster_carers_count=0,
        notes="Caseloads, duty rota and the new assessment template.",
    )
    feedback(team_meeting, who["team_leader"], 21, "Recording", from_whom=FromWhom.STAFF,
             said="The new assessment template duplicates the chronology.",
             owner=who["head_ai"], status=ResponseStatus.OPEN)

    survey, done = import_survey(
        SURVEY, name=f"Looked-after children's survey {today.year}", kind=SurveyKind.LOOKED_AFTER, year=today.year,
        imported_by=who["head_sm"], acting_user=who["head_sm"].user, today=today,
    )
    log(f"Participation: {survey} imported, {len(done)} dut{'y' if len(done) == 1 else 'ies'} completed")
    return [cicc, fclg, team_meeting]
