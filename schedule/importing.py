"""Loading a council's responsibilities table from CSV: all rows checked, then all loaded or none."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from core.csvfile import ImportFailed, read_rows
from people.models import Role

from . import records
from .models import AppliesTo, CasesFrom, Frequency, Responsibility, Strand

DEFAULT_TABLE = Path(__file__).resolve().parent / "data" / "responsibilities.csv"

REQUIRED = ["ref", "role", "task", "frequency", "count", "applies_to", "strand", "purpose"]
OPTIONAL = ["frequency_as_printed", "page", "reading_note", "notes", "active", "record", "reminder_lead_days",
            "cases_from"]


@dataclass
class TableImport:
    created: int
    updated: int
    roles_created: list[str]
    not_in_file: list[str]

    def __str__(self):
        text = f"{self.created} responsibilities added, {self.updated} updated"
        if self.roles_created:
            text += f"; new roles: {', '.join(self.roles_created)}"
        if self.not_in_file:
            text += f"; in the portal but not in this file (left as they are): {', '.join(self.not_in_file)}"
        return text


def place_in_strategy(text: str) -> str:
    """The place in the source document as the table gives it ("s.2 Role of Team Managers",
    "Appendix B"); a bare number is a page: "12" is "p. 12"."""
    text = " ".join(text.split())
    return f"p. {text}" if text.isdigit() else text


def import_responsibilities(data: bytes | str) -> TableImport:
    rows = read_rows(data, required=REQUIRED, optional=OPTIONAL)
    parsed, problems, seen = [], [], {}
    for row in rows:
        ref = row.required("ref")
        if ref and ref in seen:
            row.error("ref", f"{ref} is also on line {seen[ref]}")
        seen.setdefault(ref, row.line)
        fields = {
            "task": row.required("task"),
            "frequency": row.choice("frequency", Frequency.values),
            "frequency_as_printed": row["frequency_as_printed"],
            "count": row.whole_number("count", high=50),
            "applies_to": row.choice("applies_to", AppliesTo.values),
            "strand": row.choice("strand", Strand.values),
            "purpose": row.required("purpose"),
            "page": place_in_strategy(row["page"]),
            "notes": row["reading_note"] or row["notes"],
        }
        if "record" in row.values:
            fields["record"] = row["record"]
            if fields["record"] and fields["record"] not in records.KINDS:
                row.error("record", f"{fields['record']!r} is not a kind of record the portal keeps: "
                                    f"{', '.join(sorted(records.KINDS))}")
        if "reminder_lead_days" in row.values:
            fields["reminder_lead_days"] = (
                row.whole_number("reminder_lead_days", default=None, low=0, high=365) if row["reminder_lead_days"]
                else None
            )
        if "cases_from" in row.values:
            fields["cases_from"] = (row.choice("cases_from", CasesFrom.values) if row["cases_from"]
                                    else CasesFrom.ANYWHERE)
        if "active" in row.values:
            # Only a file that says so switches a row on or off: a row switched off in the
            # portal stays off when a table without this column is imported again.
            fields["active"] = row.yes_no("active", default=True)
        role = row.required("role")
        if len(role) > 120:
            row.error("role", "is longer than 120 characters")
        if len(ref) > 20:
            row.error("ref", "is longer than 20 characters")
        if len(fields["frequency_as_printed"]) > 120:
            row.error("frequency_as_printed", "is longer than 120 characters")
        if len(fields["page"]) > 200:
            row.error("page", "is longer than 200 characters")
        problems += row.problems
        parsed.append((ref, role, fields))
    if problems:
        raise ImportFailed(problems)
    return _load(parsed)


@transaction.atomic
def _load(parsed) -> TableImport:
    roles = {role.name.casefold(): role for role in Role.objects.all()}
    roles_created = []
    for _, name, _ in parsed:
        if name.casefold() not in roles:
            roles[name.casefold()] = Role.objects.create(name=name, slug=_free_slug(name))
            roles_created.append(name)

    existing = {r.ref: r for r in Responsibility.objects.all()}
    created = updated = 0
    for ref, role_name, fields in parsed:
        fields["role"] = roles[role_name.casefold()]
        responsibility = existing.get(ref)
        if responsibility is None:
            Responsibility.objects.create(ref=ref, **fields)
            created += 1
        elif any(getattr(responsibility, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(responsibility, name, value)
            responsibility.save()
            updated += 1
    in_file = {ref for ref, _, _ in parsed}
    return TableImport(created, updated, roles_created, sorted(set(existing) - in_file))


def _free_slug(name: str) -> str:
    base = slugify(name)[:130] or "role"
    slug, n = base, 2
    while Role.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
