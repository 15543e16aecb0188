"""Factories for standards and their categories."""

import factory
from wagtail.models import Locale

from content.models import Standard, StandardCategory


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
