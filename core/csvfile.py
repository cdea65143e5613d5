"""Reading a CSV file that a person made, and saying exactly where it is wrong.

Importers read every row first, collect every problem as `line N, column X: why`, and load
nothing unless there were none.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)

    def __getitem__(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def error(self, column: str, why: str) -> None:
        self.problems.append(f"line {self.line}, column {column}: {why}")

    def required(self, column: str) -> str:
        value = self[column]
        if not value:
            self.error(column, "is empty")
        return value

    def choice(self, column: str, allowed, default: str | None = None) -> str:
        value = self[column].lower() or default
        if value not in allowed:
            if value:
                self.error(column, f"{self[column]!r} is not one of: {', '.join(allowed)}")
            else:
                self.error(column, "is empty")
        return value

    def whole_number(
        self, column: str, default: int | None = None, low: int = 0, high: int = 2_000_000_000
    ) -> int | None:
        value = self[column]
        if not value:
            if default is None:
                self.error(column, "is empty")
            return default
        try:
            number = int(value)
        except ValueError:
            self.error(column, f"{value!r} is not a whole number")
            return default
        if not low <= number <= high:
            self.error(column, f"{number} is not between {low} and {high}")
        return number

    def yes_no(self, column: str, default: bool = False) -> bool:
        value = self[column].lower()
        if not value:
            return default
        if value in ("yes", "y", "true", "1"):
            return True
        if value in ("no", "n", "false", "0"):
            return False
        self.error(column, f"{self[column]!r} is not yes or no")
        return default

    def day(self, column: str, required: bool = False) -> date | None:
        value = self[column]
        if not value:
            if required:
                self.error(column, "is empty")
            return None
        for parse in (date.fromisoformat, _uk_date):
            try:
                return parse(value)
            except ValueError:
                pass
        self.error(column, f"{value!r} is not a date (use 2026-04-01 or 01/04/2026)")
        return None


def _uk_date(value: str) -> date:
    day, month, year = value.split("/")
    return date(int(year), int(month), int(day))


def read_rows(data: bytes | str, *, required: list[str], optional: list[str]) -> list[Row]:
    """The rows of a CSV file whose first line names its columns. Raises ImportFailed when the
    file cannot be read at all (not UTF-8, a missing or unknown column, no rows)."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ImportFailed([f"line {line}: is not UTF-8 text (save the file as CSV UTF-8)"]) from None
    else:
        text = data.removeprefix("\ufeff")

    # strict: a quote left open is an error, not a value that quietly swallows the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ImportFailed(["line 1: the file is empty"]) from None
    except csv.Error as error:
        raise ImportFailed([f"line 1: {error}"]) from None

    problems = [f"line 1, column {name}: is missing" for name in required if name not in header]
    known = set(required) | set(optional)
    problems += [
        f"line 1, column {name or '(blank)'}: is not a column of this file" for name in header if name not in known
    ]
    if len(set(header)) != len(header):
        problems.append("line 1: a column is named twice")
    if problems:
        raise ImportFailed(problems)

    rows = []
    while True:
        line = reader.line_num + 1  # where this row starts, even if a quoted value spans lines
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                raise ImportFailed([f"line {line}: a quoted value that starts on this line is never closed"]) from None
            raise ImportFailed([f"line {line}: {error}"]) from None
        if not any(cell.strip() for cell in cells):
            continue
        row = Row(line, dict(zip(header, cells, strict=False)))
        if len(cells) != len(header):
            row.problems.append(
                f"line {row.line}: has {len(cells)} values where the first line names {len(header)} columns"
            )
        rows.append(row)
    if not rows:
        raise ImportFailed(["line 2: the file has no rows after its column names"])
    return rows


def import_file(path, importer):
    """Run an importer on a file for a management command: its result, or a CommandError that
    lists every problem and says nothing was loaded."""
    from django.core.management.base import CommandError

    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    try:
        return importer(data)
    except ImportFailed as failure:
        raise CommandError(
            f"{path}: nothing was loaded; fix these and import again:\n" + "\n".join(failure.errors)
        ) from None
