"""The demo council's audits: partner agencies and their people, a themed and a multi-agency
theme, and this month's and last month's audits at every step of their flow (a draft, submitted,
awaiting moderation, moderated, shared with a case-holder, a partner agency's part to give, a
director's scrutiny), made through the same actions the pages use.

Deterministic (its own `random.Random`), relative to `today`, and run by `seed_demo` after the
year of duties, so that the audits complete this month's duties as they would have.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission

from people.demo import DEMO_PASSWORD
from people.models import Agency, StaffMember

from . import tools
from .actions import invite_agency, moderate_audit, scrutinise_audit, share_audit, submit_audit
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


def seed_audits(today: date, *, log=print) -> int:
    """Make the demo's audits; returns how many."""
    rng = random.Random(SEED)
    User = get_user_model()
    staff = {member.user.username: member for member in StaffMember.objects.select_related("user", "team")
             .filter(user__isnull=False)}
    admin_user = User.objects.filter(is_superuser=True).first()
    password = make_password(DEMO_PASSWORD)

    partners = []
    for name, kind, person, title in PARTNERS:
        agency = Agency.objects.create(name=name, kind=kind)
        first, last = person.lower().split()
        user = User.objects.create(username=f"{first}.{last}", email=f"{first}.{last}@{kind}.example.org",
                                   password=password)
        partners.append(StaffMember.objects.create(
            user=user, staff_number=f"P-{agency.pk:03d}", name=person, job_title=title, agency=agency,
            email=user.email, started_on=today - timedelta(days=400),
        ))
    setter = Permission.objects.get(codename="add_audittheme")
    for username in ("nadia.hussain", "rosalind.fairweather", "ngozi.eze"):
        if username in staff:
            staff[username].user.user_permissions.add(setter)

    themes = {}
    for audit_type, title, set_by, why, questions in THEMES:
        theme = AuditTheme.objects.create(audit_type=audit_type, title=title, set_by=set_by, description=why)
        tools.save_version(audit_type, f"title: {title}\n{questions}", acting_user=admin_user, theme=theme)
        themes[audit_type] = theme

    cases = _cases(today)
    holders = [m for m in staff.values() if m.is_case_holder and m.team and m.team.name.startswith("Assessment")]
    made = []

    def audit(auditor, audit_type=AuditType.CASE_FILE, holder=None, on=None, theme=None, grade=None, **fields):
        holder = holder or rng.choice(holders)
        reference = cases.get(holder.id) or f"CS-{200000 + len(made) * 37:06d}"
        tool = AuditTool.objects.current(audit_type, theme=theme)
        started = Audit(
            audit_type=audit_type, tool=tool, theme=theme, case_reference=reference, case_holder=holder,
            team=holder.team, auditor=auditor, audited_on=on or today - timedelta(days=rng.randint(1, 12)),
            **fields,
        )
        started._history_user, started._change_reason = auditor.user, "started"
        started.save()
        made.append(started)
        _answer(made[-1], rng, grade or rng.choice([Grade.GOOD, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT]))
        return made[-1]

    def submitted(auditor, **kwargs):
        item = audit(auditor, **kwargs)
        submit_audit(item, acting_user=auditor.user, draw=lambda: 1.0)
        return item

    daniel, rebecca, nadia, ngozi = (staff.get(u) for u in ("daniel.mensah", "rebecca.thompson", "nadia.hussain",
                                                             "ngozi.eze"))
    aisha, director = staff.get("aisha.rahman"), staff.get("sarah.whitfield")
    if not all([daniel, rebecca, nadia, ngozi, aisha]):
        log("Audits: the demo's auditors are missing; none made")
        return 0

    share_audit(submitted(daniel, holder=aisha, grade=Grade.GOOD), acting_user=daniel.user)  # for Aisha to read
    for _ in range(3):
        submitted(daniel)
    submitted(daniel, moderation_requested=True)  # for the moderators
    moderated = submitted(rebecca, grade=Grade.REQUIRES_IMPROVEMENT, moderation_requested=True)
    grades = {a.id: (Grade.GOOD if i == 0 else a.grade, "The plan was reviewed on time and is clear." if i == 0
                     else "") for i, a in enumerate(moderated.answers.exclude(grade=""))}
    moderate_audit(moderated, acting_user=ngozi.user, overall_grade=Grade.REQUIRES_IMPROVEMENT,
                   comment="Agree overall: the chronology needs bringing up to date.", grades=grades)
    audit(rebecca)  # a draft to come back to
    submitted(nadia, audit_type=AuditType.THEMED, theme=themes[AuditType.THEMED])
    multi = audit(ngozi, audit_type=AuditType.MULTI_AGENCY, theme=themes[AuditType.MULTI_AGENCY])
    for partner in partners[:2]:
        invite_agency(multi, acting_user=ngozi.user, agency=partner.agency, contributor=partner)
    for _ in range(4):  # last month's
        submitted(daniel, on=today.replace(day=1) - timedelta(days=rng.randint(3, 25)))
    if director is not None:
        made[1].refresh_from_db()
        scrutinise_audit(made[1], acting_user=director.user, on=today,
                         comment="A thorough audit. I would like the service leader to follow up the "
                                 "recording timescales across the team.")
    log(f"Audits: {len(made)} audits, {len(themes)} themes, {len(partners)} partner agencies")
    return len(made)


def _cases(today: date) -> dict[int, str]:
    """A case reference from the case list for each case-holder, where the case list has been loaded."""
    try:
        from cases.models import Case
    except ImportError:  # pragma: no cover - the cases app ships with the portal
        return {}
    found = {}
    for holder_id, reference in Case.objects.filter(closed_on__isnull=True, transferred_on__isnull=True).values_list(
        "case_holder_id", "reference"
    ).order_by("reference"):
        found.setdefault(holder_id, reference)
    return found


def _answer(audit: Audit, rng: random.Random, grade: str) -> None:
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
    audit._history_user, audit._change_reason = audit.auditor.user, "draft saved"
    audit.save(update_fields=["overall_grade", "strengths", "improvements"])
