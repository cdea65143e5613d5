"""factory-boy factories for audits. The tools themselves are the shipped ones, loaded by migrate."""

from datetime import date

import factory

from audits.models import Answer, Audit, AuditTool, AuditType
from people.tests.factories import StaffMemberFactory


def looked_after_tool():
    """The shipped second case file tool, which uses every construct of the tools' text."""
    return AuditTool.objects.current(AuditType.CASE_FILE, key="looked_after_case_file")


class AuditFactory(factory.django.DjangoModelFactory):
    """A draft case file audit made with the current tool of its type."""

    class Meta:
        model = Audit

    audit_type = AuditType.CASE_FILE
    tool = factory.LazyAttribute(lambda o: AuditTool.objects.current(o.audit_type))
    case_reference = factory.Sequence(lambda n: f"CR-{10000 + n}")
    case_holder = factory.SubFactory(StaffMemberFactory, is_case_holder=True)
    team = factory.LazyAttribute(lambda o: o.case_holder.team if o.case_holder else None)
    auditor = factory.SubFactory(StaffMemberFactory)
    audited_on = date(2026, 4, 15)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    audit = factory.SubFactory(AuditFactory)
    question = factory.LazyAttribute(lambda o: o.audit.tool.domains.first().questions.first())


def complete_answers(audit: Audit, grade: str = "good", **fields) -> dict:
    """POST data answering every question of the audit's tool, then `fields` on top."""
    from audits.models import AnswerKind, Question

    data = {"overall_grade": "good", "strengths": "A clear, current plan", "improvements": "", "submit": ""}
    for question in Question.objects.filter(domain__tool=audit.tool_id):
        name = f"q{question.id}"
        if question.kind == AnswerKind.GRADE:
            data[name], data[f"{name}_comment"] = grade, ""
        elif question.kind == AnswerKind.YES_NO:
            data[name], data[f"{name}_comment"] = "yes", ""
        elif question.kind == AnswerKind.DATE:
            data[f"{name}_0"], data[f"{name}_1"], data[f"{name}_2"] = "3", "2", "2025"
        elif question.kind == AnswerKind.NUMBER:
            data[name] = "2"
        elif question.kind == AnswerKind.CHOICE:
            data[name] = question.options[0]
        else:
            data[name] = f"Answer to {question.text}"
    data.update(fields)
    return data


def questions(audit: Audit, kind: str | None = None) -> list:
    """The questions of the audit's tool, in page order (optionally of one kind)."""
    from audits.models import Question

    found = Question.objects.filter(domain__tool=audit.tool_id).order_by("domain__position", "position")
    return list(found.filter(kind=kind) if kind else found)


def form_group(html: str, field_id: str) -> str:
    """The GOV.UK form group of one field, from its opening tag to the next form group."""
    start = html.index(f'id="div_{field_id}"')
    end = html.find('id="div_', start + 1)
    return html[start:end]


def answer_every_question(audit: Audit, grade: str = "good") -> list[Answer]:
    """Answers to every question of the audit's tool, each grade `grade`."""
    from audits.models import AnswerKind

    made = []
    for question in questions(audit):
        fields = {
            AnswerKind.GRADE: {"grade": grade},
            AnswerKind.YES_NO: {"yes_no": "yes"},
            AnswerKind.TEXT: {"text": f"Answer to {question.text}"},
            AnswerKind.DATE: {"date": date(2025, 2, 3)},
            AnswerKind.NUMBER: {"number": 2},
            AnswerKind.CHOICE: {"choice": question.options[0] if question.options else ""},
        }[question.kind]
        made.append(AnswerFactory(audit=audit, question=question, **fields))
    return made


def moderators() -> tuple:
    """The holder of the moderating role (the Head of Safeguarding Monitoring, outside the cast's
    line) and a quality assurance officer who reports to her."""
    from django.conf import settings

    from people.tests.factories import RoleAssignmentFactory, RoleFactory, UserFactory

    head = StaffMemberFactory(user=UserFactory(username="monitoring"), name="Morgan Monitoring",
                              job_title="Head of Safeguarding Monitoring")
    RoleAssignmentFactory(staff=head, role=RoleFactory(name=settings.MODERATOR_ROLE))
    officer = StaffMemberFactory(user=UserFactory(username="qa_officer"), name="Quinn Officer",
                                 job_title="Quality Assurance Officer", line_manager=head)
    return head, officer


THEME_QUESTIONS = (
    "title: Neglect themed audit\n"
    "## Recognising neglect\n"
    "grade: Neglect was recognised early\n"
    "text: What did this case show about neglect?\n"
)


def theme_with_questions(audit_type: str = AuditType.THEMED, title: str = "Neglect", text: str = THEME_QUESTIONS,
                         **fields):
    """A theme with version 1 of its own questions."""
    from audits.models import AuditTheme
    from audits.tools import save_version

    fields.setdefault("set_by", "Senior Management Team")
    theme = AuditTheme.objects.create(audit_type=audit_type, title=title, **fields)
    save_version(audit_type, text, theme=theme)
    return theme


def partner(username: str = "police_officer", agency: str = "Police", kind: str = "police", **fields):
    """Someone from a partner agency, with a user to sign in with."""
    from people.models import Agency
    from people.tests.factories import UserFactory

    found, _ = Agency.objects.get_or_create(name=agency, defaults={"kind": kind})
    return StaffMemberFactory(user=UserFactory(username=username), name=username.replace("_", " ").title(),
                              agency=found, job_title="Partner", **fields)


def allowed_to_set_themes(staff):
    """Give this person's user the permission to set themes (audits.add_audittheme)."""
    from django.contrib.auth.models import Permission

    staff.user.user_permissions.add(Permission.objects.get(codename="add_audittheme", content_type__app_label="audits"))
    return staff
