"""Playing a scenario: starting, choosing, finishing, retrying, and what a run keeps."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import Revision

from content.blocks import ScenarioStepsBlock
from lms.learning.models import ScenarioRun
from lms.learning.services import scenario_run_choose, scenario_run_start
from tests.factories import LearnerFactory
from tests.factories.content import ScenarioPageFactory, scenario_ending, scenario_step
from tests.learning.helpers import current_step_key, play

pytestmark = pytest.mark.django_db


def test_the_best_path_passes_with_the_best_score(learner, scenario):
    run = play(learner, scenario, [0, 0])

    assert (run.score, run.max_score, run.pass_score) == (5, 5, 3)
    assert run.passed
    assert run.ending_key == "settled"
    assert run.finished_at is not None


def test_a_weak_path_reaches_its_ending_and_fails(learner, scenario):
    run = play(learner, scenario, [0, 1])

    assert run.score == 2
    assert not run.passed
    assert run.ending_key == "walks-out"
    assert run.finished


def test_a_rude_first_reply_ends_at_once_with_a_negative_score(learner, scenario):
    run = play(learner, scenario, [1])

    assert run.score == -2
    assert not run.passed
    assert run.choices == [1]
    assert run.ending_key == "walks-out"


def test_a_run_stores_who_which_revision_the_path_the_score_and_when(learner, scenario, standards):
    run = play(learner, scenario, [0, 0])
    run.refresh_from_db()

    assert run.user == learner
    assert run.scenario_id == scenario.pk
    assert run.scenario_key == scenario.translation_key
    assert run.revision_id == scenario.live_revision_id
    assert run.choices == [0, 0]
    assert run.path == [
        {
            "step": "opening",
            "reply": 0,
            "points": 2,
            "standard": str(standards[0].translation_key),
            "effect": "applies",
        },
        {
            "step": "listen",
            "reply": 0,
            "points": 3,
            "standard": str(standards[1].translation_key),
            "effect": "applies",
        },
    ]
    assert (run.score, run.passed) == (5, True)
    assert run.started_at <= run.finished_at


def test_a_reply_without_a_standard_is_stored_without_one(learner, scenario):
    run = play(learner, scenario, [0, 1])

    assert run.path[1] == {
        "step": "listen",
        "reply": 1,
        "points": 0,
        "standard": None,
        "effect": "",
    }


def test_an_open_run_keeps_its_score_so_far_and_no_end(learner, scenario):
    run = play(learner, scenario, [0])

    assert (run.score, run.ending_key, run.passed, run.finished_at) == (2, "", False, None)


def test_starting_twice_resumes_the_open_run(learner, scenario):
    first = play(learner, scenario, [0])

    again = scenario_run_start(user=learner, scenario=scenario)

    assert again.pk == first.pk
    assert again.choices == [0]
    assert ScenarioRun.objects.count() == 1


def test_retrying_after_the_end_starts_a_new_run_and_keeps_the_old_one(learner, scenario):
    failed = play(learner, scenario, [1])

    retry = play(learner, scenario, [0, 0])

    assert retry.pk != failed.pk
    assert ScenarioRun.objects.filter(user=learner).count() == 2
    failed.refresh_from_db()
    assert (failed.score, failed.passed, failed.choices) == (-2, False, [1])
    assert retry.passed


def test_a_repeated_submit_for_an_answered_step_records_once(learner, scenario):
    run = scenario_run_start(user=learner, scenario=scenario)

    scenario_run_choose(user=learner, run=run, step_key="opening", reply=0)
    again = scenario_run_choose(user=learner, run=run, step_key="opening", reply=1)

    assert again.choices == [0]
    run.refresh_from_db()
    assert (run.choices, run.score) == ([0], 2)


def test_a_submit_after_the_end_changes_nothing(learner, scenario):
    run = play(learner, scenario, [0, 0])

    again = scenario_run_choose(user=learner, run=run, step_key="listen", reply=1)

    assert (again.choices, again.score, again.ending_key) == ([0, 0], 5, "settled")


def test_a_stale_submit_on_a_loop_step_is_told_apart_by_its_position(learner, course):
    looping = ScenarioPageFactory(
        parent=course,
        pass_score=1,
        steps=[
            scenario_step(
                "ask",
                "Can you say that again?",
                ("Of course: it costs ten euros.", 0, "ask"),
                ("Here is the price on paper.", 1, "done"),
            ),
            scenario_ending("done", "Understood"),
        ],
    )
    run = scenario_run_start(user=learner, scenario=looping)

    scenario_run_choose(user=learner, run=run, step_key="ask", reply=0, position=0)
    scenario_run_choose(user=learner, run=run, step_key="ask", reply=0, position=0)
    run.refresh_from_db()
    assert run.choices == [0]

    scenario_run_choose(user=learner, run=run, step_key="ask", reply=0, position=1)
    run.refresh_from_db()
    assert run.choices == [0, 0]


@pytest.mark.parametrize("tampered", [2, 99, -1])
def test_a_reply_the_step_does_not_offer_is_refused_clearly_and_loses_nothing(
    learner, scenario, tampered
):
    run = play(learner, scenario, [0])

    with pytest.raises(ValidationError) as error:
        scenario_run_choose(user=learner, run=run, step_key="listen", reply=tampered)

    assert error.value.message_dict == {"reply": ["That reply is not one of this step's replies."]}
    run.refresh_from_db()
    assert (run.choices, run.score, run.finished_at) == ([0], 2, None)
    assert play(learner, scenario, [0], run=run).passed


def test_someone_elses_run_cannot_be_played(learner, scenario):
    run = scenario_run_start(user=learner, scenario=scenario)
    other = LearnerFactory()

    with pytest.raises(PermissionDenied):
        scenario_run_choose(user=other, run=run, step_key="opening", reply=0)
    run.refresh_from_db()
    assert run.choices == []


def test_an_inactive_person_cannot_start(scenario):
    inactive = LearnerFactory(is_active=False)

    with pytest.raises(PermissionDenied):
        scenario_run_start(user=inactive, scenario=scenario)
    assert not ScenarioRun.objects.exists()


def test_a_draft_scenario_cannot_be_started(learner, course):
    draft = ScenarioPageFactory(parent=course, live=False)

    with pytest.raises(ValidationError):
        scenario_run_start(user=learner, scenario=draft)
    assert not ScenarioRun.objects.exists()


def test_a_page_that_is_not_a_scenario_cannot_be_started(learner, course):
    with pytest.raises(ValidationError):
        scenario_run_start(user=learner, scenario=course)


def test_a_run_cannot_go_on_once_the_scenario_is_unpublished(learner, scenario):
    run = scenario_run_start(user=learner, scenario=scenario)
    scenario.unpublish()

    with pytest.raises(ValidationError):
        scenario_run_choose(user=learner, run=run, step_key="opening", reply=0)


def test_a_resumed_run_keeps_playing_its_own_revision_after_republishing(learner, scenario):
    run = play(learner, scenario, [0])
    started_on = run.revision_id
    # The trainer makes the remedy worth less and publishes.
    scenario.pass_score = 1
    scenario.steps[1].value["replies"][0]["points"] = 1
    scenario.save_revision().publish()
    scenario.refresh_from_db()
    assert scenario.live_revision_id != started_on

    resumed = scenario_run_start(user=learner, scenario=scenario)
    finished = play(learner, scenario, [0], run=resumed)

    assert resumed.pk == run.pk
    assert finished.revision_id == started_on
    assert (finished.score, finished.pass_score, finished.max_score) == (5, 3, 5)
    fresh = play(learner, scenario, [0, 0])
    assert fresh.revision_id == scenario.live_revision_id
    assert (fresh.score, fresh.pass_score, fresh.max_score) == (3, 1, 3)


def test_a_run_survives_its_revision_being_deleted(learner, scenario):
    run = play(learner, scenario, [0])
    Revision.objects.filter(pk=run.revision_id).delete()
    run.refresh_from_db()

    finished = play(learner, scenario, [0], run=run)

    assert finished.revision is None
    assert finished.passed


def test_a_page_saved_without_revisions_is_played_as_it_is(learner, course):
    page = ScenarioPageFactory(parent=course)

    run = play(learner, page, [0, 0])

    assert run.revision is None
    assert (run.score, run.passed) == (5, True)


def test_the_database_allows_one_open_run_per_person_and_scenario(learner, scenario):
    run = scenario_run_start(user=learner, scenario=scenario)

    with pytest.raises(IntegrityError), transaction.atomic():
        ScenarioRun.objects.create(
            user=learner,
            scenario=scenario,
            scenario_key=scenario.translation_key,
            max_score=5,
            pass_score=3,
        )
    assert current_step_key(run) == "opening"


def test_a_run_that_no_longer_fits_its_changed_page_is_refused_then_replaced(learner, course):
    def steps(second_step_replies):
        return [
            scenario_step("a", "Hello.", ("Hi!", 1, "b"), ("Hey.", 0, "b")),
            scenario_step("b", "I need help.", *second_step_replies),
            scenario_step("c", "Thanks.", ("You are welcome.", 1, "end")),
            scenario_ending("end", "Done"),
        ]

    page = ScenarioPageFactory(
        parent=course, pass_score=1, steps=steps([("Sure.", 1, "c"), ("Wait.", 0, "c")])
    )
    run = play(learner, page, [0, 1])
    # No revision to fall back on, and the reply chosen at "b" is gone.
    page.steps = ScenarioStepsBlock().to_python(steps([("Sure.", 1, "c")]))
    page.save()

    with pytest.raises(ValidationError) as error:
        scenario_run_choose(user=learner, run=run, step_key="c", reply=0)
    assert error.value.messages == ["This scenario has changed since you started. Start again."]

    replacement = scenario_run_start(user=learner, scenario=page)
    run.refresh_from_db()
    assert replacement.pk != run.pk
    assert run.finished and not run.passed
    assert run.choices == [0, 1]
