"""Questions go through the same approval as standards: a head trainer approves.

Attaches content's "Standards approval" workflow (content/migrations/0004) to the
Question snippet. Looked up by name; if someone removed or renamed it, this does nothing
and questions publish without approval until a workflow is assigned in the admin.
"""

from django.db import migrations

WORKFLOW_NAME = "Standards approval"


def attach_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    question_type, _created = ContentType.objects.get_or_create(
        app_label="quizzes", model="question"
    )
    WorkflowContentType.objects.get_or_create(
        content_type=question_type, defaults={"workflow": workflow}
    )


def detach_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")

    WorkflowContentType.objects.filter(
        content_type__in=ContentType.objects.filter(app_label="quizzes", model="question"),
        workflow__name=WORKFLOW_NAME,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0004_standards_approval_workflow"),
        ("quizzes", "0001_initial"),
    ]

    operations = [migrations.RunPython(attach_workflow, detach_workflow)]
