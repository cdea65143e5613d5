"""The kinds of record that complete duties ("audit:case_file"): a registry the strands fill when
they start (schedule.records explains how a record completes its duties). It imports no model,
so the duty model can ask it which kind completes a duty."""

from dataclasses import dataclass

from django.urls import reverse

LONGEST = 80  # characters of a responsibility's `record` column


@dataclass(frozen=True)
class RecordKind:
    name: str  # as written in the table's `record` column
    label: str  # what the person makes: "a case file audit"
    url_name: str | None = None  # the page that makes one, given `kind` as a query parameter
    # A page that helps choose what to record (the month's case sample), given `duty`: its words, its URL name.
    guide: tuple[str, str] | None = None

    def url(self) -> str | None:
        return f"{reverse(self.url_name)}?kind={self.name}" if self.url_name else None

    def guide_url(self, duty_id: int) -> str | None:
        return f"{reverse(self.guide[1])}?duty={duty_id}" if self.guide else None


KINDS: dict[str, RecordKind] = {}


def register(name: str, label: str, url_name: str | None = None, *, guide: tuple[str, str] | None = None) -> None:
    if len(name) > LONGEST:
        raise ValueError(f"record kind {name!r} is longer than the {LONGEST} characters a responsibility keeps")
    KINDS[name] = RecordKind(name, label, url_name, guide)


def kind_of(responsibility) -> RecordKind | None:
    return KINDS.get(responsibility.record) if responsibility.record else None
