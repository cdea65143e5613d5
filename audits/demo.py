"""The demo council's audits: a version of the case file audit tool whose questions name the
standards of the demo library they test, partner agencies and their people, a themed and a
multi-agency theme, and this month's and last month's audits at every step of their flow (a
draft, submitted, awaiting moderation, moderated, shared with a case-holder, a partner agency's
part to give, a director's scrutiny), made through the same actions the pages use.

Deterministic (its own `random.Random`), relative to `today`, all made at nine this morning, and
run by the demo (qaportal.demo) after the year of duties and the library (standards.demo), so
that the audits complete this month's duties as they would have and use the tool naming the
standards.
"""

import random
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission

from cases.models import Case
from people.demo import DEMO_PASSWORD, moment, written_at
from people.models import Agency, StaffMember
from schedule.models import Duty
from standards.models import Standard

from . import tools
from .actions import invite_agency, moderate_audit, save_theme, scrutinise_audit, share_audit, start_audit, submit_audit
from .models import Answer, AnswerKind, Audit, AuditTheme, AuditTool, AuditType, Grade, Question

SEED = 4242
PARTNERS = [
    # agency, kind, the person who takes part for it, their job title
    ("Northshire Police", Agency.Kind.POLICE, "Kate Morgan", "Detective Sergeant, Public Protection Unit"),
    ("Northshire Integrated Care Board", Agency.Kind.HEALTH, "Owen Pritchard", "Named Nurse for Safeguarding"),
    ("Northshire Schools", Agency.Kind.EDUCATION, "Grace Adeyinka", "Designated Safeguarding Lead"),
]
THEMES = [
    (AuditType.THEMED, "Voice of the child in child in need plans", "Senior Management Team",
     "Plans should say what the child thinks and show it changed the plan.",
     "## The child's voice\ngrade: The child's wishes and feelings are recorded in their own words\n"
     "yes_no: The child was seen alone\ngrade: The plan shows what changed because of what the child said\n"
     "## Impact\ntext: What difference has the plan made for the child?\n"),
    (AuditType.MULTI_AGENCY, "Neglect: early help and step-down", "Safeguarding Children Board (MESC)",
     "Set by the MESC after the partnership's neglect review.",
     "## Recognising neglect\ngrade: Agencies recognised neglect early and shared what they knew\n"
     "yes_no: A neglect screening tool was used\n## Working together\n"
     "grade: Agencies planned together and each knew their part\n"
     "text: What would have helped the child sooner?\n"),
]
STRENGTHS = [
    "A clear, current chronology and a plan the family understands.",
    "The child's views are recorded in their own words and shaped the plan.",
    "Management oversight is recorded at each key decision.",
]
IMPROVEMENTS = [
    "The chronology has gaps since the last review.",
    "The plan's outcomes are not specific or measurable.",
    "Visits are not always recorded within the timescale.",
]
# The case file tool's questions (as their text begins) and the standard of the demo library
# (standards.demo) each tests.
TESTED_BY = [
    ("The case record is up to date", "case-recording"),
    ("The chronology is up to date", "chronologies"),
    ("The assessment is timely", "assessment"),
    ("Management oversight is recorded", "management-oversight"),
    ("Supervision records show", "supervision"),
    ("The child's wishes, feelings", "voice-of-the-child"),
]


def seed_audits(today: date, *, log=print) -> int:
    """Make the demo's audits; returns how many."""
    when = moment(today, 9)
    # The duties the audits complete are marked done by schedule, which takes no moment of its own.
    with written_at(when, Duty):
        return _seed_audits(today, when, log)


def _seed_audits(today: date, when: datetime, log) -> int:
    rng = random.Random(SEED)
    User = get_user_model()
    staff = {member.user.username: member for member in StaffMember.objects.select_related("user", "team")
             .filter(user__isnull=False)}
    admin_user = User.objects.filter(is_superuser=True).first()
    password = make_password(DEMO_PASSWORD)
    name_standards_in_case_file_tool(admin_user, at=when)

    partners = []
    for name, kind, person, title in PARTNERS:
        agency = _made(Agency(name=name, kind=kind), when)
        first, last = person.lower().split()
        user = User.objects.create(username=f"{first}.{last}", email=f"{first}.{last}@{kind}.example.org",
                                   password=password)
        partners.append(_made(StaffMember(
            user=user, staff_number=f"P-{agency.pk:03d}", name=person, job_title=title, agency=agency,
            email=user.email, started_on=today - timedelta(days=400),
        ), when))
    setter = Permission.objects.get(codename="add_audittheme")
    for username in ("nadia.hussain", "rosalind.fairweather", "ngozi.eze"):
        if username in staff:
            staff[username].user.user_permissions.add(setter)

    themes = {}
    for audit_type, title, set_by, why, questions in THEMES:
        theme = AuditTheme(audit_type=audit_type, title=title, set_by=set_by, description=why)
        save_theme(theme, acting_user=admin_user, questions=f"title: {title}\n{questions}", at=when)
        themes[audit_type] = theme

    cases = _cases(today)
    holders = [m for m in staff.values() if m.is_case_holder and m.team and m.team.name.startswith("Assessment")]
    made = []

    def audit(auditor, audit_type=AuditType.CASE_FILE, holder=None, on=None, theme=None, grade=None, **fields):
        holder = holder or rng.choice(holders)
        reference = cases.get(holder.id) or f"CS-{200000 + len(made) * 37:06d}"
        started = start_audit(
            acting_user=auditor.user, auditor=auditor, audit_type=audit_type, theme=theme, case_reference=reference,
            case_holder=holder, team=holder.team, audited_on=on or today - timedelta(days=rng.randint(1, 12)),
            at=when, **fields,
        )
        made.append(started)
        _answer(made[-1], rng, grade or rng.choice([Grade.GOOD, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT]), when)
        return made[-1]

    def submitted(auditor, **kwargs):
        item = audit(auditor, **kwargs)
        submit_audit(item, acting_user=auditor.user, draw=lambda: 1.0, at=when)
        return item

    daniel, rebecca, nadia, ngozi = (staff.get(u) for u in ("daniel.mensah", "rebecca.thompson", "nadia.hussain",
                                                             "ngozi.eze"))
    aisha, director = staff.get("aisha.rahman"), staff.get("sarah.whitfield")
    if not all([daniel, rebecca, nadia, ngozi, aisha]):
        log("Audits: the demo's auditors are missing; none made")
        return 0

    for_aisha = submitted(daniel, holder=aisha, grade=Grade.GOOD)
    share_audit(for_aisha, acting_user=daniel.user, at=when)  # for Aisha to read
    for _ in range(3):
        submitted(daniel)
    submitted(daniel, moderation_requested=True)  # for the moderators
    moderated = submitted(rebecca, grade=Grade.REQUIRES_IMPROVEMENT, moderation_requested=True)
    grades = {a.id: (Grade.GOOD if i == 0 else a.grade, "The plan was reviewed on time and is clear." if i == 0
                     else "") for i, a in enumerate(moderated.answers.exclude(grade=""))}
    moderate_audit(moderated, acting_user=ngozi.user, overall_grade=Grade.REQUIRES_IMPROVEMENT,
                   comment="Agree overall: the chronology needs bringing up to date.", grades=grades, at=when)
    audit(rebecca)  # a draft to come back to
    submitted(nadia, audit_type=AuditType.THEMED, theme=themes[AuditType.THEMED])
    multi = audit(ngozi, audit_type=AuditType.MULTI_AGENCY, theme=themes[AuditType.MULTI_AGENCY])
    for partner in partners[:2]:
        invite_agency(multi, acting_user=ngozi.user, agency=partner.agency, contributor=partner, at=when)
    for _ in range(4):  # last month's
        submitted(daniel, on=today.replace(day=1) - timedelta(days=rng.randint(3, 25)))
    if director is not None:
        made[1].refresh_from_db()
        scrutinise_audit(made[1], acting_user=director.user, on=today, at=when,
                         comment="A thorough audit. I would like the service leader to follow up the "
                                 "recording timescales across the team.")
    log(f"Audits: {len(made)} audits, {len(themes)} themes, {len(partners)} partner agencies")
    return len(made)


def name_standards_in_case_file_tool(acting_user, *, at: datetime | None = None) -> AuditTool | None:
    """A new version of the case file tool whose questions name the standards of the library that
    they test (TESTED_BY), of those the library has; returns it, or None if it would name none."""
    current = AuditTool.objects.current(AuditType.CASE_FILE)
    known = set(Standard.objects.filter(code__in=[code for _, code in TESTED_BY]).values_list("code", flat=True))
    if current is None or not known:
        return None
    lines, named = [], False
    for line in tools.as_text(current).splitlines():
        _, _, question = line.partition(": ")
        code = next((code for start, code in TESTED_BY if question.startswith(start) and "[" not in question), None)
        if code in known:
            line, named = f"{line} [standard: {code}]", True
        lines.append(line)
    if not named:
        return None
    tool = tools.save_version(AuditType.CASE_FILE, "\n".join(lines) + "\n", acting_user=acting_user)
    if at is not None:  # a tool version keeps no history; saving stamps `created_at` with the clock's time
        AuditTool.objects.filter(pk=tool.pk).update(created_at=at)
        tool.created_at = at
    return tool


def _made(record, at: datetime):
    """A partner agency's record, made at `at` (people has no actions of its own to make one)."""
    record._history_date = at
    record.save()
    return record


def _cases(today: date) -> dict[int, str]:
    """A case reference from the case list for each case-holder, where the case list has been loaded."""
    found = {}
    for holder_id, reference in Case.objects.filter(closed_on__isnull=True, transferred_on__isnull=True).values_list(
        "case_holder_id", "reference"
    ).order_by("reference"):
        found.setdefault(holder_id, reference)
    return found


def _answer(audit: Audit, rng: random.Random, grade: str, at: datetime) -> None:
    answers = []
    for question in Question.objects.filter(domain__tool=audit.tool_id):
        if question.kind == AnswerKind.GRADE:
            chosen = grade if rng.random() < 0.7 else rng.choice([Grade.GOOD, Grade.OUTSTANDING, grade])
            comment = rng.choice(IMPROVEMENTS) if chosen in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE) else ""
            answers.append(Answer(audit=audit, question=question, grade=chosen, comment=comment))
        elif question.kind == AnswerKind.YES_NO:
            answers.append(Answer(audit=audit, question=question, yes_no=rng.choice(["yes", "yes", "no"])))
        else:
            answers.append(Answer(audit=audit, question=question, text=rng.choice(STRENGTHS)))
    Answer.objects.bulk_create(answers)
    audit.overall_grade = grade
    audit.strengths, audit.improvements = rng.choice(STRENGTHS), rng.choice(IMPROVEMENTS)
    audit._history_user, audit._change_reason, audit._history_date = audit.auditor.user, "draft saved", at
    audit.save(update_fields=["overall_grade", "strengths", "improvements"])
