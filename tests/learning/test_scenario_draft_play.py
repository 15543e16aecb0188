"""Trainers play a scenario's latest revision from the admin, and nothing is stored."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lms.learning.models import ScenarioRun
from lms.people.roles import TRAINER
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(db):
    return UserFactory(roles=[TRAINER])


def _play_url(page):
    return reverse("learning_scenario_draft_play", kwargs={"page_id": page.pk})


def _restart_url(page):
    return reverse("learning_scenario_draft_restart", kwargs={"page_id": page.pk})


def _text(response):
    return " ".join(response.content.decode().split())


def _draft_with_a_new_first_line(scenario, user):
    """Save (not publish) a revision whose first customer line is new."""
    draft = scenario.get_latest_revision_as_object()
    draft.steps[0].value["customer_line"] = "My kettle leaks all over the kitchen!"
    draft.save_revision(user=user)
    scenario.refresh_from_db()
    return scenario


def test_the_edit_page_offers_play_latest_revision(client, trainer, scenario):
    client.force_login(trainer)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[scenario.pk])).content.decode()

    assert "Play latest revision" in html
    assert f'href="{_play_url(scenario)}"' in html


def test_a_lesson_edit_page_does_not_offer_it(client, trainer, lessons):
    client.force_login(trainer)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[lessons[0].pk])).content.decode()

    assert "Play latest revision" not in html


def test_draft_play_shows_unpublished_changes(client, trainer, scenario):
    _draft_with_a_new_first_line(scenario, trainer)
    client.force_login(trainer)

    html = _text(client.get(_play_url(scenario)))

    assert "Draft play." in html
    assert "Nothing you choose here is recorded." in html
    assert "My kettle leaks all over the kitchen!" in html
    assert "This kettle I bought last week" not in html
    assert f'action="{_play_url(scenario)}"' in html


def test_draft_play_goes_to_the_end_without_storing_a_run(client, trainer, scenario):
    client.force_login(trainer)

    first = client.post(_play_url(scenario), {"step": "opening", "position": 0, "reply": 0})
    step_two = _text(client.get(_play_url(scenario)))
    last = client.post(_play_url(scenario), {"step": "listen", "position": 1, "reply": 0})
    summary = _text(client.get(_play_url(scenario)))

    assert first.status_code == last.status_code == 302
    assert "Good: you let the customer explain." in step_two
    assert "It just will not switch on any more." in step_two
    assert "Your result" in summary
    assert "You scored 5 out of a possible 5. The pass score is 3." in summary
    assert "The customer leaves satisfied" in summary
    assert f'action="{_restart_url(scenario)}"' in summary
    assert not ScenarioRun.objects.exists()


def test_draft_play_hides_the_outcomes_of_replies_not_chosen(client, trainer, scenario):
    client.force_login(trainer)

    html = client.get(_play_url(scenario)).content.decode()

    for child in scenario.steps:
        for reply in child.value.get("replies") or []:
            assert reply["feedback"] not in html
    assert "walks-out" not in html
    assert "The customer leaves satisfied" not in html


def test_a_double_submit_in_draft_play_counts_once(client, trainer, scenario):
    client.force_login(trainer)

    client.post(_play_url(scenario), {"step": "opening", "position": 0, "reply": 0})
    client.post(_play_url(scenario), {"step": "opening", "position": 0, "reply": 1})

    assert client.session[f"learning.scenario_draft_play.{scenario.pk}"]["choices"] == [0]


def test_a_tampered_reply_in_draft_play_is_refused_clearly(client, trainer, scenario):
    client.force_login(trainer)

    response = client.post(_play_url(scenario), {"step": "opening", "position": 0, "reply": 5})

    assert response.status_code == 400
    assert "That reply is not one of this step&#x27;s replies." in _text(response)
    assert "Step 1" in _text(response)


def test_start_again_forgets_the_choices(client, trainer, scenario):
    client.force_login(trainer)
    client.post(_play_url(scenario), {"step": "opening", "position": 0, "reply": 1})

    response = client.post(_restart_url(scenario))

    assert response.status_code == 302
    assert response.url == _play_url(scenario)
    html = _text(client.get(_play_url(scenario)))
    assert "Step 1" in html
    assert "Your result" not in html


def test_a_new_revision_starts_the_draft_play_again(client, trainer, scenario):
    client.force_login(trainer)
    client.post(_play_url(scenario), {"step": "opening", "position": 0, "reply": 0})

    _draft_with_a_new_first_line(scenario, trainer)
    html = _text(client.get(_play_url(scenario)))

    assert "Step 1" in html
    assert "My kettle leaks all over the kitchen!" in html
    assert "The scenario has changed since you played it: starting again." in html


def test_someone_who_cannot_edit_the_page_cannot_play_it(client, scenario):
    # Into the admin, but with no right to edit pages.
    outsider = UserFactory()
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)

    response = client.get(_play_url(scenario))

    # Wagtail's admin turns a refusal into a message on its dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert client.post(_restart_url(scenario)).url == reverse("wagtailadmin_home")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[scenario.pk]))
    assert "Play latest revision" not in html.content.decode()


def test_a_learner_is_kept_out_of_draft_play(client, learner, scenario):
    client.force_login(learner)

    response = client.get(_play_url(scenario))

    assert response.status_code == 302
    assert "My kettle" not in response.content.decode()


def test_a_page_that_is_not_a_scenario_is_not_found(client, trainer, lessons):
    client.force_login(trainer)

    assert client.get(_play_url(lessons[0])).status_code == 404
    assert client.get(reverse("learning_scenario_draft_play", args=[999999])).status_code == 404
