"""Wagtail's background work through django-tasks, handed to Celery after commit."""

import pytest
from django.db import transaction
from django_tasks import TaskResultStatus, task

from lms.jobs.task_backends import CeleryTaskBackend
from lms.people.models import JobRole

pytestmark = pytest.mark.django_db


@task()
def name_job_role(code: str, name: str) -> None:
    """A django-tasks task with a visible effect: it creates a job role."""
    JobRole.objects.create(code=code, name=name)


@pytest.fixture
def celery_task_backend(settings):
    # The test settings run django-tasks immediately; production hands them to Celery.
    settings.TASKS = {"default": {"BACKEND": "lms.jobs.task_backends.CeleryTaskBackend"}}


def test_task_runs_on_celery_after_commit(celery_task_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = name_job_role.enqueue("cashier", name="Cashier")
        assert not JobRole.objects.filter(code="cashier").exists()

    assert JobRole.objects.get(code="cashier").name == "Cashier"
    assert result.status == TaskResultStatus.READY
    assert result.backend == "default"
    assert result.args == ["cashier"]
    assert result.kwargs == {"name": "Cashier"}


def test_task_is_dropped_when_the_transaction_rolls_back(
    celery_task_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                name_job_role.enqueue("florist", name="Florist")
                raise RuntimeError("the page save failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not JobRole.objects.filter(code="florist").exists()


def test_backend_in_use_is_the_celery_one(celery_task_backend):
    assert isinstance(name_job_role.get_backend(), CeleryTaskBackend)
