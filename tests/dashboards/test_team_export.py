"""A team overview too long to download at once: a worker prepares the file with the
page's filters and scope, the manager follows its progress and downloads it; only the
manager who asked sees it; a double click, a tampered form or a rerun of a killed job
leave one export and one file."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.dashboards.models import TeamExport
from lms.dashboards.services import team_exports_purge
from lms.jobs.models import Job
from lms.jobs.services import job_run
from lms.people.models import ManagerScope
from tests.factories import LearnerFactory, ManagerFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "/en/manage/"
EXPORT = "/en/manage/exports/"


@pytest.fixture(autouse=True)
def _short_limit(settings):
    """Tables of more than two rows are prepared in the background."""
    settings.DASHBOARD_EXPORT_INLINE_ROWS = 2


@pytest.fixture
def team(store, far_store, enrol):
    """Three people of the manager's store (one overdue) and one of another region."""
    enrol(LearnerFactory(home_store=store, full_name="Anna Nováková"))
    enrol(LearnerFactory(home_store=store, full_name="=cmd|' /C calc'!A0"))
    enrol(
        LearnerFactory(home_store=store, full_name="Peter Horváth"),
        due_on=timezone.localdate() - timedelta(days=3),
    )
    enrol(LearnerFactory(home_store=far_store, full_name="Айгүл Осмонова"))


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def ask(client, query="", fmt="csv", prefix="/en", callbacks=None):
    """Post the overview's download form as a person would, running the queued job."""
    with callbacks(execute=True):
        return client.post(f"{prefix}/manage/exports/", {"query": query, "format": fmt})


def test_a_long_table_is_asked_for_instead_of_downloaded(client, manager, team):
    client.force_login(manager)

    page = BeautifulSoup(client.get(OVERVIEW).content, "html.parser")

    form = page.find("form", action="/en/manage/exports/")
    assert form is not None
    assert "prepared for you first" in form.get_text()
    assert [b["value"] for b in form.find_all("button")] == ["csv", "xlsx"]
    assert page.find("a", href="?export=csv") is None
    # A download link typed in by hand comes back to the page, filters kept, with why.
    response = client.get(OVERVIEW, {"export": "csv", "sort": "name", "page": "2"}, follow=True)
    assert response.redirect_chain == [("/en/manage/?sort=name", 302)]
    assert "too long to download at once" in response.content.decode()


def test_the_manager_follows_the_progress_and_downloads_the_filtered_table(
    client, manager, team, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    response = ask(client, "sort=name", callbacks=django_capture_on_commit_callbacks)

    export = TeamExport.objects.get()
    assert response["Location"] == f"/en/manage/exports/{export.pk}/"
    status = client.get(response["Location"]).content.decode()
    assert "The file is ready: 3 rows." in status
    download = client.get(f"/en/manage/exports/{export.pk}/download/")
    assert download["Content-Disposition"].startswith('attachment; filename="team-overview-')
    rows = csv_rows(b"".join(download.streaming_content))
    assert rows[0][0] == "Name"
    assert [row[0] for row in rows[1:]] == ["'=cmd|' /C calc'!A0", "Anna Nováková", "Peter Horváth"]
    assert Path(default_storage.path(export.file.name)).name == f"{export.pk}.csv"
    # The overview lists it for later.
    overview = client.get(OVERVIEW).content.decode()
    assert "Files prepared for you" in overview and "Download (3 rows)" in overview


def test_the_file_keeps_the_filters_and_the_managers_language(
    client, manager, team, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    ask(
        client,
        "status=overdue&page=3",
        fmt="xlsx",
        prefix="/sk",
        callbacks=django_capture_on_commit_callbacks,
    )

    export = TeamExport.objects.get()
    assert export.query == "status=overdue"
    assert export.language == "sk"
    sheet = load_workbook(export.file.open("rb")).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert header[0] == "Meno"
    assert [row[0] for row in rows] == ["Peter Horváth"]
    assert rows[0][header.index("Stav")] == "Po termíne"


def test_a_double_click_queues_one_export(
    client, manager, team, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(EXPORT, {"query": "q=a", "format": "csv"})
    with django_capture_on_commit_callbacks(execute=False):
        second = client.post(EXPORT, {"query": "q=a", "format": "csv"})

    assert first["Location"] == second["Location"]
    assert TeamExport.objects.count() == 1 and Job.objects.count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "Waiting to start" in page
    assert "You can leave this page" in page
    # Before the file is ready, the download link leads to its progress.
    export = TeamExport.objects.get()
    assert client.get(f"/en/manage/exports/{export.pk}/download/")["Location"] == (
        f"/en/manage/exports/{export.pk}/"
    )


def test_a_tampered_form_gives_nothing_outside_the_scope(
    client, manager, team, far_store, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    assert client.post(EXPORT, {"query": "", "format": "pdf"}).status_code == 404
    ask(client, f"unit={far_store.pk}", callbacks=django_capture_on_commit_callbacks)

    names = [row[0] for row in csv_rows(TeamExport.objects.get().file.read())[1:]]
    assert "Айгүл Осмонова" not in names
    assert len(names) == 3


def test_only_the_manager_who_asked_sees_the_export(
    client, manager, store, learner, team, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    ask(client, callbacks=django_capture_on_commit_callbacks)
    export = TeamExport.objects.get()
    urls = [f"/en/manage/exports/{export.pk}/", f"/en/manage/exports/{export.pk}/download/"]
    colleague = ManagerFactory()
    ManagerScope.objects.create(manager=colleague, unit=store)

    for someone in (colleague, learner):
        client.force_login(someone)
        assert [client.get(url).status_code for url in urls] == [404, 404]
        assert "Files prepared for you" not in client.get(OVERVIEW).content.decode()
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)
    # A learner has no exports to ask for either.
    client.force_login(learner)
    assert client.post(EXPORT, {"query": "", "format": "csv"}).status_code == 404


@pytest.fixture
def waiting(client, manager, team, django_capture_on_commit_callbacks) -> TeamExport:
    """An export the manager asked for, its job queued but not yet run."""
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(EXPORT, {"query": "", "format": "csv"})
    return TeamExport.objects.get()


def test_a_rerun_after_the_worker_died_leaves_one_file(waiting):
    export = waiting
    # The killed run wrote its file but did not record it, nor finish the job.
    leftover = default_storage.save(f"exports/{export.pk}.csv", io.BytesIO(b"half"))
    Job.objects.filter(pk=export.job_id).update(status=Job.Status.RUNNING)

    job_run(job_id=export.job_id)
    job_run(job_id=export.job_id)  # a finished job is not run again

    export.refresh_from_db()
    assert export.file.name == leftover
    assert len(csv_rows(export.file.read())) == 4
    folder = Path(default_storage.path(leftover)).parent
    assert sorted(path.name for path in folder.glob(f"{export.pk}*")) == [f"{export.pk}.csv"]
    assert export.job.status == Job.Status.SUCCEEDED and export.job.result == {"rows": 3}


def test_the_file_of_a_manager_who_has_since_lost_the_stores_fails_and_says_why(manager, waiting):
    export = waiting
    ManagerScope.objects.filter(manager=manager).delete()

    with pytest.raises(PermissionError):
        job_run(job_id=export.job_id)

    export.refresh_from_db()
    assert not export.is_ready
    assert export.job.status == Job.Status.FAILED
    assert "You no longer manage any store." in export.job.error


def test_old_exports_and_their_files_are_purged(
    client, manager, team, django_capture_on_commit_callbacks, settings
):
    client.force_login(manager)
    ask(client, callbacks=django_capture_on_commit_callbacks)
    ask(client, fmt="xlsx", callbacks=django_capture_on_commit_callbacks)
    old, recent = TeamExport.objects.order_by("created_at")
    TeamExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.JOBS_KEEP_DAYS + 1)
    )

    assert team_exports_purge() == 1

    assert list(TeamExport.objects.all()) == [recent]
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(recent.file.name)
    assert client.get(f"/en/manage/exports/{old.pk}/").status_code == 404


def test_the_export_pages_run_a_fixed_number_of_queries(
    client, manager, team, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client.force_login(manager)
    ask(client, callbacks=django_capture_on_commit_callbacks)
    export = TeamExport.objects.get()

    with django_assert_max_num_queries(8):
        client.get(reverse("dashboards:team_export_status", args=[export.pk]))
    with django_assert_max_num_queries(18):
        client.get(OVERVIEW)
