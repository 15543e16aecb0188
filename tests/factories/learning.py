"""Factories for onboarding paths and enrolments."""

import factory

from lms.learning.models import Enrolment, OnboardingPath, PathCourse

from .people import JobRoleFactory


class OnboardingPathFactory(factory.django.DjangoModelFactory):
    """An active path for a job role anywhere (pass ``unit=`` to narrow it, ``job_role=None``
    with a unit for everyone there)."""

    class Meta:
        model = OnboardingPath

    name = factory.Sequence(lambda n: f"Path {n}")
    job_role = factory.SubFactory(JobRoleFactory)
    unit = None
    active = True


class PathCourseFactory(factory.django.DjangoModelFactory):
    """A course of a path, due 14 days after hire or assignment unless told otherwise."""

    class Meta:
        model = PathCourse

    path = factory.SubFactory(OnboardingPathFactory)
    due_in_days = 14
    due_on = None


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An enrolment written directly (tests of the services go through the services)."""

    class Meta:
        model = Enrolment

    source = Enrolment.Source.MANAGER
    course_key = factory.LazyAttribute(lambda enrolment: enrolment.course.translation_key)
