"""A board report printed as a PDF: the council's cover, contents and sections, each section the
author's words around figures drawn as on the dashboard. It knows nothing of report kinds or
versions; it turns what it is given into the bytes of an A4, tagged (PDF/UA-1) document.

WeasyPrint fetches nothing over the network: its fetcher reads only the project's static files
and data: URLs. Relative links in the figures (to `/reports/rows/...`) are made absolute against
PORTAL_URL, so a reader signed in to the portal can follow a number to its rows."""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

TEMPLATE = "reports/board/print.html"
STATIC_DIR = Path(settings.BASE_DIR, "static").resolve()
PRINT_CSS = STATIC_DIR / "css" / "print.css"
MARKING = "OFFICIAL-SENSITIVE"
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class PrintSection:
    key: str  # unique in the report: the anchor the contents link to
    title: str
    narrative: str  # the author's plain text: paragraphs split by blank lines, "- " starts a list item
    figures_html: str = ""  # trusted HTML (a panel's template, tables, inline SVG)


_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_ITEM = "- "


def narrative_html(text: str) -> SafeString:
    """The author's plain text as escaped HTML: each block between blank lines a paragraph, and
    each run of lines starting "- " a list. Nothing the author types becomes markup."""
    parts = []
    for block in _BLANK_LINES.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        run, run_is_list = [], False
        for line in lines + [None]:
            is_item = line is not None and line.startswith(_ITEM)
            if run and (line is None or is_item != run_is_list):
                if run_is_list:
                    parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in run) + "</ul>")
                else:
                    parts.append(f"<p>{escape(' '.join(run))}</p>")
                run = []
            if line is not None:
                run.append(line[len(_ITEM):].strip() if is_item else line)
                run_is_list = is_item
    return mark_safe("\n".join(parts))


class StaticOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read the project's static files and data: URLs, and nothing else: a report
    must not depend on, or call out to, another server while it renders."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and Path(url2pathname(parts.path)).resolve().is_relative_to(STATIC_DIR):
            return super().fetch(url, headers)
        raise ValueError(f"A board report reads only the portal's static files, not {url}")


def render_html(*, title: str, council: str, period_label: str, author: str, final: bool,
                sections: list[PrintSection], generated_at: datetime, scope_label: str = "", board: str = "",
                provisional: bool = False, replaces: str = "", language: str = "en-GB") -> str:
    """The HTML that prints as the report, for the tests and for measuring WeasyPrint alone. A
    provisional report (its period not ended) says so on every page, beside its status."""
    status = "FINAL" if final else "DRAFT"
    return render_to_string(TEMPLATE, {
        "title": title,
        "council": council,
        "period_label": period_label,
        "scope_label": scope_label,
        "board": board,
        "author": author,
        "final": final,
        "provisional": provisional,
        "replaces": replaces,
        "status": f"{status}, PROVISIONAL" if provisional else status,
        "marking": MARKING,
        "language": language,
        "generated_at": generated_at,
        "sections": [
            {"key": section.key, "title": section.title, "narrative": narrative_html(section.narrative),
             "figures": mark_safe(section.figures_html)}
            for section in sections
        ],
    })


def render_pdf(**fields) -> bytes:
    """The report as PDF bytes, from render_html's arguments. The same arguments give the same
    bytes: the dates in the file are generated_at, not the moment of rendering."""
    return pdf_of_html(render_html(**fields))


def pdf_of_html(html: str) -> bytes:
    """WeasyPrint's part alone: the report's HTML as a tagged A4 PDF."""
    fetcher = StaticOnlyFetcher()
    # The portal's address as the base: a relative link in the figures leads to the portal.
    document = HTML(string=html, base_url=settings.PORTAL_URL.rstrip("/") + "/", url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS), url_fetcher=fetcher)], pdf_variant=PDF_VARIANT,
    )
