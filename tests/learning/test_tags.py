"""The syllabus and lesson actions as content pages show them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from lms.learning.services import lesson_complete, scenario_run_start
from tests.factories.content import ScenarioPageFactory
from tests.learning.helpers import play

pytestmark = pytest.mark.django_db


def _render(tag, page, user, path="/en/"):
    request = RequestFactory().get(path)
    request.user = user
    template = Template(f"{{% load learning_tags %}}{{% {tag} page %}}")
    return template.render(RequestContext(request, {"page": page}))


def _text(html):
    return " ".join(html.split())


def test_syllabus_for_a_learner_shows_progress_lessons_and_continue(learner, course, lessons):
    lesson_complete(user=learner, lesson=lessons[0])

    html = _text(_render("course_syllabus", course, learner))

    assert "1 of 2 required lessons done" in html
    assert '<progress class="learning-syllabus__bar progress-bar"' in html
    assert 'max="2" value="1"' in html
    assert html.index("Say hello") < html.index("Offer help") < html.index("Small talk")
    assert f'href="{lessons[0].get_url()}"' in html
    assert "Required · 5 minutes" in html
    assert "Optional · 7 minutes" in html
    assert html.count("Done</strong>") == 1
    assert f'<a class="button" href="{lessons[1].get_url()}">Continue' in html


def test_syllabus_for_a_learner_who_has_not_started_says_start(learner, course, lessons):
    html = _text(_render("course_syllabus", course, learner))

    assert "0 of 2 required lessons done" in html
    assert f'<a class="button" href="{lessons[0].get_url()}">Start' in html
    assert "Done</strong>" not in html


def test_syllabus_for_an_anonymous_visitor_has_no_progress(course, lessons):
    html = _text(_render("course_syllabus", course, AnonymousUser()))

    assert "<progress" not in html
    assert "required lessons done" not in html
    assert "Say hello" in html
    assert f'<a class="button" href="{lessons[0].get_url()}">Start' in html


def test_syllabus_says_when_everything_is_done(learner, course, lessons):
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)

    html = _text(_render("course_syllabus", course, learner))

    assert "2 of 2 required lessons done" in html
    assert "You have done every lesson of this course." in html
    assert 'class="button"' not in html


def test_lesson_actions_offer_to_mark_complete(learner, lessons):
    html = _text(_render("lesson_actions", lessons[1], learner))

    assert f'action="{reverse("learning:lesson_complete", args=[lessons[1].pk])}"' in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Mark as complete" in html
    assert "Completed" not in html


def test_lesson_actions_of_a_completed_lesson_offer_to_undo(learner, lessons):
    lesson_complete(user=learner, lesson=lessons[1])

    html = _text(_render("lesson_actions", lessons[1], learner))

    assert "Completed" in html
    assert "Mark as complete" not in html
    assert f'action="{reverse("learning:lesson_incomplete", args=[lessons[1].pk])}"' in html
    assert "Mark as not done" in html


def test_lesson_actions_ask_an_anonymous_visitor_to_log_in(lessons):
    path = lessons[1].get_url()

    html = _text(_render("lesson_actions", lessons[1], AnonymousUser(), path=path))

    assert "Log in to track your progress" in html
    assert f'href="{reverse("account_login")}?next=%2Fen%2F' in html
    assert "<form" not in html


def test_lesson_actions_link_the_previous_and_next_lessons(learner, lessons):
    html = _text(_render("lesson_actions", lessons[1], learner))

    assert '<nav class="lesson-actions__nav" aria-label="Lessons of this course">' in html
    assert f'href="{lessons[0].get_url()}" rel="prev"' in html
    assert "Previous: Say hello" in html
    assert f'href="{lessons[2].get_url()}" rel="next"' in html
    assert "Next: Small talk" in html


def test_the_first_lesson_has_no_previous_link(learner, lessons):
    html = _text(_render("lesson_actions", lessons[0], learner))

    assert 'rel="prev"' not in html
    assert "Next: Offer help" in html


def test_syllabus_lists_a_scenario_with_its_kind_and_counts_it_when_passed(
    learner, course, lessons
):
    scenario = ScenarioPageFactory(parent=course, title="An angry customer", estimated_minutes=8)
    lesson_complete(user=learner, lesson=lessons[0])
    play(learner, scenario, [0, 0])

    html = _text(_render("course_syllabus", course, learner))

    assert "2 of 3 required lessons and scenarios done" in html
    assert f'href="{scenario.get_url()}"' in html
    assert "Role-play · Required · 8 minutes" in html
    assert "Passed</strong>" in html
    assert html.count("Done</strong>") == 1
    assert f'<a class="button" href="{lessons[1].get_url()}">Continue' in html


def test_syllabus_marks_a_scenario_played_but_not_passed(learner, course):
    scenario = ScenarioPageFactory(parent=course)
    play(learner, scenario, [1])

    html = _text(_render("course_syllabus", course, learner))

    assert "0 of 1 required lesson or scenario done" in html
    assert "Not passed yet" in html
    assert f'<a class="button" href="{scenario.get_url()}">Continue' in html


def test_syllabus_says_when_every_lesson_and_scenario_is_done(learner, course, lessons):
    scenario = ScenarioPageFactory(parent=course)
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)
    play(learner, scenario, [0, 0])

    html = _text(_render("course_syllabus", course, learner))

    assert "You have done every lesson and scenario of this course." in html


def test_scenario_actions_offer_a_new_learner_to_start(learner, course, lessons):
    scenario = ScenarioPageFactory(parent=course)

    html = _text(_render("scenario_actions", scenario, learner))

    assert f'action="{reverse("learning:scenario_start", args=[scenario.pk])}"' in html
    assert 'type="submit">Start</button>' in html
    assert "best result" not in html
    assert f'href="{lessons[2].get_url()}" rel="prev"' in html


def test_scenario_actions_offer_to_continue_an_open_run(learner, course):
    scenario = ScenarioPageFactory(parent=course)
    run = scenario_run_start(user=learner, scenario=scenario)

    html = _text(_render("scenario_actions", scenario, learner))

    assert (
        f'<a class="button" href="{reverse("learning:scenario_run", args=[run.pk])}">Continue'
        in (html)
    )
    assert "<form" not in html


def test_scenario_actions_show_the_best_result_and_offer_to_try_again(learner, course):
    scenario = ScenarioPageFactory(parent=course)
    play(learner, scenario, [0, 1])
    play(learner, scenario, [0, 0])
    play(learner, scenario, [1])

    html = _text(_render("scenario_actions", scenario, learner))

    assert "Your best result: 5 out of 5 — <strong" in html
    assert "Passed" in html
    assert 'type="submit">Try again</button>' in html


def test_scenario_actions_ask_an_anonymous_visitor_to_log_in(course):
    scenario = ScenarioPageFactory(parent=course)

    html = _text(_render("scenario_actions", scenario, AnonymousUser(), path=scenario.get_url()))

    assert "Log in to play this scenario" in html
    assert "<form" not in html


def test_points_read_with_their_sign():
    template = Template(
        "{% load learning_tags %}"
        "{{ 2|scenario_points }}|{{ -1|scenario_points }}|{{ 0|scenario_points }}"
    )

    rendered = template.render(RequestContext(RequestFactory().get("/")))

    assert rendered == "+2 points|-1 point|0 points"
