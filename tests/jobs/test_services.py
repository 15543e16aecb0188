"""Background jobs: queued on commit, run once, progress and outcome recorded."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from lms.jobs.models import Job
from lms.jobs.services import job_create, job_progress, job_run, jobs_purge_finished
from lms.jobs.tasks import purge_finished_jobs
from tests.factories import UserFactory
from tests.factories.jobs import FinishedJobFactory, JobFactory

pytestmark = pytest.mark.django_db

HANDLERS = "tests.jobs.test_services"


# Handlers are looked up by dotted path, so they live at module level.


def count_to_ten(job, report):
    """Counts, reporting progress on the way."""
    for number in range(1, 11):
        report(number * 10 - 5, f"Counted {number}")
    return {"counted": 10, "last_message": Job.objects.get(pk=job.pk).message}


def fail_halfway(job, report):
    report(50, "Halfway")
    raise RuntimeError("The import file has no header row")


def record_running_status(job, report):
    """Returns the status the database held while the handler ran."""
    return {"status_while_running": Job.objects.get(pk=job.pk).status}


def test_job_runs_only_once_the_transaction_commits(django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind=f"{HANDLERS}.count_to_ten", owner=owner, label="Count")
        assert Job.objects.get(pk=job.pk).status == Job.Status.PENDING

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"counted": 10, "last_message": "Counted 10"}
    assert job.started_at is not None
    assert job.finished_at >= job.started_at
    assert job.error == ""


def test_job_is_not_queued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                job_create(kind=f"{HANDLERS}.count_to_ten", label="Doomed")
                raise RuntimeError("the surrounding work failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Job.objects.exists()


def test_job_with_queue_false_waits_for_someone_to_run_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = job_create(kind=f"{HANDLERS}.count_to_ten", queue=False)
    assert callbacks == []
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING


def test_job_with_an_unknown_handler_is_refused_before_it_is_saved():
    with pytest.raises(ImportError):
        job_create(kind=f"{HANDLERS}.no_such_handler")
    assert not Job.objects.exists()


def test_job_is_running_while_its_handler_works():
    job = JobFactory(kind=f"{HANDLERS}.record_running_status")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.result == {"status_while_running": Job.Status.RUNNING}


def test_failing_handler_records_failed_and_the_error(django_capture_on_commit_callbacks):
    with (
        pytest.raises(RuntimeError, match="no header row"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = job_create(kind=f"{HANDLERS}.fail_halfway", owner=UserFactory())

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "RuntimeError: The import file has no header row"
    assert job.progress == 50
    assert job.message == "Halfway"
    assert job.finished_at is not None
    assert job.result is None


def test_running_a_finished_job_again_does_nothing():
    job = FinishedJobFactory(result={"counted": 3}, progress=100)
    finished_at = job.finished_at
    again = job_run(job_id=job.pk)
    job.refresh_from_db()
    assert again.status == Job.Status.SUCCEEDED
    assert job.result == {"counted": 3}
    assert job.finished_at == finished_at
    assert job.started_at is None


def test_running_a_failed_job_again_does_not_retry_it():
    job = JobFactory(kind=f"{HANDLERS}.count_to_ten", status=Job.Status.FAILED, error="Boom")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Boom"


@pytest.mark.parametrize(
    ("reported", "saved"), [(-20, 0), (0, 0), (42, 42), (100, 100), (250, 100)]
)
def test_progress_is_kept_between_0_and_100(reported, saved):
    job = JobFactory()
    job_progress(job=job, percent=reported, message="Working")
    job.refresh_from_db()
    assert job.progress == saved
    assert job.message == "Working"


def test_long_progress_message_is_cut_to_fit():
    job = JobFactory()
    job_progress(job=job, percent=10, message="x" * 500)
    job.refresh_from_db()
    assert len(job.message) == 300


def test_purge_deletes_only_finished_jobs_older_than_the_limit():
    long_ago = timezone.now() - timedelta(days=31)
    old_success = FinishedJobFactory(finished_at=long_ago)
    old_failure = FinishedJobFactory(finished_at=long_ago, status=Job.Status.FAILED)
    recent = FinishedJobFactory(finished_at=timezone.now() - timedelta(days=29))
    pending = JobFactory()
    running = JobFactory(status=Job.Status.RUNNING, started_at=long_ago)

    assert jobs_purge_finished(older_than_days=30) == 2

    remaining = set(Job.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, pending.pk, running.pk}
    assert old_success.pk not in remaining
    assert old_failure.pk not in remaining


def test_daily_purge_task_uses_the_configured_number_of_days(settings):
    settings.JOBS_KEEP_DAYS = 7
    FinishedJobFactory(finished_at=timezone.now() - timedelta(days=8))
    kept = FinishedJobFactory(finished_at=timezone.now() - timedelta(days=6))
    assert purge_finished_jobs.delay().get() == 1
    assert list(Job.objects.all()) == [kept]
