"""Tables as CSV or XLSX downloads, in the reader's language.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) would be
run as a formula by a spreadsheet: such text is prefixed with an apostrophe, the usual
escape, so a person named "=HYPERLINK(...)" stays a name. Numbers and dates are written as
numbers and dates, never escaped.

A download holds one or more tables (a page with several, such as a transcript): an XLSX
gets a sheet for each, a CSV has them one after another, each under its own title and
headers, with an empty line between.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    """One table of a download: its title, column headers and rows of plain values."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def safe_cell(value):
    """``value`` as a cell: text that a spreadsheet would run as a formula is escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal | date | datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv(tables: Sequence[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for number, table in enumerate(tables):
        if len(tables) > 1:
            if number:
                writer.writerow([])
            writer.writerow([safe_cell(table.title)])
        writer.writerow([safe_cell(header) for header in table.headers])
        for row in table.rows:
            writer.writerow([_csv_text(safe_cell(value)) for value in row])
    # A byte-order mark, so that spreadsheets open the UTF-8 (Cyrillic, Slovak) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value) -> str:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sheet_title(title: str, taken: set[str]) -> str:
    # A sheet title is at most 31 characters, may not hold []:*?/\ and is unique.
    base = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
    name, number = base, 1
    while name.casefold() in taken:
        number += 1
        name = f"{base[: 31 - len(str(number)) - 1]} {number}"
    taken.add(name.casefold())
    return name


def _xlsx(tables: Sequence[Table]) -> bytes:
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_title(table.title, taken))
        sheet.append([safe_cell(header) for header in table.headers])
        for row in table.rows:
            sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    value = safe_cell(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Spreadsheets have no time zones: the local time of the installation.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def export_file_name(title: str, fmt: str, on: date | None = None) -> str:
    """The download's name: the title, in the reader's language, and the date (today's
    unless given), such as ``team-overview-2026-12-08.csv`` or ``обзор-команды-….csv``."""
    stem = slugify(title, allow_unicode=True) or "export"
    return f"{stem}-{on or timezone.localdate():%Y-%m-%d}.{fmt}"


def export_bytes(tables: Sequence[Table], fmt: str) -> bytes:
    """The tables as the bytes of a CSV or an XLSX file."""
    return _xlsx(tables) if fmt == "xlsx" else _csv(tables)


def export_content_type(fmt: str) -> str:
    return XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"


def export_response(*, title: str, tables: Sequence[Table], fmt: str) -> HttpResponse:
    """A download of the tables: ``fmt`` is "csv" or "xlsx"."""
    response = HttpResponse(export_bytes(tables, fmt), content_type=export_content_type(fmt))
    # RFC 6266: a name in any script, as filename*=utf-8''… where it is not plain ASCII.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_file_name(title, fmt)
    )
    return response
