"""A board report's PDF: the author's words escaped into paragraphs and lists, and the printed
file read back with poppler (pdfinfo, pdftotext) as a reader and their software would: A4,
tagged, titled, in a language, marked OFFICIAL-SENSITIVE on every page, with contents, page
numbers, its status, and the dashboard's figures. Poppler is required, never skipped: the CI
installs it through scripts/system-packages."""

import re
import shutil
import subprocess
import zlib
from datetime import UTC, date, datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from reports import compliance
from reports.board_pdf import MARKING, STATIC_DIR, PrintSection, StaticOnlyFetcher, narrative_html, render_pdf
from reports.scope import scope_for
from schedule.models import Status, Strand
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

DAY = date(2026, 5, 20)  # in Q1 2026/27
GENERATED = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)
HOSTILE = "Summary <script>alert('x')</script> & more"
PORTAL = "https://qa.example.gov.uk"


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install poppler-utils (scripts/system-packages does)")
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def page_text(path, page: int) -> str:
    return poppler("pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-")


def inflated(pdf: bytes) -> bytes:
    """The PDF's objects with their streams inflated: WeasyPrint keeps the catalog (and /Lang) in
    a compressed object stream."""
    found = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(found)


def words_only(title="Summary and recommendation", narrative=HOSTILE) -> PrintSection:
    return PrintSection("summary", title, narrative)


def report(sections, final=False) -> bytes:
    return render_pdf(
        title="Quarterly QA and performance report", council="Northshire County Council",
        period_label="Q1 2026/27 (Apr to Jun 2026)", author="Alex Example", final=final, sections=sections,
        generated_at=GENERATED,
    )


# The narrative: pure, no database.

def test_the_authors_markup_is_escaped_not_run():
    html = narrative_html("<script>alert(1)</script> & <b>bold</b>")
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</p>"


def test_blank_lines_part_paragraphs_and_lines_within_one_are_joined():
    assert narrative_html("One\nline on.\n\n  \nTwo.") == "<p>One line on.</p>\n<p>Two.</p>"


def test_lines_starting_with_a_dash_make_a_list_within_a_paragraph():
    text = "We found:\r\n- fewer late audits\r\n- <more> moderation\r\nAnd so on.\r\n\r\n- alone"
    assert narrative_html(text) == (
        "<p>We found:</p>\n<ul><li>fewer late audits</li><li>&lt;more&gt; moderation</li></ul>\n"
        "<p>And so on.</p>\n<ul><li>alone</li></ul>"
    )


def test_a_dash_without_a_space_or_nothing_at_all_is_not_a_list():
    assert narrative_html("-5 on last quarter") == "<p>-5 on last quarter</p>"
    assert narrative_html("") == ""
    assert narrative_html("\n\n") == ""


def test_weasyprint_may_read_the_static_files_and_nothing_else():
    fetcher = StaticOnlyFetcher()
    assert fetcher.fetch((STATIC_DIR / "css" / "print.css").as_uri()).read().startswith(b"/*")
    for refused in ["https://example.com/chart.png", "http://127.0.0.1:8000/reports/", "file:///etc/passwd",
                    (STATIC_DIR / ".." / "manage.py").as_uri()]:
        with pytest.raises(ValueError, match="reads only the portal's static files"):
            fetcher.fetch(refused)


# The printed file.

@pytest.mark.django_db
def test_a_draft_with_the_dashboards_figures_prints_as_a_board_expects(cast, settings, tmp_path):
    settings.PORTAL_URL = PORTAL
    for owner, status, done in [(cast.practitioner, Status.DONE, date(2026, 5, 1)), (cast.nqsw, Status.OPEN, None)]:
        DutyFactory(responsibility=ResponsibilityFactory(strand=Strand.AUDIT), owner=owner, status=status,
                    day=date(2026, 5, 10), due_on=date(2026, 5, 10), completed_on=done)
    request = RequestFactory().get("/reports/", {"period": "quarter-2026-04"})
    request.user = cast.head.user
    panel = compliance.panel(scope_for(request, day=DAY))
    figures = render_to_string(panel.template, {"data": panel.data})
    # Enough narrative that the figures run past a page, so the header and footer repeat.
    long_words = "\n\n".join(["The service did its duties." * 12] * 12)
    pdf = report([words_only(), PrintSection(panel.key, panel.title, long_words, figures)])
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)

    info = poppler("pdfinfo", str(path))
    assert re.search(r"^Title:\s+Quarterly QA and performance report$", info, re.M)
    assert re.search(r"^Author:\s+Alex Example$", info, re.M)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M)[1])
    assert pages >= 4  # cover, contents, two sections
    assert b"/Lang (en-GB)" in inflated(pdf)
    assert 'pdfuaid:part="1"' in poppler("pdfinfo", "-meta", str(path))
    fonts = poppler("pdffonts", str(path))
    assert "Liberation-Sans" in fonts and "DejaVu" not in fonts

    texts = [page_text(path, number) for number in range(1, pages + 1)]
    for number, text in enumerate(texts, start=1):
        assert text.count(MARKING) >= 2, f"page {number} lacks its marking in the header and footer"
        assert f"Page {number} of {pages}" in text

    cover, contents = texts[0], texts[1]
    assert "Northshire County Council" in cover and "Q1 2026/27 (Apr to Jun 2026)" in cover
    assert re.search(r"Status\s+DRAFT", cover) and "Alex Example" in cover
    assert "FINAL" not in "".join(texts)
    listed = {title: int(page) for title, page in re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", contents, re.M)}
    assert listed == {"Summary and recommendation": 3, "Compliance with the framework": 4}
    assert "Compliance with the framework" in texts[3]

    assert HOSTILE in texts[2]  # printed as text: no script ran, no markup vanished
    everything = "".join(texts)
    assert panel.data.period.on_time.share == "50% (1 of 2)"
    assert "50% (1 of 2)" in everything  # the dashboard's own figure, read back out of the PDF
    assert "Trend" in everything and "Duties by period" in everything  # the chart's heading and table
    urls = poppler("pdfinfo", "-url", str(path))
    assert f"{PORTAL}/reports/rows/duties/?" in urls  # a figure leads to its rows in the portal
    assert "#section-" not in urls  # the contents link within the file


def test_a_final_report_says_final_and_prints_the_same_bytes_again(tmp_path):
    pdf = report([words_only("What is going well", "Much.")], final=True)
    assert pdf == report([words_only("What is going well", "Much.")], final=True)
    path = tmp_path / "final.pdf"
    path.write_bytes(pdf)
    cover = page_text(path, 1)
    assert re.search(r"Status\s+FINAL", cover)
    assert "DRAFT" not in poppler("pdftotext", str(path), "-")
