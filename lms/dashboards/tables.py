"""The manager pages' tables as exports: headers and rows of plain values, in the active
language. The pages and the background export job build their downloads from these."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .exports import Table
from .selectors import ExamResults, Heatmap, TeamStatus, Transcript

TEAM_FIELDS = (
    "user__full_name",
    "user__email",
    "user__employee_number",
    "user__home_store__name",
    "user__job_role__name",
    "user__hire_date",
    "course__title",
    "team_status",
    "due_on",
    "completed_at",
    "certificate__expires_on",
)
TEAM_CHUNK = 2000


def team_table(enrolments, *, total: int = 0, report: Callable | None = None) -> Table:
    """The team overview's rows (``enrolments`` as filtered and sorted). With ``report``,
    ``report(done, total)`` is called after each chunk read, for a progress bar."""
    headers = [
        pgettext("person", "Name"),
        _("E-mail"),
        _("Employee number"),
        _("Store"),
        _("Job role"),
        _("Hire date"),
        _("Course"),
        _("Status"),
        _("Due date"),
        _("Completed"),
        _("Certificate valid until"),
    ]
    return Table(_("Team overview"), headers, _team_rows(enrolments, total, report))


def _team_rows(enrolments, total: int, report: Callable | None) -> Iterator[list]:
    # Plain values, not model instances: an export may hold every enrolment of a company,
    # and building a page object per row would take most of the time.
    status = TEAM_FIELDS.index("team_status")
    labels = {value: str(label) for value, label in TeamStatus.choices}
    done = 0
    for values in enrolments.values_list(*TEAM_FIELDS).iterator(chunk_size=TEAM_CHUNK):
        row = list(values)
        row[status] = labels[row[status]]
        yield row
        done += 1
        if report is not None and done % TEAM_CHUNK == 0:
            report(done, total)


def results_tables(results: ExamResults) -> list[Table]:
    """The exam results page: the results by exam and store with the total, and the
    spread of scores."""
    headers = [
        _("Exam or store"),
        _("Attempts"),
        _("Passed"),
        _("Pass rate (%)"),
        _("First attempts"),
        _("First-attempt pass rate (%)"),
        _("Average score (%)"),
    ]
    grouped = [(_("Exam"), row) for row in results.by_exam]
    grouped += [(_("Store"), row) for row in results.by_unit]
    rows = [[f"{group}: {row.label}", *_result_figures(row)] for group, row in grouped]
    rows.append([results.total.label, *_result_figures(results.total)])
    spread = Table(
        _("Spread of scores"),
        [_("Score from (%)"), _("Score below (%)"), _("Attempts"), _("Share (%)")],
        [[bucket.low, bucket.high, bucket.count, bucket.share] for bucket in results.distribution],
    )
    return [Table(_("Exam results"), headers, rows), spread]


def _result_figures(row) -> list:
    return [
        row.attempts,
        row.passed,
        row.pass_rate,
        row.first_attempts,
        row.first_pass_rate,
        row.average,
    ]


def heatmap_table(heatmap: Heatmap) -> Table:
    """The standards heatmap: a pair of columns (points missed, role-play choices that
    broke it) per store or region, and for all of them."""
    headers = [_("Standard"), _("Code")]
    for column in heatmap.columns:
        headers += [
            _("%(unit)s: points missed (%%)") % {"unit": column.name},
            _("%(unit)s: role-play choices breaking it (%%)") % {"unit": column.name},
        ]
    headers += [_("All: points missed (%)"), _("All: role-play choices breaking it (%)")]
    rows = []
    for row in heatmap.rows:
        values = [getattr(row.standard, "title", row.key), getattr(row.standard, "code", "")]
        for cell in [*row.cells, row.total]:
            values += [cell.missed_share, cell.broken_share]
        rows.append(values)
    return Table(_("Standards heatmap"), headers, rows)


def transcript_tables(transcript: Transcript) -> list[Table]:
    """A learner's transcript: courses, exam attempts, role-plays, certificates, awards."""
    passed = {True: _("Passed"), False: _("Not passed")}
    courses = Table(
        _("Courses"),
        [_("Course"), _("Status"), _("Steps done"), _("Steps"), _("Due date"), _("Completed")],
        [
            [
                enrolment.course.title,
                enrolment.team_status_label,
                enrolment.progress.required_done if enrolment.progress else None,
                enrolment.progress.required_total if enrolment.progress else None,
                enrolment.due_on,
                enrolment.completed_at,
            ]
            for enrolment in transcript.enrolments
        ],
    )
    attempts = Table(
        _("Exam attempts"),
        [_("Exam"), _("Attempt"), _("Score (%)"), _("Result"), _("Finished"), _("Store")],
        [
            [
                attempt.exam.title,
                attempt.number,
                attempt.percentage,
                passed[bool(attempt.passed)],
                attempt.finished_at,
                attempt.store.name if attempt.store else "",
            ]
            for attempt in transcript.attempts
        ],
    )
    runs = Table(
        _("Role-plays"),
        [_("Scenario"), _("Score"), _("Best possible score"), _("Result"), _("Finished")],
        [
            [
                run.scenario.title,
                run.score,
                run.max_score,
                passed[bool(run.passed)],
                run.finished_at,
            ]
            for run in transcript.runs
        ],
    )
    certificates = Table(
        _("Certificates"),
        [
            _("Certificate"),
            _("Status"),
            _("Serial number"),
            _("Verification code"),
            _("Issued"),
            _("Valid until"),
        ],
        [
            [
                certificate.title,
                certificate.status_label,
                certificate.serial,
                certificate.code,
                certificate.issued_on,
                certificate.expires_on,
            ]
            for certificate in transcript.certificates
        ],
    )
    awards = Table(
        _("Awards"),
        [_("Programme"), _("Unit"), _("Month"), _("Score"), _("Status")],
        [
            [
                award.programme.name,
                award.unit.name,
                award.month,
                award.score,
                award.get_status_display(),
            ]
            for award in transcript.awards
        ],
    )
    return [courses, attempts, runs, certificates, awards]
