"""The scenario player as a learner uses it: one step at a time, then the summary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.blocks import ScenarioStepsBlock
from content.models import LessonStandard
from lms.learning.models import ScenarioRun
from lms.learning.services import scenario_run_start
from tests.factories import LearnerFactory
from tests.factories.content import (
    LessonPageFactory,
    ScenarioPageFactory,
    StandardFactory,
    scenario_ending,
    scenario_step,
)
from tests.learning.helpers import long_steps, play

pytestmark = pytest.mark.django_db


def _start_url(page):
    return reverse("learning:scenario_start", kwargs={"page_id": page.pk})


def _run_url(run):
    return reverse("learning:scenario_run", kwargs={"run_id": run.pk})


def _text(response):
    return " ".join(response.content.decode().split())


def _choose(client, run, step, reply, position=None):
    data = {"step": step, "reply": reply}
    if position is not None:
        data["position"] = position
    return client.post(_run_url(run), data)


def _every_reply(page):
    """(step key, index, reply value) for every reply of the scenario."""
    return [
        (child.value["key"], index, reply)
        for child in page.steps
        if child.block_type == "step"
        for index, reply in enumerate(child.value["replies"])
    ]


def test_player_urls_are_language_prefixed(scenario, learner):
    run = scenario_run_start(user=learner, scenario=scenario)

    assert _start_url(scenario) == f"/en/learning/scenarios/{scenario.pk}/start/"
    assert _run_url(run) == f"/en/learning/scenario-runs/{run.pk}/"


def test_starting_sends_the_learner_to_the_first_step(client, learner, scenario):
    client.force_login(learner)

    response = client.post(_start_url(scenario))

    run = ScenarioRun.objects.get(user=learner)
    assert response.status_code == 302
    assert response.url == _run_url(run)
    html = _text(client.get(response.url))
    assert "<h1>An angry customer</h1>" in html
    assert "Step 1" in html
    assert "This kettle I bought last week has stopped working!" in html
    assert "<legend" in html and "What do you say?" in html
    assert html.count('type="radio" name="reply"') == 2
    assert 'value="0" required> <label class="scenario-reply__label" for="scenario-reply-0">' in (
        html
    )
    assert 'name="step" value="opening"' in html
    assert 'name="position" value="0"' in html
    assert "js/scenario-player.js" in html


def test_starting_again_resumes_the_open_run(client, learner, scenario):
    client.force_login(learner)
    first = client.post(_start_url(scenario))
    second = client.post(_start_url(scenario))

    assert first.url == second.url
    assert ScenarioRun.objects.count() == 1


def test_choosing_shows_the_feedback_and_points_then_the_next_customer_line(
    client, learner, scenario
):
    run = scenario_run_start(user=learner, scenario=scenario)
    client.force_login(learner)

    response = _choose(client, run, "opening", 0, position=0)

    assert response.status_code == 302
    assert response.url == _run_url(run)
    html = _text(client.get(response.url))
    assert "Your reply" in html
    assert "I am sorry to hear that. Tell me what happened." in html
    assert "Good: you let the customer explain." in html
    assert "+2 points" in html
    assert "Applies" in html and "COMPLAINT-01" in html
    assert "Step 2" in html
    assert "It just will not switch on any more." in html
    assert html.index("Good: you let the customer explain.") < html.index("It just will not")


def test_no_page_shows_the_outcome_of_a_reply_not_chosen_yet(client, learner, scenario):
    """The hidden-options check: feedback, points and next steps of unchosen replies."""
    client.force_login(learner)
    run_url = client.post(_start_url(scenario)).url
    run = ScenarioRun.objects.get(user=learner)
    replies = _every_reply(scenario)
    chosen = []
    for step_key, index in [("opening", 0), ("listen", 0)]:
        html = client.get(run_url).content.decode()
        for key, reply_index, value in replies:
            if (key, reply_index) in chosen:
                continue
            assert value["feedback"] not in html, (key, reply_index)
            assert f'value="{value["next"]}"' not in html
        # The endings are not reached yet: neither their titles nor their keys.
        assert "The customer leaves satisfied" not in html
        assert "The customer walks out" not in html
        assert "walks-out" not in html
        assert "settled" not in html
        # Points appear only with feedback, and none has been shown for these replies.
        assert "+3 points" not in html
        assert "-2 points" not in html
        _choose(client, run, step_key, index)
        chosen.append((step_key, index))

    summary = client.get(run_url).content.decode()
    assert "The customer leaves satisfied" in summary
    # The ending not reached, and the replies not chosen, stay unknown after the end too.
    assert "The customer walks out" not in summary
    assert "The customer feels dismissed." not in summary
    assert "Sending the customer away loses the sale." not in summary


def test_the_summary_shows_the_score_the_ending_the_path_and_the_standards(
    client, learner, scenario, standards, lessons
):
    LessonStandard.objects.create(lesson=lessons[1], standard=standards[1])
    run = play(learner, scenario, [0, 0])
    client.force_login(learner)

    html = _text(client.get(_run_url(run)))

    assert "Your result" in html
    assert "Passed" in html
    assert "You scored 5 out of a possible 5. The pass score is 3." in html
    assert "How it ended" in html and "The customer leaves satisfied" in html
    assert "They thank you and leave." in html
    path = html[html.index("The conversation") :]
    assert path.index("This kettle I bought") < path.index("It just will not switch on")
    assert "I can exchange it now or refund you: which do you prefer?" in path
    assert "A remedy on the spot settles it." in path
    assert "+3 points" in path
    assert "Standards in this conversation" in html
    assert "COMPLAINT-01</span> Listen before you answer" in html
    assert "COMPLAINT-02</span> Offer a remedy at once" in html
    assert html.count("Applied once") == 2
    assert f'<a href="{lessons[1].get_url()}">Offer help</a>' in html
    assert f'action="{_start_url(scenario)}"' in html
    assert "Try again" in html
    assert "Step " not in html.split("<main", 1)[1].split("The conversation")[0]


def test_a_failed_run_says_not_passed_and_counts_the_broken_standard(client, learner, scenario):
    run = play(learner, scenario, [1])
    client.force_login(learner)

    html = _text(client.get(_run_url(run)))

    assert "Not passed" in html
    assert "You scored -2 out of a possible 5. The pass score is 3." in html
    assert "The customer walks out" in html
    assert "Broken once" in html
    assert "-2 points" in html


def test_try_again_starts_a_new_run_and_keeps_the_finished_one(client, learner, scenario):
    finished = play(learner, scenario, [1])
    client.force_login(learner)

    response = client.post(_start_url(scenario))

    new_run = ScenarioRun.objects.exclude(pk=finished.pk).get()
    assert response.url == _run_url(new_run)
    assert ScenarioRun.objects.filter(user=learner).count() == 2
    assert "Step 1" in _text(client.get(response.url))


def test_a_double_submit_records_the_reply_once(client, learner, scenario):
    run = scenario_run_start(user=learner, scenario=scenario)
    client.force_login(learner)

    first = _choose(client, run, "opening", 0, position=0)
    second = _choose(client, run, "opening", 1, position=0)

    assert first.status_code == second.status_code == 302
    run.refresh_from_db()
    assert (run.choices, run.score) == ([0], 2)


def test_a_tampered_reply_index_gets_a_clear_error_and_loses_nothing(client, learner, scenario):
    run = play(learner, scenario, [0])
    client.force_login(learner)

    response = _choose(client, run, "listen", 7, position=1)

    assert response.status_code == 400
    html = _text(response)
    assert "Your reply was not recorded" in html
    assert "That reply is not one of this step&#x27;s replies." in html
    assert 'role="alert"' in html
    assert "It just will not switch on any more." in html
    run.refresh_from_db()
    assert (run.choices, run.score, run.finished_at) == ([0], 2, None)
    assert _choose(client, run, "listen", 0, position=1).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"step": "opening", "position": "0"}, "Choose a reply."),
        ({"step": "opening", "position": "0", "reply": "first"}, "Choose one of the replies."),
        ({"reply": "0"}, "The form was not complete. Choose a reply again."),
    ],
)
def test_an_incomplete_form_asks_again(client, learner, scenario, data, message):
    run = scenario_run_start(user=learner, scenario=scenario)
    client.force_login(learner)

    response = client.post(_run_url(run), data)

    assert response.status_code == 400
    assert message in _text(response)
    run.refresh_from_db()
    assert run.choices == []


def test_someone_elses_run_is_not_found(client, learner, scenario):
    run = scenario_run_start(user=LearnerFactory(), scenario=scenario)
    client.force_login(learner)

    assert client.get(_run_url(run)).status_code == 404
    assert _choose(client, run, "opening", 0).status_code == 404
    run.refresh_from_db()
    assert run.choices == []


def test_a_missing_run_is_not_found(client, learner):
    client.force_login(learner)

    assert client.get(reverse("learning:scenario_run", kwargs={"run_id": 999999})).status_code == (
        404
    )


def test_a_run_of_an_unpublished_scenario_is_not_found(client, learner, scenario):
    run = scenario_run_start(user=learner, scenario=scenario)
    scenario.unpublish()
    client.force_login(learner)

    assert client.get(_run_url(run)).status_code == 404


@pytest.mark.parametrize("live", [False, None])
def test_only_a_published_scenario_can_be_started(client, learner, course, lessons, live):
    page = ScenarioPageFactory(parent=course, live=False) if live is False else lessons[0]
    client.force_login(learner)

    assert client.post(_start_url(page)).status_code == 404
    assert not ScenarioRun.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, learner, scenario):
    run = scenario_run_start(user=learner, scenario=scenario)

    for response in (client.post(_start_url(scenario)), client.get(_run_url(run))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login") + "?next=")
    assert ScenarioRun.objects.count() == 1


def test_start_is_post_only(client, learner, scenario):
    client.force_login(learner)

    assert client.get(_start_url(scenario)).status_code == 405
    assert not ScenarioRun.objects.exists()


def _queries_per_step(client, learner, page, step_count):
    """Queries to show the first step, answer it, show the second, answer the last step and
    show the summary."""
    client.force_login(learner)
    run_url = client.post(_start_url(page)).url
    run = ScenarioRun.objects.get(user=learner, scenario=page, finished_at__isnull=True)
    counts = []
    # The first page of all fills Wagtail's cache of site root paths; not counted.
    client.get(run_url)

    def measure(request):
        with CaptureQueriesContext(connection) as queries:
            response = request()
        assert response.status_code in {200, 302}
        counts.append(len(queries))

    measure(lambda: client.get(run_url))
    measure(lambda: _choose(client, run, "step-0", 0, position=0))
    measure(lambda: client.get(run_url))
    for position in range(1, step_count - 1):
        _choose(client, run, f"step-{position}", 0, position=position)
    last = step_count - 1
    measure(lambda: _choose(client, run, f"step-{last}", 0, position=last))
    measure(lambda: client.get(run_url))
    run.refresh_from_db()
    assert run.finished
    return counts


def test_each_step_takes_the_same_queries_whatever_the_size_of_the_scenario(
    client, course, django_assert_max_num_queries
):
    standards = [StandardFactory() for _ in range(6)]
    for standard in standards:
        LessonStandard.objects.create(lesson=LessonPageFactory(parent=course), standard=standard)
    small = ScenarioPageFactory(parent=course, steps=long_steps(2, 2, standards[:1]), pass_score=1)
    large = ScenarioPageFactory(parent=course, steps=long_steps(12, 6, standards), pass_score=1)
    for page in (small, large):
        page.save_revision().publish()
    small_player, large_player = LearnerFactory(), LearnerFactory()
    # Past runs must not add queries either.
    for _ in range(5):
        play(large_player, large, [1])

    small_counts = _queries_per_step(client, small_player, small, 2)
    large_counts = _queries_per_step(client, large_player, large, 12)

    assert small_counts == large_counts
    run = ScenarioRun.objects.filter(user=large_player, finished_at__isnull=False).first()
    with django_assert_max_num_queries(max(large_counts)):
        client.get(_run_url(run))


def test_the_scenario_page_introduces_the_role_play_and_offers_to_start(client, learner, scenario):
    client.force_login(learner)

    html = _text(client.get(scenario.get_url()))

    assert "<h1>An angry customer</h1>" in html
    assert f'href="{scenario.get_parent().get_url()}"' in html
    assert "A quiet weekday morning at the service desk." in html
    assert "A regular customer who bought a kettle last week." in html
    assert "Irritated" in html
    assert "Settle the complaint so the customer leaves satisfied." in html
    assert "3 points out of 5" in html
    assert "Standards you practise" in html
    assert "COMPLAINT-01</span> Listen before you answer" in html
    assert f'action="{_start_url(scenario)}"' in html
    # The page introduces the scenario; no step is shown before starting.
    assert "This kettle I bought last week" not in html


def test_the_scenario_page_shows_the_best_result_after_a_run(client, learner, scenario):
    play(learner, scenario, [0, 1])
    client.force_login(learner)

    html = _text(client.get(scenario.get_url()))

    assert "Your best result: 2 out of 5" in html
    assert "Not passed yet" in html
    assert "Try again" in html


def test_a_russian_summary_shows_russian_standards_and_links_russian_lessons(
    client, learner, scenario, standards, lessons, locales
):
    russian = locales["ru"]
    LessonStandard.objects.create(lesson=lessons[0], standard=standards[0])
    # Copied pages keep their inline rows and replies pointing at the English standards.
    russian_lesson = lessons[0].copy_for_translation(russian, copy_parents=True)
    russian_lesson.title = "Поздоровайтесь"
    russian_lesson.save_revision().publish()
    russian_lesson.refresh_from_db()
    russian_scenario = scenario.copy_for_translation(russian, copy_parents=True)
    russian_scenario.save_revision().publish()
    russian_scenario.refresh_from_db()
    russian_standard = standards[0].copy_for_translation(russian)
    russian_standard.title = "Выслушайте, прежде чем отвечать"
    russian_standard.save()
    run = play(learner, russian_scenario, [0, 0])
    client.force_login(learner)

    html = _text(client.get(_run_url(run)))

    assert "COMPLAINT-01</span> Выслушайте, прежде чем отвечать" in html
    assert "Listen before you answer" not in html
    # No Russian translation of the second standard: it is shown in English.
    assert "COMPLAINT-02</span> Offer a remedy at once" in html
    assert f'<a href="{russian_lesson.get_url()}">Поздоровайтесь</a>' in html
    assert f'href="{lessons[0].get_url()}"' not in html


def test_a_run_whose_page_changed_without_a_revision_offers_to_start_again(client, learner, course):
    page = ScenarioPageFactory(parent=course)
    run = play(learner, page, [0])
    # Saved straight to the page, with no revision to fall back on: "listen" is gone.
    page.steps = ScenarioStepsBlock().to_python(
        [
            scenario_step("opening", "Hello?", ("Hello!", 3, "settled")),
            scenario_ending("settled", "Settled"),
        ]
    )
    page.save()
    client.force_login(learner)

    html = _text(client.get(_run_url(run)))
    assert "This scenario has changed" in html
    assert f'action="{_start_url(page)}"' in html
    _choose(client, run, "listen", 0)
    run.refresh_from_db()
    assert (run.choices, run.finished) == ([0], False)

    response = client.post(_start_url(page))

    run.refresh_from_db()
    assert run.finished and not run.passed
    new_run = ScenarioRun.objects.exclude(pk=run.pk).get()
    assert response.url == _run_url(new_run)
    assert "Hello?" in _text(client.get(response.url))
