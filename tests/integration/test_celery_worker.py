"""A real Celery worker process, on Redis, runs our tasks against the test database."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.utils import timezone, translation

from lms.celery import app
from lms.jobs.models import Job
from lms.jobs.services import job_create
from lms.jobs.tasks import purge_finished_jobs

pytestmark = pytest.mark.worker

PROJECT_DIR = Path(__file__).resolve().parents[2]


def count_stores(job, report):
    """A job handler the worker imports by dotted path: reports progress, returns a count."""
    from lms.people.models import OrgUnit

    report(50, "Counting")
    return {"stores": OrgUnit.objects.filter(kind=OrgUnit.Kind.STORE).count()}


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def worker(transactional_site, monkeypatch, tmp_path):
    """Start ``celery worker`` on a queue of its own, pointed at the test database."""
    queue = f"academy-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo",
         "--without-heartbeat", "--without-gossip", "--without-mingle",
         "-Q", queue, "--loglevel=INFO", f"--logfile={log}"],
        cwd=PROJECT_DIR,
        env=env,
    )  # fmt: skip
    # This process sends to Redis instead of running tasks in-process.
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", settings.REDIS_URL)
    monkeypatch.setitem(app.conf, "task_default_queue", queue)
    ready = _wait_for(lambda: log.exists() and "ready." in log.read_text(), timeout=60)
    assert ready, f"worker did not start:\n{log.read_text() if log.exists() else ''}"
    yield queue
    process.terminate()
    process.wait(timeout=30)


def test_worker_purges_old_finished_jobs(worker):
    long_ago = timezone.now() - timedelta(days=settings.JOBS_KEEP_DAYS + 5)
    old = Job.objects.create(kind="x", status=Job.Status.SUCCEEDED, finished_at=long_ago)
    recent = Job.objects.create(kind="x", status=Job.Status.FAILED, finished_at=timezone.now())
    running = Job.objects.create(kind="x", status=Job.Status.RUNNING)

    purge_finished_jobs.apply_async(queue=worker)

    assert _wait_for(lambda: not Job.objects.filter(pk=old.pk).exists())
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}


def test_worker_runs_a_background_job_to_the_end(worker):
    from tests.factories import StoreFactory

    StoreFactory.create_batch(3)
    job = job_create(kind="tests.integration.test_celery_worker.count_stores", label="Count")

    def finished():
        job.refresh_from_db()
        return job.is_finished

    assert _wait_for(finished), job.error
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"stores": 3}


def test_worker_prepares_a_team_export_a_manager_asked_for(worker, home_page):
    from lms.dashboards.models import TeamExport
    from lms.dashboards.services import team_export_start
    from lms.people.models import ManagerScope
    from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory
    from tests.factories.content import CourseIndexPageFactory, CoursePageFactory
    from tests.factories.learning import EnrolmentFactory

    store = StoreFactory(parent=RegionFactory(name="Central Europe"), name="Bratislava")
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page), title="Essentials")
    for name in ("Anna", "Boris", "Cyril"):
        EnrolmentFactory(user=LearnerFactory(home_store=store, full_name=name), course=course)
    manager = ManagerFactory()
    ManagerScope.objects.create(manager=manager, unit=store)

    with translation.override("ru"):
        export = team_export_start(actor=manager, query=QueryDict("sort=-name"), fmt="csv")

    def finished():
        export.job.refresh_from_db()
        return export.job.is_finished

    assert _wait_for(finished), export.job.error
    assert export.job.status == Job.Status.SUCCEEDED, export.job.error
    export = TeamExport.objects.get(pk=export.pk)
    table = export.file.read().decode("utf-8-sig").splitlines()
    assert table[0].startswith("Имя,")
    assert [line.split(",")[0] for line in table[1:]] == ["Cyril", "Boris", "Anna"]
