"""The staff import pages of the Wagtail admin, driven by real requests."""

import csv
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

from lms.jobs.models import Job
from lms.people.models import StaffImport, User
from lms.people.roles import LEARNER, MANAGER, TRAINER
from lms.people.staff_import import staff_import_create
from tests.factories import UserFactory
from tests.people.test_staff_import import staff_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    """Signed in as an Administrator (a role, not a superuser)."""
    client.force_login(administrator)
    return client


def admin_login_url() -> str:
    return resolve_url(getattr(settings, "WAGTAILADMIN_LOGIN_URL", "wagtailadmin_login"))


def upload(client, content: bytes, name: str = "staff.csv"):
    return client.post(
        reverse("staff_import:upload"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def file_errors(response) -> list[str]:
    return response.context["form"].errors["file"]


def page(response) -> str:
    return response.content.decode()


GOOD_FILE = staff_csv(
    "jana@alder.example,BA-0101,Jana Kováčová,ba-01,cashier,2026-02-01,sk,yes",
    ",FR-0042,Айгүл Осмонова,fr-01,cashier,,ky,",
    "eva@alder.example,,Eva Nováková,za-99,,,,",
).encode()


def test_administrator_uploads_previews_starts_and_reads_the_report(
    admin_client, company, django_capture_on_commit_callbacks
):
    response = upload(admin_client, GOOD_FILE)
    staff_import = StaffImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("staff_import:preview", args=[staff_import.pk])

    preview = admin_client.get(response.url)
    assert preview.status_code == 200
    html = page(preview)
    assert "Jana Kováčová" in html
    assert "Unknown store code “za-99”." in html
    assert "2 created" in html
    assert "1 with errors" in html
    assert 'action="{}"'.format(reverse("staff_import:start", args=[staff_import.pk])) in html
    assert not User.objects.filter(employee_number="BA-0101").exists()

    with django_capture_on_commit_callbacks(execute=True):
        started = admin_client.post(reverse("staff_import:start", args=[staff_import.pk]))
    assert started.url == reverse("staff_import:progress", args=[staff_import.pk])
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.DONE
    assert staff_import.job.status == Job.Status.SUCCEEDED

    # The import has finished, so the progress page hands over to the report.
    progress = admin_client.get(started.url)
    report_url = reverse("staff_import:report", args=[staff_import.pk])
    assert progress.url == report_url
    report = admin_client.get(report_url)
    assert report.status_code == 200
    assert "Айгүл Осмонова" in page(report)
    assert "2 created" in page(report)
    assert User.objects.filter(employee_number__in=["BA-0101", "FR-0042"]).count() == 2

    download = admin_client.get(reverse("staff_import:report_csv", args=[staff_import.pk]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="staff-report.csv"' in download["Content-Disposition"]
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "line,outcome,full_name,email,employee_number,store_code,details"
    assert lines[3] == "4,error,Eva Nováková,eva@alder.example,,za-99,Unknown store code “za-99”."


def test_progress_page_shows_the_job_and_goes_on_to_the_report(admin_client, company):
    upload(admin_client, GOOD_FILE)
    staff_import = StaffImport.objects.get()
    # Not run: the job is queued on commit, which this test's transaction never reaches.
    admin_client.post(reverse("staff_import:start", args=[staff_import.pk]))

    response = admin_client.get(reverse("staff_import:progress", args=[staff_import.pk]))

    assert response.status_code == 200
    html = page(response)
    job = StaffImport.objects.get().job
    assert 'data-status-url="{}"'.format(reverse("jobs:status", args=[job.pk])) in html
    assert (
        'data-done-url="{}"'.format(reverse("staff_import:report", args=[staff_import.pk])) in html
    )
    # Starting again from a stale tab queues nothing more.
    admin_client.post(reverse("staff_import:start", args=[staff_import.pk]))
    assert Job.objects.count() == 1


def test_a_file_with_nothing_to_import_has_the_start_button_disabled(admin_client, company):
    upload(admin_client, staff_csv("eva@alder.example,,Eva Nováková,za-99,,,,").encode())
    staff_import = StaffImport.objects.get()

    html = page(admin_client.get(reverse("staff_import:preview", args=[staff_import.pk])))
    assert "Nothing to import" in html
    assert " disabled>" in html

    response = admin_client.post(reverse("staff_import:start", args=[staff_import.pk]))
    assert response.url == reverse("staff_import:preview", args=[staff_import.pk])
    assert not Job.objects.exists()


def test_a_long_preview_is_paginated_and_can_show_only_errors(admin_client, company):
    lines = [f"p{i}@alder.example,,Person {i},ba-01,,,," for i in range(150)]
    lines[120] = "broken,,Broken Row,ba-01,,,,"
    upload(admin_client, staff_csv(*lines).encode())
    url = reverse("staff_import:preview", args=[StaffImport.objects.get().pk])

    first = admin_client.get(url)
    assert "Page 1 of 2" in page(first)
    assert "Person 99" in page(first)
    assert "Person 100" not in page(first)
    assert "Person 100" in page(admin_client.get(url, {"p": 2}))

    errors = page(admin_client.get(url, {"outcome": "error"}))
    assert "Broken Row" in errors
    assert "Person 1<" not in errors


def test_a_file_too_large_is_refused_with_the_limit(admin_client, settings):
    settings.STAFF_IMPORT_MAX_BYTES = 1024 * 1024
    response = upload(admin_client, GOOD_FILE + b"x" * (1024 * 1024))
    assert response.status_code == 200
    assert file_errors(response) == [
        "The file is larger than 1.0\xa0MB, the most that can be imported at once. "
        "Split it into smaller files."
    ]
    assert not StaffImport.objects.exists()


def test_a_file_not_in_utf8_is_refused_with_how_to_save_it(admin_client, company):
    response = upload(
        admin_client, GOOD_FILE.decode().replace("Айгүл Осмонова", "A").encode("cp1250")
    )
    assert response.status_code == 200
    assert "The file is not UTF-8 text." in file_errors(response)[0]
    assert not StaffImport.objects.exists()


def test_an_empty_file_is_refused(admin_client):
    response = upload(admin_client, b"")
    assert response.status_code == 200
    assert file_errors(response) == ["The submitted file is empty."]
    assert not StaffImport.objects.exists()


def test_a_spreadsheet_that_is_not_csv_is_refused(admin_client):
    response = upload(admin_client, GOOD_FILE, name="staff.xlsx")
    assert file_errors(response) == ["Choose a .csv file."]


def test_a_file_with_a_missing_column_is_refused_naming_the_column(admin_client, company):
    response = upload(admin_client, b"email,full_name\njan@alder.example,Jan Novak\n")
    assert response.status_code == 200
    assert "“store_code”" in file_errors(response)[0]
    assert not StaffImport.objects.exists()


def test_past_imports_are_listed_with_their_counts(admin_client, administrator, company):
    staff_import_create(
        actor=administrator,
        file_name="hr-2026-03-01.csv",
        content=staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"),
    )
    html = page(admin_client.get(reverse("staff_import:index")))
    assert "hr-2026-03-01.csv" in html
    assert "Ada Administrator" in html
    assert "1 created" in html
    assert reverse("staff_import:upload") in html


def test_a_failed_import_says_nothing_was_written_and_offers_to_try_again(admin_client, company):
    staff_import = staff_import_create(
        actor=None,
        file_name="staff.csv",
        content=staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"),
    )
    job = Job.objects.create(
        kind="lms.people.staff_import.staff_import_job",
        status=Job.Status.FAILED,
        error="OperationalError: server closed the connection",
    )
    StaffImport.objects.filter(pk=staff_import.pk).update(status=StaffImport.Status.FAILED, job=job)

    html = page(admin_client.get(reverse("staff_import:report", args=[staff_import.pk])))

    assert "The import failed and nothing was written." in html
    assert "server closed the connection" in html
    assert "Try again" in html


def test_report_download_keeps_spreadsheets_from_running_formulas(admin_client, company):
    upload(admin_client, staff_csv('=HYPERLINK("http://evil.example"),,=1+1,ba-01,,,,').encode())
    staff_import = StaffImport.objects.get()
    download = admin_client.get(reverse("staff_import:preview_csv", args=[staff_import.pk]))
    [_header, row] = csv.reader(io.StringIO(download.content.decode("utf-8-sig")))
    assert row[2:4] == ["'=1+1", '\'=HYPERLINK("http://evil.example")']


def test_the_settings_menu_offers_staff_import_to_administrators_only(client, admin_client):
    assert reverse("staff_import:index") in page(admin_client.get(reverse("wagtailadmin_home")))

    client.force_login(UserFactory(roles=[TRAINER]))
    assert reverse("staff_import:index") not in page(client.get(reverse("wagtailadmin_home")))


# --- Who may import


@pytest.mark.parametrize("url_name", ["index", "upload"])
def test_a_trainer_in_the_admin_gets_403(client, url_name):
    client.force_login(UserFactory(roles=[TRAINER]))
    response = client.get(reverse(f"staff_import:{url_name}"))
    assert response.status_code == 403
    assert "Only Administrators can import staff." in page(response)


def test_a_trainer_cannot_upload_preview_or_start(client, company):
    staff_import = staff_import_create(
        actor=None,
        file_name="staff.csv",
        content=staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"),
    )
    client.force_login(UserFactory(roles=[TRAINER]))
    assert upload(client, GOOD_FILE).status_code == 403
    assert client.get(reverse("staff_import:preview", args=[staff_import.pk])).status_code == 403
    assert client.post(reverse("staff_import:start", args=[staff_import.pk])).status_code == 403
    assert StaffImport.objects.count() == 1
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", [MANAGER, LEARNER])
def test_managers_and_learners_are_kept_out_like_everywhere_in_the_admin(client, company, role):
    # Wagtail answers before our view for people without admin access: to the admin login.
    staff_import = staff_import_create(
        actor=None,
        file_name="staff.csv",
        content=staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"),
    )
    client.force_login(UserFactory(roles=[role]))
    for response in [
        client.get(reverse("staff_import:index")),
        upload(client, GOOD_FILE),
        client.post(reverse("staff_import:start", args=[staff_import.pk])),
    ]:
        assert response.status_code == 302
        assert response.url.split("?")[0] == admin_login_url()
    assert StaffImport.objects.count() == 1
    assert not Job.objects.exists()
