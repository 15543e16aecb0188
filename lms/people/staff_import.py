"""Staff import from CSV: reading and checking the file, the preview, and the import itself.

An upload goes through three steps. ``staff_import_create`` stores the text with a preview
of what each row would do; ``staff_import_start`` queues the background job (once);
the job, ``staff_import_job``, calls ``staff_import_apply``, which checks every row again
against the database as it is then and writes all good rows in one transaction.

Reading the file (``staff_csv_decode``, ``staff_csv_parse``) needs no database. Matching
rows to people (``_plan_rows``) runs a fixed number of queries whatever the file size.
"""

import csv
import io
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from wagtail.log_actions import LogContext, get_active_log_context, log
from wagtail.log_actions import registry as log_registry

from lms.jobs.models import Job
from lms.jobs.services import job_create

from .models import JobRole, OrgUnit, StaffImport, User, UserManager
from .roles import LEARNER
from .signals import PLACEMENT_FIELDS, placement_changed

# The columns a file may have, in the order the report and the example file use.
COLUMNS = (
    "email",
    "employee_number",
    "full_name",
    "store_code",
    "job_role",
    "hire_date",
    "language",
    "active",
)
REQUIRED_COLUMNS = ("full_name", "store_code")
IDENTITY_COLUMNS = ("email", "employee_number")
# Spellings HR systems commonly use for our column names, after lower-casing.
COLUMN_ALIASES = {"e_mail": "email", "mail": "email"}

ACTIVE_VALUES = {
    "yes": True, "y": True, "true": True, "1": True,
    "no": False, "n": False, "false": False, "0": False,
}  # fmt: skip

JOB_KIND = "lms.people.staff_import.staff_import_job"

# Progress is reported about every 2% of the rows.
PROGRESS_STEPS = 50

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Outcome:
    """What importing a row does (or would do) to the person it names."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"

    ALL = (CREATED, UPDATED, UNCHANGED, ERROR)
    WRITES = (CREATED, UPDATED)
    LABELS = {
        CREATED: gettext_lazy("Created"),
        UPDATED: gettext_lazy("Updated"),
        UNCHANGED: gettext_lazy("Unchanged"),
        ERROR: gettext_lazy("Error"),
    }
    # For counts: "12 created", "2 with errors".
    COUNT_LABELS = {
        CREATED: pgettext_lazy("number of people", "created"),
        UPDATED: pgettext_lazy("number of people", "updated"),
        UNCHANGED: pgettext_lazy("number of people", "unchanged"),
        ERROR: pgettext_lazy("number of people", "with errors"),
    }


# Labels of the fields a row can change, for the preview and the report.
CHANGE_LABELS = {
    "full_name": gettext_lazy("full name"),
    "email": gettext_lazy("e-mail"),
    "employee_number": gettext_lazy("employee number"),
    "home_store": gettext_lazy("store"),
    "job_role": gettext_lazy("job role"),
    "hire_date": gettext_lazy("hire date"),
    "preferred_language": gettext_lazy("language"),
    "is_active": gettext_lazy("active"),
}


class StaffImportFileError(ValidationError):
    """The file as a whole cannot be imported (encoding, header, no rows)."""


class StaffImportError(Exception):
    """A staff import cannot be started in its current state."""


# --- Reading the file (no database)


def staff_csv_decode(raw: bytes) -> str:
    """The text of an uploaded file: UTF-8, with or without a byte order mark."""
    if not raw.strip():
        raise StaffImportFileError(_("The file is empty."))
    not_utf8 = StaffImportFileError(
        _(
            "The file is not UTF-8 text. Save it again as “CSV UTF-8” (Excel) or with the "
            "character set “Unicode (UTF-8)” (LibreOffice), then upload it again."
        )
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise not_utf8 from None
    # UTF-16 text of plain letters decodes as UTF-8 with a NUL after every letter.
    if "\x00" in text:
        raise not_utf8
    return text


@dataclass
class StaffRow:
    """One data row of the file, cleaned; ``errors`` says what is wrong with it."""

    line: int
    cells: dict[str, str]
    full_name: str = ""
    email: str | None = None
    employee_number: str | None = None
    store_code: str = ""
    job_role: str = ""
    hire_date: date | None = None
    language: str = ""
    # None: the file has no "active" column, so the person's state is kept.
    active: bool | None = None
    errors: list[str] = field(default_factory=list)


def _normalise_header(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip().lower())
    return COLUMN_ALIASES.get(key, key)


def _delimiter(header_line: str) -> str:
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;").delimiter
    except csv.Error:
        # A single column has no delimiter to find; the column check reports the rest.
        return ","


def _read_header(header: list[str]) -> dict[str, int]:
    """Where each known column is, or a file error naming what is wrong."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _normalise_header(name)
        if key not in COLUMNS:
            continue  # other columns (notes, department...) are ignored
        if key in positions:
            raise StaffImportFileError(
                _("The column “%(column)s” appears twice.") % {"column": key}
            )
        positions[key] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    if not any(column in positions for column in IDENTITY_COLUMNS):
        missing.append("email / employee_number")
    if missing:
        raise StaffImportFileError(
            ngettext(
                "The file has no column %(columns)s. The first line must name the columns: "
                "%(expected)s.",
                "The file has no columns %(columns)s. The first line must name the columns: "
                "%(expected)s.",
                len(missing),
            )
            % {
                "columns": ", ".join(f"“{column}”" for column in missing),
                "expected": ", ".join(COLUMNS),
            }
        )
    return positions


def _records(content: str) -> Iterable[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every record, header first."""
    text = content.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    line = 1
    try:
        for record in reader:
            yield line, record
            line = reader.line_num + 1
    except csv.Error as error:
        raise StaffImportFileError(
            _("Line %(line)s cannot be read: %(error)s.") % {"line": line, "error": error}
        ) from None


def staff_csv_parse(content: str) -> list[StaffRow]:
    """The rows of a staff CSV, each checked on its own and against the other rows.

    Raises ``StaffImportFileError`` when the file as a whole cannot be imported.
    """
    records = iter(_records(content))
    _line, header = next(records, (1, []))
    if not any(cell.strip() for cell in header):
        raise StaffImportFileError(_("The first line must name the columns."))
    positions = _read_header(header)
    rows = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue  # blank lines, and the ";;;;" lines spreadsheets leave at the end
        cells = {
            column: (record[index].strip() if index < len(record) else "")
            for column, index in positions.items()
        }
        row = _parse_row(line, cells, has_active_column="active" in positions)
        if any(cell.strip() for cell in record[len(header) :]):
            row.errors.append(
                _(
                    "The line has more values than the header has columns; put quotes around "
                    "a value that contains the delimiter."
                )
            )
        rows.append(row)
    if not rows:
        raise StaffImportFileError(_("The file has a header line but no people."))
    _mark_duplicates(rows)
    return rows


def _parse_row(line: int, cells: dict[str, str], *, has_active_column: bool) -> StaffRow:
    row = StaffRow(line=line, cells=cells)
    # Names from different systems differ in composed/decomposed accents and spacing.
    row.full_name = " ".join(unicodedata.normalize("NFC", cells.get("full_name", "")).split())
    if not row.full_name:
        row.errors.append(_("The full name is missing."))
    row.email = _parse_email(cells.get("email", ""), row.errors)
    row.employee_number = cells.get("employee_number", "") or None
    if not row.email and not row.employee_number and not cells.get("email"):
        row.errors.append(_("Give an e-mail, an employee number, or both."))
    row.store_code = cells.get("store_code", "")
    if not row.store_code:
        row.errors.append(_("The store code is missing."))
    row.job_role = cells.get("job_role", "")
    row.hire_date = _parse_hire_date(cells.get("hire_date", ""), row.errors)
    row.language = _parse_language(cells.get("language", ""), row.errors)
    if has_active_column:
        row.active = _parse_active(cells.get("active", ""), row.errors)
    return row


def _parse_email(value: str, errors: list[str]) -> str | None:
    if not value:
        return None
    try:
        EmailValidator()(value)
    except ValidationError:
        errors.append(_("“%(value)s” is not a valid e-mail address.") % {"value": value})
        return None
    return UserManager.normalize_email(value)


def _parse_hire_date(value: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        errors.append(
            _("The hire date “%(value)s” is not a date written YYYY-MM-DD, e.g. 2026-03-01.")
            % {"value": value}
        )
        return None


def _parse_language(value: str, errors: list[str]) -> str:
    if not value:
        return ""
    codes = [code for code, _name in settings.LANGUAGES]
    if value.lower() in codes:
        return value.lower()
    errors.append(
        _("The language “%(value)s” is not offered; use one of %(codes)s.")
        % {"value": value, "codes": ", ".join(codes)}
    )
    return ""


def _parse_active(value: str, errors: list[str]) -> bool | None:
    if not value:
        return True
    if value.lower() in ACTIVE_VALUES:
        return ACTIVE_VALUES[value.lower()]
    errors.append(
        _("“%(value)s” in the column active is not yes or no (or true/false, 1/0, y/n).")
        % {"value": value}
    )
    return None


def _mark_duplicates(rows: list[StaffRow]) -> None:
    """Rows naming the same e-mail or employee number are all errors: which one is right?"""
    lines_by_key: dict[tuple[str, str], list[StaffRow]] = defaultdict(list)
    for row in rows:
        if row.email:
            lines_by_key["email", row.email.lower()].append(row)
        if row.employee_number:
            lines_by_key["employee_number", row.employee_number].append(row)
    for (kind, _value), same in lines_by_key.items():
        if len(same) < 2:
            continue
        for row in same:
            others = ", ".join(str(other.line) for other in same if other is not row)
            if kind == "email":
                message = _("Duplicate in the file: line %(lines)s has the same e-mail.")
            else:
                message = _("Duplicate in the file: line %(lines)s has the same employee number.")
            row.errors.append(message % {"lines": others})


# --- Matching rows to the database


@dataclass
class _Lookups:
    """What the rows refer to, fetched in bulk: stores, job roles, people."""

    stores: dict[str, list[OrgUnit]]
    roles_by_code: dict[str, JobRole]
    roles_by_name: dict[str, list[JobRole]]
    people_by_number: dict[str, User]
    people_by_email: dict[str, User]


def _lookups(rows: list[StaffRow], *, lock: bool) -> _Lookups:
    codes = {row.store_code.lower() for row in rows if row.store_code}
    stores: dict[str, list[OrgUnit]] = defaultdict(list)
    if codes:
        for unit in OrgUnit.objects.annotate(code_lower=Lower("code")).filter(code_lower__in=codes):
            stores[unit.code_lower].append(unit)

    roles = list(JobRole.objects.all())
    roles_by_name: dict[str, list[JobRole]] = defaultdict(list)
    for role in roles:
        roles_by_name[role.name.lower()].append(role)

    numbers = {row.employee_number for row in rows if row.employee_number}
    emails = {row.email.lower() for row in rows if row.email}
    people: list[User] = []
    if numbers or emails:
        queryset = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(Q(employee_number__in=numbers) | Q(email_lower__in=emails))
            .select_related("home_store", "job_role")
            .order_by("pk")  # concurrent imports lock people in the same order
        )
        if lock:
            # Nobody edits these people in the admin while the import writes them.
            queryset = queryset.select_for_update(of=("self",))
        people = list(queryset)
    return _Lookups(
        stores=stores,
        roles_by_code={role.code.lower(): role for role in roles},
        roles_by_name=roles_by_name,
        people_by_number={p.employee_number: p for p in people if p.employee_number},
        people_by_email={p.email.lower(): p for p in people if p.email},
    )


@dataclass
class RowPlan:
    """What importing one row does: its outcome, the changes, and what to write and log."""

    row: StaffRow
    outcome: str = Outcome.ERROR
    errors: list[str] = field(default_factory=list)
    note: str = ""
    person: User | None = None
    store: OrgUnit | None = None
    role: JobRole | None = None
    changes: list[dict] = field(default_factory=list)
    log_actions: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def changed_fields(self) -> list[str]:
        return [change["field"] for change in self.changes]

    def as_report(self) -> dict:
        """The row as stored in the preview and the report (JSON)."""
        return {
            "line": self.row.line,
            "full_name": self.row.full_name or self.row.cells.get("full_name", ""),
            "email": self.row.email or self.row.cells.get("email", ""),
            "employee_number": self.row.employee_number or "",
            "store_code": self.row.store_code,
            "outcome": self.outcome,
            "changes": self.changes,
            "errors": self.errors,
            "note": self.note,
        }


def _resolve_store(plan: RowPlan, lookups: _Lookups) -> None:
    code = plan.row.store_code
    if not code:
        return
    units = lookups.stores.get(code.lower(), [])
    exact = [unit for unit in units if unit.code == code]
    units = exact or units
    if not units:
        plan.errors.append(_("Unknown store code “%(code)s”.") % {"code": code})
    elif len(units) > 1:
        plan.errors.append(
            _("The store code “%(code)s” matches several units; write it exactly.") % {"code": code}
        )
    elif units[0].kind != OrgUnit.Kind.STORE:
        plan.errors.append(
            _("“%(code)s” is a %(kind)s, not a store.")
            % {"code": code, "kind": units[0].get_kind_display().lower()}
        )
    else:
        plan.store = units[0]


def _resolve_role(plan: RowPlan, lookups: _Lookups) -> None:
    value = plan.row.job_role
    if not value:
        return
    role = lookups.roles_by_code.get(value.lower())
    named = lookups.roles_by_name.get(value.lower(), [])
    if role is None and len(named) == 1:
        role = named[0]
    if role is not None:
        plan.role = role
    elif named:
        plan.errors.append(
            _("The job role “%(value)s” matches several roles; use its code.") % {"value": value}
        )
    else:
        plan.errors.append(_("Unknown job role “%(value)s”.") % {"value": value})


def _match_person(plan: RowPlan, lookups: _Lookups) -> None:
    """By employee number, else by e-mail; a number and an e-mail of two people is an error."""
    row = plan.row
    by_number = lookups.people_by_number.get(row.employee_number) if row.employee_number else None
    by_email = lookups.people_by_email.get(row.email.lower()) if row.email else None
    if by_number and by_email and by_number.pk != by_email.pk:
        plan.errors.append(
            _(
                "The employee number belongs to %(number_person)s but the e-mail to "
                "%(email_person)s."
            )
            % {"number_person": by_number, "email_person": by_email}
        )
        return
    person = by_number or by_email
    if (
        person is not None
        and row.employee_number
        and person.employee_number
        and person.employee_number != row.employee_number
    ):
        plan.errors.append(
            _("The person with this e-mail has the employee number %(number)s, not %(row)s.")
            % {"number": person.employee_number, "row": row.employee_number}
        )
        return
    plan.person = person


def _mark_people_matched_twice(plans: list[RowPlan]) -> None:
    rows_by_person: dict[int, list[RowPlan]] = defaultdict(list)
    for plan in plans:
        if plan.person is not None:
            rows_by_person[plan.person.pk].append(plan)
    for same in rows_by_person.values():
        if len(same) < 2:
            continue
        for plan in same:
            others = ", ".join(str(other.row.line) for other in same if other is not plan)
            plan.errors.append(_("Line %(lines)s is about the same person.") % {"lines": others})


def _field_errors(error: ValidationError) -> list[str]:
    messages = []
    for name, field_messages in error.message_dict.items():
        if name == NON_FIELD_ERRORS:
            messages.extend(field_messages)
            continue
        label = capfirst(User._meta.get_field(name).verbose_name)
        messages.extend(f"{label}: {message}" for message in field_messages)
    return messages


def _check_model_rules(plan: RowPlan, fields: list[str]) -> None:
    """The model's own field rules (lengths, choices) on the fields this row sets.

    Uniqueness is not checked here, row by row: the file check and the matching above
    cover it, and the database's constraints stay the last word.
    """
    checked = set(fields) - {"home_store", "job_role"}  # resolved above; checking would query
    exclude = [f.name for f in User._meta.concrete_fields if f.name not in checked]
    try:
        plan.person.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        plan.errors.extend(_field_errors(error))


def _plan_new_person(plan: RowPlan) -> None:
    row = plan.row
    if row.active is False:
        plan.outcome = Outcome.UNCHANGED
        plan.note = _("Not in the Academy and marked inactive: nobody to deactivate.")
        return
    plan.person = User(
        email=row.email,
        employee_number=row.employee_number,
        full_name=row.full_name,
        home_store=plan.store,
        job_role=plan.role,
        hire_date=row.hire_date,
        preferred_language=row.language or settings.LANGUAGE_CODE,
    )
    # New people are invited separately; until then nobody can sign in as them.
    plan.person.set_unusable_password()
    _check_model_rules(plan, [f.name for f in User._meta.concrete_fields])
    plan.outcome = Outcome.ERROR if plan.errors else Outcome.CREATED


def _code(obj) -> str | None:
    return obj.code if obj is not None else None


def _wanted_values(plan: RowPlan) -> dict:
    """The fields this row sets on an existing person; blank cells leave a field alone."""
    row, person = plan.row, plan.person
    wanted = {"full_name": row.full_name, "home_store": plan.store}
    # E-mails compare ignoring case, as logins and the unique constraint do.
    if row.email and (person.email or "").lower() != row.email.lower():
        wanted["email"] = row.email
    if row.employee_number:
        wanted["employee_number"] = row.employee_number
    if plan.role is not None:
        wanted["job_role"] = plan.role
    if row.hire_date is not None:
        wanted["hire_date"] = row.hire_date
    if row.language:
        wanted["preferred_language"] = row.language
    if row.active is not None:
        wanted["is_active"] = row.active
    return wanted


def _display(value):
    if isinstance(value, OrgUnit | JobRole):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    return value


def _plan_existing_person(plan: RowPlan) -> None:
    person = plan.person
    for name, value in _wanted_values(plan).items():
        current = getattr(person, name)
        if current == value:
            continue
        plan.changes.append({"field": name, "from": _display(current), "to": _display(value)})
        setattr(person, name, value)
    for change in plan.changes:
        if change["field"] == "home_store":
            plan.log_actions.append(
                ("people.store_changed", {"from": change["from"], "to": change["to"]})
            )
        elif change["field"] == "job_role":
            plan.log_actions.append(
                ("people.job_role_changed", {"from": change["from"], "to": change["to"]})
            )
        elif change["field"] == "is_active":
            action = "people.reactivated" if change["to"] else "people.deactivated"
            plan.log_actions.append((action, {}))
    _check_model_rules(plan, plan.changed_fields)
    if plan.errors:
        plan.outcome = Outcome.ERROR
        plan.changes, plan.log_actions = [], []
    else:
        plan.outcome = Outcome.UPDATED if plan.changes else Outcome.UNCHANGED


def _plan_rows(rows: list[StaffRow], *, lock: bool = False) -> list[RowPlan]:
    """What each row does to the database as it is now; three queries in all."""
    lookups = _lookups(rows, lock=lock)
    plans = [RowPlan(row=row, errors=list(row.errors)) for row in rows]
    for plan in plans:
        _resolve_store(plan, lookups)
        _resolve_role(plan, lookups)
        _match_person(plan, lookups)
    _mark_people_matched_twice(plans)
    for plan in plans:
        if plan.errors:
            plan.outcome = Outcome.ERROR
            plan.changes, plan.log_actions = [], []
        elif plan.person is None:
            _plan_new_person(plan)
        else:
            _plan_existing_person(plan)
    return plans


# --- Reports


def staff_import_counts(rows: list[dict]) -> dict[str, int]:
    """How many rows have each outcome, every outcome present (zero when none)."""
    counts = dict.fromkeys(Outcome.ALL, 0)
    for row in rows:
        counts[row["outcome"]] += 1
    return counts


def describe_counts(counts: dict[str, int]) -> str:
    """Counts as people read them: "12 created, 3 updated, 40 unchanged, 2 with errors"."""
    return ", ".join(
        f"{counts[outcome]} {Outcome.COUNT_LABELS[outcome]}" for outcome in Outcome.ALL
    )


def staff_import_can_start(staff_import: StaffImport) -> bool:
    """Whether the preview has anything to write."""
    return any(row["outcome"] in Outcome.WRITES for row in staff_import.preview)


def describe_change(change: dict) -> str:
    """One change as people read it: "store: ba-01 → ke-01"."""
    label = CHANGE_LABELS.get(change["field"], change["field"])
    before, after = change["from"], change["to"]
    if change["field"] == "is_active":
        before, after = (_("yes") if before else _("no")), (_("yes") if after else _("no"))
    return f"{label}: {before if before not in (None, '') else '—'} → {after}"


def describe_row(row: dict) -> str:
    """The reason, the changes or the note of a report row, in one line."""
    if row["outcome"] == Outcome.ERROR:
        return " ".join(row["errors"])
    if row["changes"]:
        return "; ".join(describe_change(change) for change in row["changes"])
    return row.get("note", "")


# --- Services


def staff_import_preview(*, content: str) -> list[dict]:
    """What importing ``content`` would do to each row; writes nothing.

    Raises ``StaffImportFileError`` when the file as a whole cannot be imported.
    """
    return [plan.as_report() for plan in _plan_rows(staff_csv_parse(content))]


def staff_import_create(*, actor: User | None, file_name: str, content: str) -> StaffImport:
    """Store an uploaded file with its preview; a file-level error stores nothing."""
    preview = staff_import_preview(content=content)
    staff_import = StaffImport(
        uploaded_by=actor,
        file_name=file_name.replace("\\", "/").rsplit("/", 1)[-1][:255],
        content=content,
        preview=preview,
    )
    # The nightly command may import as nobody; the field allows NULL but not blank.
    staff_import.full_clean(exclude=["uploaded_by"])
    staff_import.save()
    return staff_import


def staff_import_start(*, staff_import: StaffImport, actor: User) -> Job:
    """Queue the import in the background; a second call returns the job already queued.

    A failed import may be started again: nothing of it was written.
    """
    with transaction.atomic():
        locked = StaffImport.objects.select_for_update().get(pk=staff_import.pk)
        if locked.status in (StaffImport.Status.QUEUED, StaffImport.Status.DONE):
            job = locked.job
        else:
            if not staff_import_can_start(locked):
                raise StaffImportError(_("The preview has no rows to import."))
            job = job_create(
                kind=JOB_KIND,
                owner=actor,
                label=_("Staff import: %(file)s") % {"file": locked.file_name},
            )
            locked.job = job
            locked.status = StaffImport.Status.QUEUED
            locked.save(update_fields=["job", "status"])
    staff_import.job, staff_import.status = locked.job, locked.status
    return job


def staff_import_job(job: Job, report: Callable[[int, str], None]) -> dict[str, int]:
    """The background job of a staff import: applies it and returns the counts."""
    staff_import = job.staff_import
    actor = job.owner
    # The report is stored as text, in the language of the person who started it.
    language = actor.preferred_language if actor is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        staff_import = staff_import_apply(staff_import=staff_import, actor=actor, report=report)
    return staff_import_counts(staff_import.report)


def _no_report(percent: int, message: str = "") -> None:
    pass


def staff_import_apply(
    *,
    staff_import: StaffImport,
    actor: User | None,
    report: Callable[[int, str], None] | None = None,
) -> StaffImport:
    """Write every good row of the file in one transaction, and record the report.

    Rows are checked again against the database as it is now. Either every good row is
    written and the import is done, or nothing is written and the import has failed.
    A finished import is not applied again: the report says what it did.
    """
    report = report or _no_report
    try:
        rows = staff_csv_parse(staff_import.content)
        # Reported before the transaction opens, so a progress bar can show it at once.
        report(1, _("Checking %(count)s rows") % {"count": len(rows)})
        with transaction.atomic(), LogContext(user=actor):
            locked = StaffImport.objects.select_for_update().get(pk=staff_import.pk)
            if locked.status == StaffImport.Status.DONE:
                return locked
            plans = _plan_rows(rows, lock=True)
            _write(plans, actor=actor, report=report)
            placed = [
                plan.person.pk
                for plan in plans
                if plan.outcome == Outcome.CREATED
                or (
                    plan.outcome == Outcome.UPDATED
                    and PLACEMENT_FIELDS.intersection(plan.changed_fields)
                )
            ]
            if placed:
                placement_changed.send(sender=User, people=placed)
            locked.report = [plan.as_report() for plan in plans]
            locked.status = StaffImport.Status.DONE
            locked.save(update_fields=["report", "status"])
            log(
                instance=locked,
                action="people.staff_imported",
                user=actor,
                data=staff_import_counts(locked.report),
            )
    except Exception:
        # The transaction is rolled back; only the failure itself is recorded.
        StaffImport.objects.filter(pk=staff_import.pk).update(status=StaffImport.Status.FAILED)
        staff_import.status = StaffImport.Status.FAILED
        raise
    staff_import.status, staff_import.report = locked.status, locked.report
    return locked


def _write(plans: list[RowPlan], *, actor: User | None, report: Callable) -> None:
    """Create and update people in bulk, a slice at a time so progress can be reported."""
    writes = [plan for plan in plans if plan.outcome in Outcome.WRITES]
    learner = Group.objects.filter(name=LEARNER).first()
    membership = User.groups.through
    step = max(1, math.ceil(len(writes) / PROGRESS_STEPS))
    for start in range(0, len(writes), step):
        chunk = writes[start : start + step]
        created = [plan.person for plan in chunk if plan.outcome == Outcome.CREATED]
        if created:
            User.objects.bulk_create(created)
            if learner is not None:
                membership.objects.bulk_create(
                    [membership(user_id=person.pk, group_id=learner.pk) for person in created]
                )
        updated = [plan for plan in chunk if plan.outcome == Outcome.UPDATED]
        if updated:
            fields = sorted({name for plan in updated for name in plan.changed_fields})
            User.objects.bulk_update([plan.person for plan in updated], fields)
        _audit_log_many(
            [(plan.person, action, data) for plan in chunk for action, data in plan.log_actions],
            actor=actor,
        )
        done = start + len(chunk)
        report(
            1 + 98 * done // len(writes),
            _("Imported %(done)s of %(total)s people") % {"done": done, "total": len(writes)},
        )


def _audit_log_many(entries: list[tuple[User, str, dict]], *, actor: User | None) -> None:
    """Wagtail audit-log entries about many people, in one INSERT.

    They are the entries ``wagtail.log_actions.log`` writes, without its check of each
    entry (two look-ups a row, which made moving 2,000 people take seconds): the actions
    are checked once here, and the people, the actor and the content type exist.
    """
    if not entries:
        return
    for action in {action for _person, action, _data in entries}:
        if not log_registry.action_exists(action):
            raise ValueError(f"The log action {action!r} has not been registered.")
    log_model = log_registry.get_log_model_for_model(User)
    content_type = ContentType.objects.get_for_model(User, for_concrete_model=False)
    context = get_active_log_context()
    now = timezone.now()
    log_model.objects.bulk_create(
        [
            log_model(
                content_type=content_type,
                label=log_model.objects.get_instance_title(person),
                action=action,
                timestamp=now,
                data=data,
                user=actor or context.user,
                uuid=context.uuid,
                object_id=str(person.pk),
            )
            for person, action, data in entries
        ]
    )
