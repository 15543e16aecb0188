"""Factories for standards and their categories."""

import factory
import wagtail_factories
from wagtail.models import Locale

from content.blocks import LessonStreamBlock
from content.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LessonStandard,
    Standard,
    StandardCategory,
)


class StandardCategoryFactory(factory.django.DjangoModelFactory):
    """A category in the default language."""

    class Meta:
        model = StandardCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    code = factory.Sequence(lambda n: f"category-{n}")
    locale = factory.LazyFunction(Locale.get_default)


class StandardFactory(factory.django.DjangoModelFactory):
    """A live mandatory standard in the default language; ``live=False`` for a draft."""

    class Meta:
        model = Standard

    code = factory.Sequence(lambda n: f"TEST-{n:02d}")
    title = factory.Sequence(lambda n: f"Standard {n}")
    rule = "Greet every customer who comes in."
    level = Standard.Level.MANDATORY
    criterion = "Customer greeted within 10 seconds."
    category = factory.SubFactory(StandardCategoryFactory, locale=factory.SelfAttribute("..locale"))
    locale = factory.LazyFunction(Locale.get_default)


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    """A course index; pass ``parent`` (the home page)."""

    class Meta:
        model = CourseIndexPage

    title = "Courses"
    introduction = "Every course published in this language."


class CoursePageFactory(wagtail_factories.PageFactory):
    """A course; pass ``parent`` (a course index)."""

    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "What every new colleague needs on the shop floor."
    audience = "New sales consultants"
    estimated_minutes = 45


class LessonPageFactory(wagtail_factories.PageFactory):
    """A required lesson; pass ``parent`` (a course), ``body`` as raw stream data and
    ``standards=[standard, ...]`` for the standards it teaches."""

    class Meta:
        model = LessonPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "One standard, explained."
    estimated_minutes = 10

    @classmethod
    def _create(cls, model_class, *args, body=None, **kwargs):
        # Raw stream data (``[{"type": ..., "value": ...}]``) becomes a StreamValue here.
        if body is not None:
            kwargs["body"] = LessonStreamBlock().to_python(body)
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def standards(lesson, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for sort_order, standard in enumerate(extracted):
            LessonStandard.objects.create(lesson=lesson, standard=standard, sort_order=sort_order)
