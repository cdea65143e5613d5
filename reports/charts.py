"""Charts drawn on the server as SVG, for the pages and the PDF alike. A chart is never the only
way to read a number: each has a title and a summary in words, and the page puts its numbers in
a table beside it."""

from itertools import count

from django.utils.html import escape, format_html, mark_safe

# GOV.UK colours that keep 3:1 against white and each other in a stack.
COLOURS = ["#00703c", "#1d70b8", "#d4351c", "#505a5f", "#f47738", "#4c2c92", "#85994b"]
# Ofsted's grades, best first: green, blue, orange, red, and grey for not applicable.
GRADE_COLOURS = ["#00703c", "#1d70b8", "#f47738", "#d4351c", "#505a5f"]
_ids = count(1)


def _summary(title: str, rows: list[tuple[str, list[int]]], series: list[str]) -> str:
    parts = [
        f"{label}: " + ", ".join(f"{name} {value}" for name, value in zip(series, values, strict=False))
        for label, values in rows
    ]
    return f"{title}. " + "; ".join(parts) if parts else f"{title}: nothing to show."


LEGEND_LINE = 16


def _legend_lines(series: list[str], width: int) -> list[list[tuple[int, str, float]]]:
    """The legend's items (index, name, x) in lines that fit the width."""
    lines, line, x = [], [], 8.0
    for index, name in enumerate(series):
        size = 14 + len(name) * 6.2 + 16
        if line and x + size > width:
            lines.append(line)
            line, x = [], 8.0
        line.append((index, name, x))
        x += size
    return lines + [line] if line else lines


def _legend(series: list[str], y: float, width: int, colours: list[str]) -> str:
    items = []
    for number, line in enumerate(_legend_lines(series, width)):
        top = y + number * LEGEND_LINE
        for index, name, x in line:
            items.append(
                f'<rect x="{x:.0f}" y="{top}" width="10" height="10" fill="{colours[index % len(colours)]}"></rect>'
                f'<text x="{x + 14:.0f}" y="{top + 9}" font-size="11">{escape(name)}</text>'
            )
    return "".join(items)


def columns(title: str, rows: list[tuple[str, list[int]]], series: list[str], colours: list[str] | None = None) -> str:
    """Stacked columns, one per row (a period), one colour per series (given, or the house's)."""
    colours = colours or COLOURS
    chart_id = f"chart-{next(_ids)}"
    legend_height = LEGEND_LINE * len(_legend_lines(series, 640))
    width, top, bottom = 640, 10, 24 + legend_height
    height = 180 + bottom
    most = max([sum(values) for _, values in rows] + [1])
    step = (width - 16) / max(len(rows), 1)
    bar = min(step * 0.7, 48)
    shapes = []
    for index, (label, values) in enumerate(rows):
        x = 8 + index * step + (step - bar) / 2
        y = height - bottom
        for which, value in enumerate(values):
            size = (height - top - bottom) * value / most
            y -= size
            if size:
                shapes.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{size:.1f}" '
                    f'fill="{colours[which % len(colours)]}"></rect>'
                )
        shapes.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    legend = _legend(series, height - legend_height, width, colours)
    return format_html(
        '<svg class="app-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" '
        'width="100%" font-family="Arial, sans-serif" fill="#0b0c0c">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{shapes}{legend}</svg>',
        id=chart_id, w=width, h=height, title=title, desc=_summary(title, rows, series),
        shapes=mark_safe("".join(shapes)), legend=mark_safe(legend),
    )


def bars(title: str, rows: list[tuple[str, list[int]]], series: list[str], colours: list[str] | None = None) -> str:
    """Stacked horizontal bars, one per row (a grade, a team), one colour per series (given, or the house's)."""
    colours = colours or COLOURS
    chart_id = f"chart-{next(_ids)}"
    label_width, width, line = 170, 640, 22
    legend_height = LEGEND_LINE * len(_legend_lines(series, width)) if len(series) > 1 else 0
    height = line * len(rows) + 14 + legend_height
    most = max([sum(values) for _, values in rows] + [1])
    shapes = []
    for index, (label, values) in enumerate(rows):
        y = 4 + index * line
        shapes.append(f'<text x="0" y="{y + 13}" font-size="11">{escape(label[:28])}</text>')
        x = label_width
        for which, value in enumerate(values):
            size = (width - label_width - 40) * value / most
            if size:
                shapes.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{size:.1f}" height="16" '
                    f'fill="{colours[which % len(colours)]}"></rect>'
                )
            x += size
        shapes.append(f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="11">{sum(values)}</text>')
    legend = _legend(series, height - legend_height, width, colours) if legend_height else ""
    return format_html(
        '<svg class="app-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" '
        'width="100%" font-family="Arial, sans-serif" fill="#0b0c0c">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{shapes}{legend}</svg>',
        id=chart_id, w=width, h=height, title=title, desc=_summary(title, rows, series),
        shapes=mark_safe("".join(shapes)), legend=mark_safe(legend),
    )
