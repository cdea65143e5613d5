"""factory-boy factories for audits. The tools themselves are the shipped ones, loaded by migrate."""

from datetime import date

import factory

from audits.models import Answer, Audit, AuditTool, AuditType
from people.tests.factories import StaffMemberFactory


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
        else:
            data[name] = f"Answer to {question.text}"
    data.update(fields)
    return data


def questions(audit: Audit, kind: str | None = None) -> list:
    """The questions of the audit's tool, in page order (optionally of one kind)."""
    from audits.models import Question

    found = Question.objects.filter(domain__tool=audit.tool_id).order_by("domain__position", "position")
    return list(found.filter(kind=kind) if kind else found)
