# ruff: noqa: RUF001 -- the Russian checks are meant to match Cyrillic.
"""The demo role-play scenarios that ``load_initial_data`` publishes, in English and Russian."""

import re

import pytest
from wagtail.models import Locale, Page, Revision

from content import scenarios as rules
from content.blocks import ScenarioStepsBlock
from content.demo import DEMO_SCENARIOS, load_demo_scenarios
from content.demo_ru import load_demo_translation_ru
from content.models import ScenarioPage

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)

# The demo course's syllabus: each scenario right after the lesson it practises.
SYLLABUS = [
    "store-and-first-impression",
    "greeting-and-personal-attention",
    "telephone-etiquette",
    "phone-call-you-cannot-answer",
    "stages-of-a-sale-and-objections",
    "price-objection",
    "complaints",
    "angry-customer-complaint",
    "appearance-and-forbidden-phrases",
]
# slug → (best score, pass score)
SCORES = {
    "phone-call-you-cannot-answer": (13, 9),
    "price-objection": (17, 12),
    "angry-customer-complaint": (15, 10),
}


def _steps(scenario):
    return [child.value for child in scenario.steps if child.block_type == "step"]


def _endings(scenario):
    return [child.value for child in scenario.steps if child.block_type == "ending"]


def _replies(scenario):
    return [reply for step in _steps(scenario) for reply in step["replies"]]


def _structure(scenario):
    """Keys, pointers, points and standard codes: what a translation must keep."""
    return [
        (
            child.block_type,
            child.value["key"],
            [
                (
                    reply["next"],
                    reply["points"],
                    reply["effect"],
                    getattr(reply["standard"], "code", None),
                )
                for reply in child.value.get("replies", [])
            ]
            if child.block_type == "step"
            else [],
        )
        for child in scenario.steps
    ]


def _assert_valid(scenario):
    assert rules.scenario_problems(scenario.scenario_graph()) == [], scenario.title
    scenario.full_clean()
    # What the admin form checks too: field lengths, and an effect for every standard.
    ScenarioStepsBlock().clean(scenario.steps)


@pytest.fixture
def scenarios(minimal_site):
    return load_demo_scenarios()


@pytest.fixture
def translated(scenarios, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = load_demo_translation_ru()
    return scenarios, report


def test_three_required_scenarios_follow_the_lessons_they_practise(scenarios):
    course = scenarios[0].get_parent()

    assert [page.slug for page in course.get_children()] == SYLLABUS
    assert [scenario.title for scenario in scenarios] == [demo.title for demo in DEMO_SCENARIOS]
    for scenario in scenarios:
        assert isinstance(scenario, ScenarioPage)
        assert scenario.live and scenario.required, scenario.title
        assert len(_steps(scenario)) >= 6, scenario.title
        assert len(_endings(scenario)) >= 2, scenario.title


def test_each_scenario_validates_and_the_first_replies_reach_the_best_score(scenarios):
    for scenario in scenarios:
        _assert_valid(scenario)
        best, pass_score = SCORES[scenario.slug]
        assert scenario.max_score == best
        assert scenario.pass_score == pass_score
        assert best / 2 < pass_score < best

        # The first reply of every step is the model answer, and it ends well.
        nodes = scenario.scenario_graph()
        choices, run = [], rules.walk(nodes, [])
        while not run.finished:
            choices.append(0)
            run = rules.walk(nodes, choices)
        assert run.score == best, scenario.title
        assert len(choices) >= 5, scenario.title


def test_replies_earn_and_lose_points_and_teach_with_feedback(scenarios):
    for scenario in scenarios:
        replies = _replies(scenario)
        points = {reply["points"] for reply in replies}
        assert any(p > 0 for p in points) and 0 in points, scenario.title
        assert any(p < 0 for p in points), scenario.title
        assert all(len(reply["feedback"]) > 60 for reply in replies), scenario.title
        assert len({reply["text"] for reply in replies}) == len(replies), scenario.title


def test_every_reply_applies_or_breaks_a_live_standard_the_scenario_practises(scenarios):
    english = Locale.get_default()
    for scenario in scenarios:
        practised = {row.standard.code for row in scenario.standards.all()}
        replies = _replies(scenario)
        assert all(reply["standard"] is not None for reply in replies), scenario.title
        assert {reply["effect"] for reply in replies} == {"applies", "breaks"}, scenario.title
        used = {reply["standard"].code for reply in replies}
        assert used == practised, scenario.title
        for reply in replies:
            assert reply["standard"].live and reply["standard"].locale == english


def test_going_round_a_loop_earns_nothing(scenarios):
    by_slug = {scenario.slug: scenario.scenario_graph() for scenario in scenarios}

    # Blaming a colleague (-2), then apologising (+2), leads back to the customer's story.
    complaint = by_slug["angry-customer-complaint"]
    detour = rules.walk(complaint, [0, 2, 0])
    assert detour.current.key == "listen"
    assert detour.score == rules.walk(complaint, [0]).score

    # Asking the caller to hold again brings back the same moment, for no points.
    phone = by_slug["phone-call-you-cannot-answer"]
    on_hold = rules.walk(phone, [0, 0, 1])
    again = rules.walk(phone, [0, 0, 1, 1, 1])
    assert on_hold.current.key == again.current.key == "on-hold"
    assert again.score == on_hold.score

    # A flat "never" (-2), then an apology (+2), returns to the price objection.
    price = by_slug["price-objection"]
    objection = rules.walk(price, [0, 0, 0])
    back = rules.walk(price, [0, 0, 0, 2, 0])
    assert objection.current.key == back.current.key == "objection"
    assert back.score == objection.score


def test_loading_again_creates_no_pages_or_revisions(scenarios):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    latest = {page.pk: page.latest_revision_id for page in ScenarioPage.objects.all()}

    again = load_demo_scenarios()

    assert [page.pk for page in again] == [page.pk for page in scenarios]
    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions
    assert {page.pk: page.latest_revision_id for page in ScenarioPage.objects.all()} == latest


def test_russian_scenarios_are_live_russian_and_keep_the_english_graph(translated):
    scenarios, report = translated
    russian = Locale.objects.get(language_code="ru")

    assert report.missing == []
    russian_course = scenarios[0].get_parent().get_translation(russian)
    assert [page.slug for page in russian_course.get_children()] == SYLLABUS
    for english in scenarios:
        scenario = english.get_translation(russian).specific
        assert scenario.live, english.title
        assert scenario.slug == english.slug
        for text in (scenario.title, scenario.summary, scenario.setting, scenario.persona):
            assert CYRILLIC.search(text), text
        assert CYRILLIC.search(scenario.goal)
        for step in _steps(scenario):
            assert CYRILLIC.search(step["customer_line"]), step["key"]
            for reply in step["replies"]:
                assert CYRILLIC.search(reply["text"]), reply["text"]
                assert CYRILLIC.search(reply["feedback"]), reply["feedback"]
                assert reply["standard"].locale == russian and reply["standard"].live
        for ending in _endings(scenario):
            assert CYRILLIC.search(ending["title"]) and CYRILLIC.search(ending["text"])

        assert _structure(scenario) == _structure(english)
        assert (scenario.mood, scenario.pass_score, scenario.required) == (
            english.mood,
            english.pass_score,
            english.required,
        )
        _assert_valid(scenario)
        assert scenario.max_score == english.max_score
        assert {standard.locale for standard in scenario.taught_standards()} == {russian}


def test_loading_everything_again_creates_no_revisions(
    translated, django_capture_on_commit_callbacks
):
    revisions = Revision.objects.count()

    load_demo_scenarios()
    with django_capture_on_commit_callbacks(execute=True):
        report = load_demo_translation_ru()

    assert report.saved == [] and report.missing == []
    assert Revision.objects.count() == revisions
