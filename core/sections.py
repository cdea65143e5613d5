"""Sections that one app adds to another app's page: a template and a function giving what it
reads. A page lower in the floor plan (My duties, a case) shows what a higher app keeps about it
(your actions, the case's audits) without importing that app; the higher app registers its
section when it starts (its AppConfig.ready).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A part of a page: its template, and a function of the page's own arguments giving the
    context the template reads, or None when the section has nothing to show."""

    template: str
    context: Callable[..., dict | None]


SECTIONS: dict[str, dict[str, Section]] = defaultdict(dict)


def register(page: str, name: str, section: Section) -> None:
    SECTIONS[page][name] = section


def sections_of(page: str, *args, **kwargs) -> tuple[list[str], dict]:
    """The templates of the page's sections that have something to show, in the order they were
    registered, and the context they read, merged."""
    templates, context = [], {}
    for section in SECTIONS[page].values():
        found = section.context(*args, **kwargs)
        if found is not None:
            templates.append(section.template)
            context.update(found)
    return templates, context
