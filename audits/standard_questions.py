"""The audit questions that test a standard, shown on the standard's page (a section of
standards.pages.STANDARD_PAGE): the questions of each tool's current version, a type's (each of
its tools) or a theme's, that name the standard."""

from django.db.models import Exists, OuterRef, Q

from core.sections import Section

from .models import AuditTool, Question


def testing_questions(standard):
    """One query."""
    tool = "domain__tool__"
    newer = AuditTool.objects.filter(version__gt=OuterRef(tool + "version"))
    newer_of_type = newer.filter(theme__isnull=True, key=OuterRef(tool + "key"))
    newer_of_theme = newer.filter(theme=OuterRef(tool + "theme"))
    return (
        Question.objects.filter(standard=standard)
        .filter(
            (Q(domain__tool__theme__isnull=True) & ~Exists(newer_of_type))
            | (Q(domain__tool__theme__isnull=False) & ~Exists(newer_of_theme))
        )
        .select_related("domain__tool__theme")
        .order_by("domain__tool__audit_type", "domain__tool__theme__title", "domain__position", "position")
    )


def questions_section(user, standard) -> dict:
    return {"questions": testing_questions(standard)}


SECTION = Section("audits/includes/standard_questions.html", questions_section)
