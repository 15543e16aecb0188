"""Approval: trainers submit, head trainers approve, for standards and for pages."""

import pytest
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowState

from content.models import Standard
from lms.people.roles import HEAD_TRAINER
from tests.content.helpers import standard_admin_url, standard_form_data
from tests.factories.content import StandardCategoryFactory, StandardFactory
from tests.factories.wagtail import HomePageFactory

pytestmark = pytest.mark.django_db

WORKFLOW_NAME = "Standards approval"


def test_migration_sets_up_one_head_trainer_approval_workflow():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    (task,) = [task.specific for task in workflow.tasks]

    assert workflow.active
    assert isinstance(task, GroupApprovalTask)
    assert [group.name for group in task.groups.all()] == [HEAD_TRAINER]
    assert Standard.get_default_workflow() == workflow


def test_pages_in_every_tree_use_the_standards_workflow(home_page, locales):
    child = HomePageFactory.build(title="Lesson", slug="lesson")
    home_page.add_child(instance=child)
    other_tree = Page.get_first_root_node()

    assert home_page.get_workflow().name == WORKFLOW_NAME
    assert child.get_workflow().name == WORKFLOW_NAME
    assert other_tree.get_workflow().name == WORKFLOW_NAME


def test_trainer_submits_a_new_standard_for_approval(client, trainer):
    category = StandardCategoryFactory()
    client.force_login(trainer)

    response = client.post(
        standard_admin_url("add"), standard_form_data(category, **{"action-submit": "Submit"})
    )

    assert response.status_code == 302
    standard = Standard.objects.get(code="PHONE-01")
    assert not standard.live
    assert standard.workflow_in_progress
    assert standard.current_workflow_state.workflow.name == WORKFLOW_NAME


def test_trainer_cannot_publish(client, trainer):
    standard = StandardFactory(title="Live wording")
    standard.save_revision().publish()
    client.force_login(trainer)

    edit_page = client.get(standard_admin_url("edit", standard.pk))
    response = client.post(
        standard_admin_url("edit", standard.pk),
        standard_form_data(standard.category, title="New wording", **{"action-publish": "1"}),
    )

    assert edit_page.status_code == 200
    assert 'name="action-publish"' not in edit_page.content.decode()
    assert 'name="action-submit"' in edit_page.content.decode()
    assert response.status_code == 302  # kept as a draft, not published
    standard.refresh_from_db()
    assert standard.title == "Live wording"
    assert standard.has_unpublished_changes
    assert standard.latest_revision.as_object().title == "New wording"


def test_head_trainer_approval_publishes_the_standard(client, trainer, head_trainer):
    category = StandardCategoryFactory()
    client.force_login(trainer)
    client.post(
        standard_admin_url("add"), standard_form_data(category, **{"action-submit": "Submit"})
    )
    standard = Standard.objects.get(code="PHONE-01")
    task_state = standard.current_workflow_state.current_task_state

    client.force_login(head_trainer)
    edit_page = client.get(standard_admin_url("edit", standard.pk))
    response = client.post(
        standard_admin_url("workflow_action", standard.pk, "approve", task_state.pk),
        {"comment": ""},
    )

    assert "approve" in edit_page.content.decode()
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.live
    assert standard.live_revision is not None
    assert not WorkflowState.objects.active().filter(object_id=str(standard.pk)).exists()


def test_trainer_cannot_approve(client, trainer):
    category = StandardCategoryFactory()
    client.force_login(trainer)
    client.post(
        standard_admin_url("add"), standard_form_data(category, **{"action-submit": "Submit"})
    )
    standard = Standard.objects.get(code="PHONE-01")
    task_state = standard.current_workflow_state.current_task_state

    response = client.post(
        standard_admin_url("workflow_action", standard.pk, "approve", task_state.pk)
    )

    assert response.status_code in (302, 403)  # Wagtail sends the refused to the dashboard
    standard.refresh_from_db()
    assert not standard.live
