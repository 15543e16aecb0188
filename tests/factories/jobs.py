"""Factories for background jobs."""

import factory
from django.utils import timezone

from lms.jobs.models import Job

from .people import UserFactory


class JobFactory(factory.django.DjangoModelFactory):
    """A job waiting to start, owned by a new person; ``kind`` names a handler."""

    class Meta:
        model = Job

    kind = "tests.jobs.test_services.count_to_ten"
    label = factory.Sequence(lambda n: f"Job {n}")
    owner = factory.SubFactory(UserFactory)


class FinishedJobFactory(JobFactory):
    """A job that succeeded; pass ``finished_at`` to age it."""

    status = Job.Status.SUCCEEDED
    progress = 100
    result = factory.LazyFunction(lambda: {"counted": 10})
    finished_at = factory.LazyFunction(timezone.now)
