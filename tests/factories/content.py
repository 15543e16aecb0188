"""Factories for standards, their categories and the course pages."""

import factory
import wagtail_factories
from wagtail.models import Locale

from content.blocks import LessonStreamBlock, ScenarioStepsBlock
from content.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    LessonStandard,
    ScenarioPage,
    ScenarioStandard,
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


def scenario_step(key, customer_line, *replies):
    """Raw stream data for a step; each reply is ``(text, points, next)`` or a dict."""
    return {
        "type": "step",
        "value": {
            "key": key,
            "customer_line": customer_line,
            "replies": [
                reply
                if isinstance(reply, dict)
                else {
                    "text": reply[0],
                    "feedback": f"Feedback on: {reply[0]}",
                    "points": reply[1],
                    "standard": None,
                    "effect": "",
                    "next": reply[2],
                }
                for reply in replies
            ],
        },
    }


def scenario_ending(key, title, text="The conversation ends."):
    """Raw stream data for an ending."""
    return {"type": "ending", "value": {"key": key, "title": title, "text": text}}


def complaint_steps():
    """A small valid scenario: two steps, two endings, best score 5."""
    return [
        scenario_step(
            "opening",
            "This kettle I bought last week has stopped working!",
            ("I am sorry to hear that. Tell me what happened.", 2, "listen"),
            ("That is not my problem.", -2, "walks-out"),
        ),
        scenario_step(
            "listen",
            "It just will not switch on any more.",
            ("I can exchange it now or refund you: which do you prefer?", 3, "settled"),
            ("Come back tomorrow when the manager is in.", 0, "walks-out"),
        ),
        scenario_ending("settled", "The customer leaves satisfied"),
        scenario_ending("walks-out", "The customer walks out"),
    ]


class ScenarioPageFactory(wagtail_factories.PageFactory):
    """A required role-play scenario; pass ``parent`` (a course), ``steps`` as raw stream
    data (default: ``complaint_steps()``, best score 5) and ``standards=[...]``."""

    class Meta:
        model = ScenarioPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Scenario {n}")
    summary = "Practise settling a complaint."
    setting = "A quiet weekday morning at the service desk."
    persona = "A regular customer who bought a kettle last week."
    mood = ScenarioPage.Mood.IRRITATED
    goal = "Settle the complaint so the customer leaves satisfied."
    pass_score = 3
    estimated_minutes = 5

    @classmethod
    def _create(cls, model_class, *args, steps=None, **kwargs):
        kwargs["steps"] = ScenarioStepsBlock().to_python(
            complaint_steps() if steps is None else steps
        )
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def standards(scenario, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for sort_order, standard in enumerate(extracted):
            ScenarioStandard.objects.create(
                scenario=scenario, standard=standard, sort_order=sort_order
            )
