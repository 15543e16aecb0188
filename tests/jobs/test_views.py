"""The job status a progress bar polls: only for the person who started the job."""

import uuid

import pytest
from django.urls import reverse

from lms.jobs.models import Job
from lms.people.roles import ADMINISTRATOR, LEARNER, MANAGER
from tests.factories import UserFactory
from tests.factories.jobs import FinishedJobFactory, JobFactory

pytestmark = pytest.mark.django_db


def status_url(job) -> str:
    return reverse("jobs:status", args=[job.pk])


def test_owner_sees_the_progress_as_json(client):
    job = JobFactory(status=Job.Status.RUNNING, progress=40, message="Row 40 of 100")
    client.force_login(job.owner)
    response = client.get(status_url(job))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "id": str(job.pk),
        "status": "running",
        "status_label": "Running",
        "progress": 40,
        "message": "Row 40 of 100",
        "finished": False,
        "error": "",
    }


def test_status_is_never_cached(client):
    job = JobFactory()
    client.force_login(job.owner)
    response = client.get(status_url(job))
    assert "no-cache" in response["Cache-Control"]


def test_finished_job_says_it_is_finished(client):
    job = FinishedJobFactory()
    client.force_login(job.owner)
    body = client.get(status_url(job)).json()
    assert body["finished"] is True
    assert body["progress"] == 100


def test_failed_job_shows_its_error_to_the_owner(client):
    job = JobFactory(status=Job.Status.FAILED, error="ValueError: bad row 7")
    client.force_login(job.owner)
    body = client.get(status_url(job)).json()
    assert body["finished"] is True
    assert body["error"] == "ValueError: bad row 7"


# BUG: /jobs/ lies outside i18n_patterns, so LocaleMiddleware turns the 404 into a redirect
# to /en/jobs/.../status/, which Wagtail's catch-all then answers with an HTML 404 page.


@pytest.mark.parametrize("role", [LEARNER, MANAGER])
def test_someone_elses_job_is_not_found(client, role):
    job = JobFactory()
    client.force_login(UserFactory(roles=[role]))
    assert client.get(status_url(job)).status_code == 404


def test_unknown_job_is_not_found(client):
    client.force_login(UserFactory())
    assert client.get(reverse("jobs:status", args=[uuid.uuid4()])).status_code == 404


def test_administrator_may_follow_anyones_job(client):
    job = JobFactory()
    client.force_login(UserFactory(roles=[ADMINISTRATOR]))
    assert client.get(status_url(job)).json()["id"] == str(job.pk)


def test_visitor_is_sent_to_login(client):
    job = JobFactory()
    response = client.get(status_url(job))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url
