"""The dashboard: its panels, in the order a head of service reads them. Each panel is a plain
function of the scope that returns its figures; the page, the downloads and the board reports
draw the same figures. A panel's module may also say its tables, for download."""

from dataclasses import dataclass

from . import actions, audit_quality, complaints, compliance, coverage, loop, participation
from .figures import Panel, Table
from .scope import Scope

PANELS = [compliance, coverage, audit_quality, actions, complaints, participation, loop]


@dataclass(frozen=True)
class Shown:
    panel: Panel
    tables: list[Table]

    @property
    def key(self) -> str:
        return self.panel.key

    @property
    def data(self):
        return self.panel.data


def panels(scope: Scope) -> list[Shown]:
    shown = []
    for module in PANELS:
        found = module.panel(scope)
        if found is not None:
            tables = module.tables(found.data) if hasattr(module, "tables") else []
            shown.append(Shown(found, tables))
    return shown


def table(shown: list[Shown], key: str) -> Table | None:
    return next((each for item in shown for each in item.tables if each.key == key), None)
