"""The roles people hold, as Django groups, and the permissions each one carries.

Later parts add their permissions here; ``groups_sync`` runs after every migrate so the
database always matches this declaration.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LEARNER = "Learner"
TRAINER = "Trainer"
HEAD_TRAINER = "Head trainer"
MANAGER = "Manager"
ADMINISTRATOR = "Administrator"

ROLE_LABELS = {
    LEARNER: _("Learner"),
    TRAINER: _("Trainer"),
    HEAD_TRAINER: _("Head trainer"),
    MANAGER: _("Manager"),
    ADMINISTRATOR: _("Administrator"),
}

# Permissions as "app_label.codename". Content models add theirs as their issues land.
_TRAINER = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtail_localize.submit_translation",
    "content.add_standard",
    "content.change_standard",
    "content.view_standard",
    "content.lock_standard",
    "content.add_standardcategory",
    "content.change_standardcategory",
    "content.view_standardcategory",
    "quizzes.add_question",
    "quizzes.change_question",
    "quizzes.view_question",
    "quizzes.lock_question",
    # Onboarding paths and enrolments: trainers see them, administrators run them.
    "learning.view_onboardingpath",
    "learning.view_enrolment",
    # Certificate designs are drafted by trainers and published by head trainers; issued
    # certificates are only seen.
    "certificates.add_certificatedesign",
    "certificates.change_certificatedesign",
    "certificates.view_certificatedesign",
    "certificates.add_signatory",
    "certificates.change_signatory",
    "certificates.view_signatory",
    "certificates.view_certificate",
]
_HEAD_TRAINER = [
    *_TRAINER,
    "content.publish_standard",
    "content.unlock_standard",
    "content.delete_standard",
    "content.delete_standardcategory",
    "quizzes.publish_question",
    "quizzes.unlock_question",
    "quizzes.delete_question",
    "certificates.publish_certificatedesign",
    "certificates.delete_certificatedesign",
    "certificates.delete_signatory",
    "wagtailimages.delete_image",
    "wagtaildocs.delete_document",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    # Recognition programmes: head trainers read the rules, administrators set them.
    "recognition.view_programme",
    "recognition.view_award",
    "recognition.view_monthresult",
]
_MANAGER = [
    "people.view_manager_pages",
    "people.view_user",
    # Invite learners into their own stores (the invitation services check the scope).
    "people.add_invitation",
    # Managers read the programmes whose winners they confirm; they have no admin access,
    # so this only matters if the role is later given it.
    "recognition.view_programme",
]
_ADMINISTRATOR = [
    "wagtailadmin.access_admin",
    "people.add_user",
    "people.change_user",
    "people.delete_user",
    "people.view_user",
    "people.view_manager_pages",
    "people.add_orgunit",
    "people.change_orgunit",
    "people.delete_orgunit",
    "people.view_orgunit",
    "people.add_jobrole",
    "people.change_jobrole",
    "people.delete_jobrole",
    "people.view_jobrole",
    "people.add_managerscope",
    "people.change_managerscope",
    "people.delete_managerscope",
    "people.view_managerscope",
    "people.add_invitation",
    "auth.add_group",
    "auth.change_group",
    "auth.view_group",
    "wagtailcore.add_locale",
    "wagtailcore.change_locale",
    "wagtailcore.view_locale",
    "wagtailcore.add_site",
    "wagtailcore.change_site",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
    "jobs.view_job",
    "learning.add_onboardingpath",
    "learning.change_onboardingpath",
    "learning.delete_onboardingpath",
    "learning.view_onboardingpath",
    "learning.add_pathcourse",
    "learning.change_pathcourse",
    "learning.delete_pathcourse",
    "learning.view_pathcourse",
    "learning.view_enrolment",
    "learning.change_enrolment",
    "certificates.add_certificatedesign",
    "certificates.change_certificatedesign",
    "certificates.delete_certificatedesign",
    "certificates.view_certificatedesign",
    "certificates.publish_certificatedesign",
    "certificates.add_signatory",
    "certificates.change_signatory",
    "certificates.delete_signatory",
    "certificates.view_signatory",
    # Certificates are issued by the services; "change" is revoking one.
    "certificates.view_certificate",
    "certificates.change_certificate",
    "recognition.add_programme",
    "recognition.change_programme",
    "recognition.delete_programme",
    "recognition.view_programme",
    # Awards are granted and confirmed by the services; "change" of a monthly result is
    # overriding its awards (the service checks the role again).
    "recognition.view_award",
    "recognition.view_monthresult",
    "recognition.change_monthresult",
]

GROUP_PERMISSIONS: dict[str, list[str]] = {
    LEARNER: [],
    TRAINER: _TRAINER,
    HEAD_TRAINER: _HEAD_TRAINER,
    MANAGER: _MANAGER,
    ADMINISTRATOR: _ADMINISTRATOR,
}

# Page permissions on the root of the page tree: trainers draft, head trainers publish.
GROUP_PAGE_PERMISSIONS: dict[str, list[str]] = {
    TRAINER: ["add_page", "change_page"],
    HEAD_TRAINER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Image and document collections, same idea.
_EDIT_MEDIA = [
    "add_image", "change_image", "choose_image",
    "add_document", "change_document", "choose_document",
]  # fmt: skip
_MANAGE_MEDIA = [*_EDIT_MEDIA, "delete_image", "delete_document"]
GROUP_COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    TRAINER: _EDIT_MEDIA,
    HEAD_TRAINER: _MANAGE_MEDIA,
    ADMINISTRATOR: _MANAGE_MEDIA,
}


def _permissions(names: list[str]) -> list[Permission]:
    if not names:
        return []
    condition = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(condition))


def groups_sync() -> None:
    """Create the role groups and give each exactly the permissions declared above."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name, permission_names in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(permission_names))
        if root_page is not None:
            for permission in _permissions(
                [f"wagtailcore.{code}" for code in GROUP_PAGE_PERMISSIONS.get(name, [])]
            ):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection is not None:
            codes = GROUP_COLLECTION_PERMISSIONS.get(name, [])
            names = [
                f"{'wagtailimages' if code.endswith('image') else 'wagtaildocs'}.{code}"
                for code in codes
            ]
            for permission in _permissions(names):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def groups_sync_after_migrate(sender, app_config, using="default", **kwargs) -> None:
    """post_migrate receiver: once, after the last app, when every permission exists."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if using != "default" or app_config is not with_models[-1]:
        return
    groups_sync()
