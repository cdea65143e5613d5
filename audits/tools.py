"""Audit tools as text: how the shipped tools are written and how administrators edit them.

    title: Case file audit
    ## Quality of assessment
    grade: The assessment is up to date and analyses the child's needs
    yes_no: The child was seen alone
    text: What difference has the work made for the child?
    yes_no: The chronology is up to date [standard: chronologies]

A `## ` line starts a domain; every other line is `kind: question`, which may end with
`[standard: code]` to say which policy or practice standard of the library the question tests.
Saving text always makes a new version, so the audits made with the old one keep their questions.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import transaction

from standards.models import Standard

from .models import AnswerKind, AuditTool, AuditType

DEFAULT_TOOLS = Path(__file__).resolve().parent / "data" / "tools"


class ToolTextError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# `[standard: chronologies]` at the end of a question line.
STANDARD_TAG = re.compile(r"\[\s*standard\s*:(?P<code>[^\]]*)\]\s*$", re.IGNORECASE)


class QuestionText(NamedTuple):
    kind: str
    text: str
    standard: str = ""  # the code of the standard it tests, if any


@dataclass
class DomainText:
    title: str
    questions: list[QuestionText] = field(default_factory=list)


@dataclass
class ToolText:
    title: str
    domains: list[DomainText]


def parse(text: str) -> ToolText:
    title, domains, errors = "", [], []
    named: list[tuple[int, str]] = []  # (line, code) of each question naming a standard
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
            code = ""
            if tag := STANDARD_TAG.search(rest):
                code, rest = tag["code"].strip().lower(), rest[: tag.start()].strip()
                if not code:
                    errors.append(f"line {number}: write '[standard: code]' with the code of a standard")
                else:
                    named.append((number, code))
            if not rest:
                errors.append(f"line {number}: the question needs its text before '[standard: ...]'")
            domains[-1].questions.append(QuestionText(kind, rest, code))
    errors += _unknown_standards(named)
    if not title:
        errors.append("line 1: the tool needs a 'title: ...' line")
    if not domains:
        errors.append("the tool needs at least one '## domain' with questions")
    errors += [f"domain {d.title!r} has no questions" for d in domains if d.title and not d.questions]
    if errors:
        raise ToolTextError(errors)
    return ToolText(title, domains)


def _unknown_standards(named: list[tuple[int, str]]) -> list[str]:
    """An error for each line naming a code no standard of the library has (one query, and none
    when no line names a standard)."""
    if not named:
        return []

    known = set(Standard.objects.filter(code__in={code for _, code in named}).values_list("code", flat=True))
    return [
        f"line {number}: no standard in the library has the code {code!r}"
        for number, code in named
        if code not in known
    ]


def _question_line(question) -> str:
    tag = f" [standard: {question.standard.code}]" if question.standard_id else ""
    return f"{question.kind}: {question.text}{tag}"


def as_text(tool: AuditTool) -> str:
    lines = [f"title: {tool.title}"]
    for domain in tool.domains.prefetch_related("questions"):
        lines.append(f"## {domain.title}")
        lines += [_question_line(question) for question in domain.questions.all()]
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
    standards = _standard_ids(parsed)
    for position, domain_text in enumerate(parsed.domains, start=1):
        domain = tool.domains.create(position=position, title=domain_text.title)
        for number, question in enumerate(domain_text.questions, start=1):
            domain.questions.create(
                position=number, kind=question.kind, text=question.text, standard_id=standards.get(question.standard)
            )
    return tool


def _standard_ids(parsed: ToolText) -> dict[str, int]:
    codes = {question.standard for domain in parsed.domains for question in domain.questions if question.standard}
    if not codes:
        return {}

    return dict(Standard.objects.filter(code__in=codes).values_list("code", "id"))


def load_default_tools() -> list[AuditTool]:
    """The shipped tool of every audit type that has none yet."""
    return [
        save_version(audit_type, (DEFAULT_TOOLS / f"{audit_type}.txt").read_text())
        for audit_type in AuditType.values
        if not AuditTool.objects.filter(audit_type=audit_type, theme=None).exists()
    ]
