"""The floor plan: which app may import which, read from the source with `ast`.

The apps stand in floors, the ground floor first. An app imports only apps on floors below its
own, never one beside it or above it, so no two apps import each other and a change to a strand
cannot break the schedule under it. An import inside a function is not a way round the rule:
outside an AppConfig's `ready` (where Django wants models imported late) there are none.
Tests are left out: a strand's tests may build other strands' records.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FLOORS = [
    {"core"},  # pure helpers: periods, working days, CSV reading, form fields, paging, settings
    {"people"},  # staff, roles, assignments, the management line and who sees whom
    {"schedule"},  # the table, duties, the planner, the record and deadline registries
    {"learning"},  # actions and action plans, from any record
    {"reminders"},  # digests, escalation, the calendar, the outbox every e-mail goes through
    {"cases", "standards"},  # what the strands read: the open-cases list, the library of standards
    {"audits", "observations", "participation", "complaints"},  # the strands
    {"supervision"},  # its agenda and PDRs carry the feedback of audits and observations
    {"reports"},  # dashboards and board reports read every strand
    {"qaportal"},  # settings, URLs, Celery, navigation, the demo orchestrator
]
FLOOR = {app: number for number, apps in enumerate(FLOORS) for app in apps}

# Imports inside a function that the rule allows, each with its reason.
LATE_IMPORTS_ALLOWED = {
    # The staff queryset asks `access` whom a user sees, and `access` reads the staff models.
    ("people/models.py", "people.access"),
    # A management command's error, only for the one helper commands call.
    ("core/csvfile.py", "django.core.management.base"),
}


def apps() -> list[str]:
    return sorted(path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name not in {"benchmarks"})


def shipped_modules():
    for app in apps():
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield app, path


def imports(app: str, path: Path):
    """(module imported, line, whether inside a function) for each import of the file, relative
    imports resolved against its package."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = ".".join(path.relative_to(ROOT).parent.parts)
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inside.update(id(inner) for inner in ast.walk(node) if inner is not node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names = [".".join([*base, *([node.module] if node.module else [])])]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            yield name, node.lineno, id(node) in inside


def in_ready(path: Path, line: int) -> bool:
    tree = ast.parse(path.read_text())
    return any(
        isinstance(node, ast.FunctionDef) and node.name in {"ready", "_load_default_tools", "_load_default_themes"}
        and node.lineno <= line <= node.end_lineno
        for node in ast.walk(tree)
    )


def test_every_app_has_a_floor():
    assert [app for app in apps() if app not in FLOOR] == []


def test_apps_import_only_apps_on_the_floors_below():
    upward = []
    for app, path in shipped_modules():
        for name, line, _ in imports(app, path):
            other = name.split(".")[0]
            if other in FLOOR and other != app and FLOOR[other] >= FLOOR[app]:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert upward == []


def test_no_import_hides_inside_a_function():
    late = []
    for app, path in shipped_modules():
        relative = str(path.relative_to(ROOT))
        for name, line, inside in imports(app, path):
            if not inside or (relative, name) in LATE_IMPORTS_ALLOWED:
                continue
            if path.name == "apps.py" and in_ready(path, line):
                continue
            late.append(f"{relative}:{line} imports {name}")
    assert late == []


def test_the_apps_import_one_another_without_a_cycle():
    graph: dict[str, set[str]] = {app: set() for app in apps()}
    for app, path in shipped_modules():
        for name, _, _ in imports(app, path):
            other = name.split(".")[0]
            if other in graph and other != app:
                graph[app].add(other)
    done, path = set(), []

    def visit(app):
        if app in path:
            pytest.fail("a cycle: " + " -> ".join([*path[path.index(app) :], app]))
        if app in done:
            return
        path.append(app)
        for other in sorted(graph[app]):
            visit(other)
        path.pop()
        done.add(app)

    for app in graph:
        visit(app)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from audits.models import Audit\n", ["audits.models"]),
        ("from .models import Case\n", ["cases.models"]),
        ("from . import sampling\n", ["cases"]),
        ("import schedule.periods\n", ["schedule.periods"]),
    ],
)
def test_imports_are_read_as_the_module_they_name(tmp_path, monkeypatch, source, expected):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "views.py").write_text(source)
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert [name for name, _, _ in imports("cases", folder / "views.py")] == expected
