"""Writes of the manager pages: large team exports, prepared by a background job.

A manager asks for the file; a worker reads the table with the same filters and scope
as the page, reporting its progress, and writes the file under a name of the export's
own, so that a worker killed half-way and run again leaves one file, not two.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.jobs.models import Job
from lms.jobs.services import job_create
from lms.people.models import User

from .exports import export_bytes
from .filters import TeamFilterSet
from .models import TeamExport
from .selectors import manager_scope, team_enrolments
from .tables import team_table

# What the address may carry besides the filters; the file holds every page, once.
NOT_FILTERS = ("export", "page")


def team_export_query(query: QueryDict) -> str:
    """The filters of a team overview address, without its page and export format, in a
    stable order (so that asking twice for the same table is seen to be the same)."""
    kept = QueryDict(mutable=True)
    for key in sorted(query):
        if key not in NOT_FILTERS:
            kept.setlist(key, [value for value in query.getlist(key) if value])
    return kept.urlencode()


def team_export_goes_to_worker(rows: int) -> bool:
    """Whether a team table of this many rows is prepared by a worker, not sent at once."""
    return rows > settings.DASHBOARD_EXPORT_INLINE_ROWS


def team_export_start(*, actor: User, query: QueryDict, fmt: str) -> TeamExport:
    """Queue the team overview, filtered as ``query`` says, as a CSV or XLSX file for
    ``actor``, in the active language. Asking again while the same file is still being
    prepared gives that export, not a second one. Without a scope: a 404."""
    manager_scope(actor)
    if fmt not in TeamExport.Format.values:
        raise ValueError(f"Unknown export format: {fmt!r}")
    query_text = team_export_query(query)
    language = translation.get_language()
    with transaction.atomic():
        # One start at a time per person, so that a double click queues one job.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        waiting = (
            TeamExport.objects.filter(
                owner=actor, query=query_text, fmt=fmt, language=language, file=""
            )
            .exclude(job__isnull=True)
            .exclude(job__status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED])
            .first()
        )
        if waiting is not None:
            return waiting
        title = _("Team overview")
        export = TeamExport.objects.create(
            owner=actor, query=query_text, fmt=fmt, language=language, title=title
        )
        export.job = job_create(
            kind="lms.dashboards.services.team_export_job",
            owner=actor,
            label=export.label,
        )
        export.save(update_fields=["job"])
    return export


def team_export_job(job: Job, report: Callable[[int, str], None]) -> dict:
    """The background job: read the table as the owner may see it now, write the file."""
    export = TeamExport.objects.select_related("owner").get(job=job)
    with translation.override(export.language):
        try:
            scope = manager_scope(export.owner)
        except Http404:
            raise PermissionError(_("You no longer manage any store.")) from None
        filters = TeamFilterSet(
            QueryDict(export.query) or None, queryset=team_enrolments(scope), scope=scope
        )
        enrolments = filters.qs
        total = enrolments.count()
        report(1, _("Reading %(count)s rows…") % {"count": total})

        def read(done: int, total: int) -> None:
            # Reading and writing the rows is most of the work; saving the file the rest.
            report(
                1 + 89 * done // max(total, 1),
                _("%(done)s of %(count)s rows")
                % {
                    "done": done,
                    "count": total,
                },
            )

        content = export_bytes([team_table(enrolments, total=total, report=read)], export.fmt)
        report(95, _("Saving the file…"))
    storage = export.file.storage
    name = f"exports/{export.pk}.{export.fmt}"
    # A run killed after writing the file and before recording it left the file behind.
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    TeamExport.objects.filter(pk=export.pk).update(file=saved, rows=total)
    return {"rows": total}


def team_exports_purge(*, older_than_days: int | None = None) -> int:
    """Delete team exports (and their files) older than the given number of days
    (``JOBS_KEEP_DAYS`` by default); returns how many."""
    days = settings.JOBS_KEEP_DAYS if older_than_days is None else older_than_days
    old = list(TeamExport.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)))
    for export in old:
        if export.file:
            export.file.delete(save=False)
    TeamExport.objects.filter(pk__in=[export.pk for export in old]).delete()
    return len(old)
