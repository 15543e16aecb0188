"""Head trainers approve before anything goes live: pages, translations and standards.

One workflow, "Standards approval", with one task, "Head trainer approval". It is
assigned to the root of the page tree, so every page in every language (each locale's
tree hangs below it) uses it, and to the Standard snippet. Wagtail's own "Moderators
approval" workflow loses its place on the root page; nothing else of it is touched.
"""

from django.db import migrations

HEAD_TRAINER = "Head trainer"  # lms.people.roles.HEAD_TRAINER; content may not import lms
TASK_NAME = "Head trainer approval"
WORKFLOW_NAME = "Standards approval"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")

    # The role groups are synchronised after migrate; make sure this one exists now.
    head_trainers, _created = Group.objects.get_or_create(name=HEAD_TRAINER)
    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(head_trainers)

    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    standard_type, _created = ContentType.objects.get_or_create(
        app_label="content", model="standard"
    )
    WorkflowContentType.objects.update_or_create(
        content_type=standard_type, defaults={"workflow": workflow}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0003_standards"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
