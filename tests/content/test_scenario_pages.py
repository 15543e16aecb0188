"""Scenario pages: where they live, how their steps are checked on save, and translation."""

import pytest
from django.core.exceptions import ValidationError

from content.models import CoursePage, ScenarioPage
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ScenarioPageFactory,
    complaint_steps,
    scenario_ending,
    scenario_step,
)


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


def test_factory_scenario_is_valid_with_its_best_score(course):
    scenario = ScenarioPageFactory(parent=course)

    assert isinstance(scenario.get_parent().specific, CoursePage)
    assert scenario.max_score == 5
    assert ScenarioPage.objects.get(pk=scenario.pk).steps[0].value["key"] == "opening"
