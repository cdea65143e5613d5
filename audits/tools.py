"""Audit tools as text: how the shipped tools are written and how administrators edit them.

    title: Case file audit
    ## Quality of assessment
    grade: The assessment is up to date and analyses the child's needs
    yes_no: The child was seen alone
    text: What difference has the work made for the child?

A `## ` line starts a domain; every other line is `kind: question`. Saving text always makes a
new version, so the audits made with the old one keep their questions.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import AnswerKind, AuditTool, AuditType

DEFAULT_TOOLS = Path(__file__).resolve().parent / "data" / "tools"


class ToolTextError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class DomainText:
    title: str
    questions: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)


@dataclass
class ToolText:
    title: str
    domains: list[DomainText]


def parse(text: str) -> ToolText:
    title, domains, errors = "", [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") and not line.startswith("##"):
            continue
        if line.startswith("##"):
            heading = line.lstrip("#").strip()
            if not heading:
                errors.append(f"line {number}: a domain needs a title after ##")
            domains.append(DomainText(heading))
            continue
        kind, colon, rest = line.partition(":")
        kind, rest = kind.strip().lower(), rest.strip()
        if not colon or not rest:
            errors.append(f"line {number}: write 'kind: text' (kinds: title, {', '.join(AnswerKind.values)})")
        elif kind == "title":
            title = rest
        elif kind not in AnswerKind.values:
            errors.append(f"line {number}: {kind!r} is not a kind of answer ({', '.join(AnswerKind.values)})")
        elif not domains:
            errors.append(f"line {number}: a question must come after a '## domain' line")
        else:
            domains[-1].questions.append((kind, rest))
    if not title:
        errors.append("line 1: the tool needs a 'title: ...' line")
    if not domains:
        errors.append("the tool needs at least one '## domain' with questions")
    errors += [f"domain {d.title!r} has no questions" for d in domains if d.title and not d.questions]
    if errors:
        raise ToolTextError(errors)
    return ToolText(title, domains)


def as_text(tool: AuditTool) -> str:
    lines = [f"title: {tool.title}"]
    for domain in tool.domains.prefetch_related("questions"):
        lines.append(f"## {domain.title}")
        lines += [f"{question.kind}: {question.text}" for question in domain.questions.all()]
    return "\n".join(lines) + "\n"


@transaction.atomic
def save_version(audit_type: str, text: str, *, acting_user=None, theme=None) -> AuditTool:
    """Make the next version of this type's tool, or of a theme's own questions, from text
    (ToolTextError if it cannot be read)."""
    parsed = parse(text)
    latest = (
        AuditTool.objects.select_for_update().filter(audit_type=audit_type, theme=theme).order_by("-version").first()
    )
    tool = AuditTool.objects.create(
        audit_type=audit_type,
        theme=theme,
        version=(latest.version + 1) if latest else 1,
        title=parsed.title,
        created_by=acting_user,
    )
    for position, domain_text in enumerate(parsed.domains, start=1):
        domain = tool.domains.create(position=position, title=domain_text.title)
        for number, (kind, question) in enumerate(domain_text.questions, start=1):
            domain.questions.create(position=number, kind=kind, text=question)
    return tool


def load_default_tools() -> list[AuditTool]:
    """The shipped tool of every audit type that has none yet."""
    return [
        save_version(audit_type, (DEFAULT_TOOLS / f"{audit_type}.txt").read_text())
        for audit_type in AuditType.values
        if not AuditTool.objects.filter(audit_type=audit_type, theme=None).exists()
    ]
