"""Tables as CSV or XLSX downloads, in the reader's language.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) would be
run as a formula by a spreadsheet: such text is prefixed with an apostrophe, the usual
escape, so a person named "=HYPERLINK(...)" stays a name. Numbers and dates are written as
numbers and dates, never escaped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
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


def _xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook(write_only=True)
    # A sheet title is at most 31 characters and may not hold []:*?/\
    sheet = workbook.create_sheet(title="".join(c for c in title if c not in "[]:*?/\\")[:31])
    sheet.append([safe_cell(header) for header in headers])
    for row in rows:
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


def export_response(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence], fmt: str
) -> HttpResponse:
    """A download of the table: ``fmt`` is "csv" or "xlsx"."""
    stem = f"{slugify(title) or 'export'}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(title, headers, rows), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    else:
        response = HttpResponse(_csv(headers, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response
