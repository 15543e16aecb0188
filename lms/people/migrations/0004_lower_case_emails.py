"""Store every e-mail address in lower case, as allauth looks them up."""

from django.db import migrations
from django.db.models.functions import Lower


def lower_case_emails(apps, schema_editor):
    User = apps.get_model("people", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    User.objects.exclude(email=None).update(email=Lower("email"))
    EmailAddress.objects.update(email=Lower("email"))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_staff_import_uploaded_by_optional"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(lower_case_emails, migrations.RunPython.noop)]
