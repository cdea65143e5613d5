"""Audit tools as text: how the shipped tools are written and how administrators edit them.

    title: Case file audit
    ## Quality of assessment
    grade: The assessment is up to date and analyses the child's needs
    yes_no: The child was seen alone
    text: What difference has the work made for the child?
    yes_no: The chronology is up to date [standard: chronologies]

A `## ` line starts a domain; every other line is `kind: question`, which may end with
`[standard: code]` to say which policy or practice standard of the library the question tests.
A line starting with a single `#` is a comment, and is dropped.

What a council's own form needs as well:

    ## 1. Case details
    choice: 1.1 Legal status [options: CIN | CP | LAC s20 | LAC s31]
    date: 1.2 Date the child became looked after
    number: 1.3 Placements in the last 12 months
    ## 2. The care plan
    > Read the care plan and the minutes of the last review.
    > Good: the plan is current, specific and shaped by the child's views
    ### 2a. Permanence
    grade: 2.1 There is a plan for permanence, agreed at the second review
    > Look in the minutes of the second review.
    > Inadequate: there is no plan for permanence
    ## 3. Leaving care [may not apply]
    grade: 3.1 The pathway plan is up to date

- **Guidance**: `> ` lines after a domain, a sub-domain or a question are its guidance, shown
  beside it. A `> ` line that starts with a grade and a colon (`> Good: ...`, `> Outstanding:`,
  `> Requires improvement:`, `> Inadequate:`, `> Not applicable:`) says what that grade looks
  like: a grade descriptor, for a domain, a sub-domain or a grade question.
- **Sub-domains**: a `### ` line under a domain heads the questions after it, until the next
  `### ` or `## `. Its questions are still the domain's (and counted by the domain).
- **The tool's own numbers**: a number at the start of a question, domain or sub-domain
  (`1.1 `, `2.3a `, `4. `, `4) `, `2a. `) is kept as its number and shown instead of the portal's
  (which is "domain.question": 2.1). A plain number needs its dot or bracket: `3 visits` is text.
  So a question whose words begin with a decimal ("1.5 hours...") must be worded otherwise.
- **Facts about the case**: `date: `, `number: ` (a whole number, 0 or more) and
  `choice: ... [options: A | B | C]`, each checked as it is answered. A fact may not record the
  child's name, date of birth, NHS number, unique pupil number or address: the case reference
  is the identifier.
- **A domain that may not apply**: `[may not apply]` at the end of its heading lets the auditor
  mark it "does not apply to this case"; its questions are then not asked for.

Saving text always makes a new version of one tool (named by its key), so the audits made with
the old one keep their questions.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from standards.models import Standard

from .models import FACT_KINDS, AnswerKind, AuditTool, AuditType, Grade, numbered

DEFAULT_TOOLS = Path(__file__).resolve().parent / "data" / "tools"
# The shipped tools: each file's name is its tool's key, and a type's own tool is named after
# the type. A second tool of a type says its type here.
SHIPPED_TYPES = {"looked_after_case_file": AuditType.CASE_FILE}

# The editors' hint; "How to write a tool" beside them (audits/includes/tool_syntax.html) says the rest.
HINT = (
    "First line 'title: ...'. A line starting '## ' begins a domain, '### ' a sub-domain and '> ' guidance; "
    "each question is 'kind: text', the kind one of grade, yes_no, text, date, number or choice."
)
TITLE_LIMIT = 200  # the columns' length
OPTION_LIMIT = 100


class ToolTextError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# `[standard: chronologies]` or `[options: CIN | CP]` at the end of a question line.
QUESTION_TAG = re.compile(r"\[\s*(?P<tag>standard|options)\s*:(?P<value>[^\]]*)\]\s*$", re.IGNORECASE)
MAY_NOT_APPLY = re.compile(r"\[\s*may\s+not\s+apply\s*\]\s*$", re.IGNORECASE)
# The tool's own number: "1.1 ", "2.3a ", "4. ", "4) ", "2a. ". A plain number needs its dot or
# bracket, so that "3 visits a month" stays words.
OWN_NUMBER = re.compile(r"^(?P<number>\d+(?:\.\d+)+[a-z]?|\d+[a-z]?(?=[.)]))[.)]?\s+(?=\S)", re.IGNORECASE)
# `> Good: ...`: what a grade looks like.
DESCRIPTOR = re.compile(
    r"^(?P<grade>outstanding|good|requires improvement(?: to be good)?|inadequate|not applicable)\s*:(?P<text>.*)$",
    re.IGNORECASE,
)
GRADE_OF = {label.lower(): value for value, label in Grade.choices} | {
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT
}
# What a fact may not record: the child is known by the case reference alone (data minimisation
# matters more than matching a paper form).
IDENTITY = [
    ("name", re.compile(r"\b(?:sur|fore)?names?\b")),
    ("date of birth", re.compile(r"\bdate\s+of\s+birth\b|\bd\.?\s?o\.?\s?b\b|\bbirth\s*(?:date|day)\b|\bborn\b")),
    ("NHS number", re.compile(r"\bnhs\s*(?:no|num|number|id)\b")),
    ("unique pupil number", re.compile(r"\bunique\s+pupil\s+number\b|\bupn\b")),
    ("address", re.compile(r"\baddress\b|\bpost\s?code\b")),
]


@dataclass
class GuidedText:
    """What a domain, sub-domain or question tells the auditor (its `> ` lines)."""

    guidance: str = ""
    descriptors: dict[str, str] = field(default_factory=dict)  # {grade: what it looks like}
    line: int = field(default=0, compare=False)  # where it is in the text


@dataclass
class QuestionText(GuidedText):
    kind: str = ""
    text: str = ""
    standard: str = ""  # the code of the standard it tests, if any
    number: str = ""  # the tool's own number, if it has one
    options: list[str] = field(default_factory=list)  # a choice's
    subdomain: int | None = None  # the place in its domain's `subdomains`, or None for none


@dataclass
class SubDomainText(GuidedText):
    title: str = ""
    number: str = ""


@dataclass
class DomainText(GuidedText):
    title: str = ""
    number: str = ""
    may_not_apply: bool = False
    questions: list[QuestionText] = field(default_factory=list)  # every question, sub-domains' too
    subdomains: list[SubDomainText] = field(default_factory=list)


@dataclass
class ToolText:
    title: str
    domains: list[DomainText]


def _own_number(text: str) -> tuple[str, str]:
    """(the tool's own number or "", the text after it)."""
    if found := OWN_NUMBER.match(text):
        return found["number"], text[found.end() :]
    return "", text


def _identity(label: str) -> str | None:
    """What of the child's identity a fact labelled so would record, if anything."""
    label = label.lower().replace("’", "'")
    return next((what for what, pattern in IDENTITY if pattern.search(label)), None)


class _Reader:
    """Reads a tool's text line by line, collecting every error with its line."""

    def __init__(self):
        self.title, self.domains, self.errors = "", [], []
        self.named: list[tuple[int, str]] = []  # (line, code) of each question naming a standard
        self.numbers: dict[str, int] = {}  # each question's own number, and its line
        self.guided: GuidedText | None = None  # what the next `> ` line is about
        self.described: dict[str, int] = {}  # the grades it describes so far, and their lines

    def error(self, number: int, message: str) -> None:
        self.errors.append(f"line {number}: {message}")

    def read(self, text: str) -> ToolText:
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#") and not line.startswith("##"):
                continue
            if line.startswith(">"):
                self.guidance(number, line[1:].strip())
            elif line.startswith("##"):
                self.heading(number, line)
            else:
                self.question(number, line)
        self.errors += _unknown_standards(self.named)
        if not self.title:
            self.errors.append("line 1: the tool needs a 'title: ...' line")
        if not self.domains:
            self.errors.append("the tool needs at least one '## domain' with questions")
        for domain in self.domains:
            if domain.title and not domain.questions:
                self.errors.append(f"domain {domain.title!r} has no questions")
            used = {question.subdomain for question in domain.questions}
            self.errors += [
                f"line {sub.line}: sub-domain {sub.title!r} has no questions"
                for index, sub in enumerate(domain.subdomains)
                if sub.title and index not in used
            ]
        if self.errors:
            raise ToolTextError(self.errors)
        return ToolText(self.title, self.domains)

    def guide(self, guided: GuidedText | None) -> None:
        self.guided, self.described = guided, {}

    def heading(self, number: int, line: str) -> None:
        level = len(line) - len(line.lstrip("#"))
        heading = line.lstrip("#").strip()
        may_not_apply = bool(MAY_NOT_APPLY.search(heading))
        heading = MAY_NOT_APPLY.sub("", heading).strip()
        own, title = _own_number(heading)
        if level > 3:
            self.error(number, "a heading is '## domain' or '### sub-domain': there is no deeper level")
            self.guide(GuidedText())  # its guidance goes nowhere, without an error of its own
            return
        what = "domain" if level == 2 else "sub-domain"
        if not title:
            self.error(number, f"a {what} needs a title after {'#' * level}")
        elif len(title) > TITLE_LIMIT:
            self.error(number, f"a {what}'s title is at most {TITLE_LIMIT} characters")
        if level == 2:
            domain = DomainText(title=title, number=own, may_not_apply=may_not_apply, line=number)
            self.domains.append(domain)
            self.guide(domain)
            return
        if may_not_apply:
            self.error(number, "only a domain ('## ') may be marked [may not apply]")
        if not self.domains:
            self.error(number, "a sub-domain ('### ') must come after a '## domain' line")
            self.guide(GuidedText())
            return
        sub = SubDomainText(title=title, number=own, line=number)
        self.domains[-1].subdomains.append(sub)
        self.guide(sub)

    def guidance(self, number: int, line: str) -> None:
        guided = self.guided
        if guided is None:
            self.error(number, "guidance ('> ') must come after a domain, a sub-domain or a question")
            return
        if not line:
            return
        if found := DESCRIPTOR.match(line):
            grade, text = GRADE_OF[" ".join(found["grade"].lower().split())], found["text"].strip()
            label = Grade(grade).label
            if isinstance(guided, QuestionText) and guided.kind != AnswerKind.GRADE:
                self.error(
                    number,
                    f"a grade descriptor ('> {label}: ...') is for a grade question, a domain or a "
                    f"sub-domain, not a {guided.kind.replace('_', '/')} question",
                )
            elif not text:
                self.error(number, f"say what {label.lower()} looks like after '{label}:'")
            elif grade in self.described:
                self.error(number, f"{label} is already described on line {self.described[grade]}")
            else:
                guided.descriptors[grade] = text
                self.described[grade] = number
            return
        guided.guidance = f"{guided.guidance}\n{line}" if guided.guidance else line

    def question(self, number: int, line: str) -> None:
        self.guide(GuidedText())  # a line in error: the guidance after it goes nowhere, without an error of its own
        kind, colon, rest = line.partition(":")
        kind, rest = kind.strip().lower(), rest.strip()
        if not colon or not rest:
            self.error(number, f"write 'kind: text' (kinds: title, {', '.join(AnswerKind.values)})")
        elif kind == "title":
            self.guide(None)
            self.title = rest
            if len(rest) > TITLE_LIMIT:
                self.error(number, f"the title is at most {TITLE_LIMIT} characters")
        elif kind not in AnswerKind.values:
            self.error(number, f"{kind!r} is not a kind of answer ({', '.join(AnswerKind.values)})")
        elif not self.domains:
            self.error(number, "a question must come after a '## domain' line")
        else:
            question = self.read_question(number, kind, rest)
            domain = self.domains[-1]
            question.subdomain = len(domain.subdomains) - 1 if domain.subdomains else None
            domain.questions.append(question)
            self.guide(question)

    def read_question(self, number: int, kind: str, rest: str) -> QuestionText:
        tags = {}
        while tag := QUESTION_TAG.search(rest):
            name = tag["tag"].lower()
            if name in tags:
                self.error(number, f"write '[{name}: ...]' once")
            tags[name], rest = tag["value"].strip(), rest[: tag.start()].strip()
        code = tags.get("standard", "").lower()
        if "standard" in tags:
            if not code:
                self.error(number, "write '[standard: code]' with the code of a standard")
            else:
                self.named.append((number, code))
        own, text = _own_number(rest)
        if not text:
            self.error(number, f"the question needs its text before '[{next(iter(tags), 'standard')}: ...]'")
        if own:
            if own in self.numbers:
                self.error(number, f"question {own} is already numbered on line {self.numbers[own]}")
            self.numbers.setdefault(own, number)
        options = self.options(number, kind, tags.get("options"))
        if kind in FACT_KINDS and (what := _identity(text)):
            self.error(number, f"a fact may not record the child's {what}: the case reference is the identifier")
        return QuestionText(kind=kind, text=text, standard=code, number=own, options=options, line=number)

    def options(self, number: int, kind: str, typed: str | None) -> list[str]:
        if kind != AnswerKind.CHOICE:
            if typed is not None:
                self.error(number, "only a choice question has [options: ...]")
            return []
        if typed is None:
            self.error(number, "a choice needs its options, like 'choice: Legal status [options: CIN | CP | LAC]'")
            return []
        options = [" ".join(option.split()) for option in typed.split("|")]
        if any(not option for option in options):
            self.error(number, "an option is empty: write the options with a | between each two")
        elif len(options) < 2:
            self.error(number, "a choice needs at least two options, with a | between each two")
        for option in dict.fromkeys(option for option in options if options.count(option) > 1):
            self.error(number, f"the option {option!r} is listed twice")
        if any(len(option) > OPTION_LIMIT for option in options):
            self.error(number, f"an option is at most {OPTION_LIMIT} characters")
        return options


def parse(text: str) -> ToolText:
    return _Reader().read(text)


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


def _guidance_lines(guided) -> list[str]:
    lines = [f"> {line}" for line in guided.guidance.splitlines() if line.strip()]
    return lines + [f"> {label}: {text}" for label, text in guided.grade_descriptors]


def _question_line(question) -> str:
    options = f" [options: {' | '.join(question.options)}]" if question.kind == AnswerKind.CHOICE else ""
    tag = f" [standard: {question.standard.code}]" if question.standard_id else ""
    return f"{question.kind}: {numbered(question.number, question.text)}{options}{tag}"


def as_text(tool: AuditTool) -> str:
    lines = [f"title: {tool.title}"]
    for domain in tool.domains.prefetch_related("questions"):
        lines.append(f"## {numbered(domain.number, domain.title)}{' [may not apply]' if domain.may_not_apply else ''}")
        lines += _guidance_lines(domain)
        under = None
        for question in domain.questions.all():
            if question.subdomain_id != under:
                under = question.subdomain_id
                lines.append(f"### {question.subdomain.heading}")
                lines += _guidance_lines(question.subdomain)
            lines.append(_question_line(question))
            lines += _guidance_lines(question)
    return "\n".join(lines) + "\n"


def key_for(title: str) -> str:
    """The key of a new tool of this title."""
    return slugify(title)[:60].strip("-") or "tool"


@transaction.atomic
def save_version(audit_type: str, text: str, *, acting_user=None, theme=None, key: str | None = None) -> AuditTool:
    """Make the next version of a tool from text (ToolTextError if it cannot be read): of the
    type's own tool, of the type's tool `key`, or of a theme's own questions."""
    parsed = parse(text)
    if theme is not None:
        key = ""
        versions = AuditTool.objects.filter(theme=theme)
    else:
        key = key or audit_type
        versions = AuditTool.objects.filter(theme=None, key=key)
    latest = versions.select_for_update().order_by("-version").first()
    if latest is not None and latest.audit_type != audit_type:
        raise ToolTextError([f"the tool {key!r} is a {AuditType(latest.audit_type).label.lower()} tool"])
    tool = AuditTool.objects.create(
        audit_type=audit_type,
        key=key,
        theme=theme,
        version=(latest.version + 1) if latest else 1,
        title=parsed.title,
        created_by=acting_user,
    )
    standards = _standard_ids(parsed)
    for position, domain_text in enumerate(parsed.domains, start=1):
        domain = tool.domains.create(
            position=position,
            title=domain_text.title,
            number=domain_text.number,
            may_not_apply=domain_text.may_not_apply,
            guidance=domain_text.guidance,
            descriptors=domain_text.descriptors,
        )
        subdomains = [
            domain.subdomains.create(
                position=place, title=sub.title, number=sub.number, guidance=sub.guidance, descriptors=sub.descriptors
            )
            for place, sub in enumerate(domain_text.subdomains, start=1)
        ]
        for number, question in enumerate(domain_text.questions, start=1):
            domain.questions.create(
                position=number,
                kind=question.kind,
                text=question.text,
                number=question.number,
                options=question.options,
                guidance=question.guidance,
                descriptors=question.descriptors,
                standard_id=standards.get(question.standard),
                subdomain=subdomains[question.subdomain] if question.subdomain is not None else None,
            )
    return tool


def _standard_ids(parsed: ToolText) -> dict[str, int]:
    codes = {question.standard for domain in parsed.domains for question in domain.questions if question.standard}
    if not codes:
        return {}

    return dict(Standard.objects.filter(code__in=codes).values_list("code", "id"))


def shipped_tools() -> dict[str, tuple[str, Path]]:
    """Each shipped tool's key, with its type and its file."""
    return {
        path.stem: (SHIPPED_TYPES.get(path.stem, path.stem), path)
        for path in sorted(DEFAULT_TOOLS.glob("*.txt"))
        if path.stem in AuditType.values or path.stem in SHIPPED_TYPES
    }


def load_default_tools() -> list[AuditTool]:
    """The shipped tools that have no version yet."""
    have = set(AuditTool.objects.filter(theme=None).values_list("key", flat=True))
    return [
        save_version(audit_type, path.read_text(), key=key)
        for key, (audit_type, path) in shipped_tools().items()
        if key not in have
    ]
