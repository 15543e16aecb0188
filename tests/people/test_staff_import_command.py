"""``manage.py import_staff``: the nightly HR feed, with a dry run."""

import io

import pytest
from django.core.management import CommandError, call_command

from lms.people.models import StaffImport, User
from lms.people.roles import ADMINISTRATOR
from tests.factories import UserFactory
from tests.people.test_staff_import import audit_log, staff_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_file(tmp_path, company):
    path = tmp_path / "hr-feed.csv"
    path.write_text(
        staff_csv(
            "jana@alder.example,BA-0101,Jana Kováčová,ba-01,cashier,2026-02-01,sk,yes",
            ",FR-0042,Айгүл Осмонова,fr-01,cashier,,ky,",
            "eva@alder.example,,Eva Nováková,za-99,,,,",
        ),
        encoding="utf-8-sig",
    )
    return path


def import_staff(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_staff", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_what_would_happen_and_writes_nothing(hr_file):
    out, err = import_staff(hr_file, "--dry-run")
    assert "line 2: created: Jana Kováčová" in out
    assert "Dry run, nothing written: 2 created, 0 updated, 0 unchanged, 1 with errors" in out
    assert "line 4: error: Unknown store code “za-99”." in err
    assert not User.objects.filter(employee_number__in=["BA-0101", "FR-0042"]).exists()
    assert not StaffImport.objects.exists()


def test_import_writes_and_is_listed_with_the_other_imports(hr_file):
    out, _err = import_staff(hr_file)
    assert "Imported: 2 created, 0 updated, 0 unchanged, 1 with errors" in out
    assert User.objects.filter(employee_number__in=["BA-0101", "FR-0042"]).count() == 2
    staff_import = StaffImport.objects.get()
    assert staff_import.file_name == "hr-feed.csv"
    assert staff_import.status == StaffImport.Status.DONE
    assert staff_import.uploaded_by is None


def test_the_nightly_run_of_the_same_file_changes_nothing(hr_file):
    import_staff(hr_file)
    out, _err = import_staff(hr_file)
    assert "Imported: 0 created, 0 updated, 2 unchanged, 1 with errors" in out


def test_actor_is_named_in_the_audit_log(hr_file, company):
    actor = UserFactory(email="hr.robot@alder.example", roles=[ADMINISTRATOR])
    jana = UserFactory(
        email="jana@alder.example", employee_number="BA-0101", home_store=company.stores["ke-01"]
    )
    import_staff(hr_file, "--actor", "HR.Robot@alder.example")
    [entry] = audit_log(jana, "people.store_changed")
    assert entry.user == actor


def test_unknown_actor_stops_before_anything_is_read(hr_file):
    with pytest.raises(CommandError, match="Nobody has the e-mail"):
        import_staff(hr_file, "--actor", "nobody@alder.example")
    assert not StaffImport.objects.exists()


def test_a_file_level_error_exits_with_an_error(tmp_path, company):
    path = tmp_path / "broken.csv"
    path.write_text("email,full_name\njan@alder.example,Ján Novák\n")
    with pytest.raises(CommandError, match="“store_code”") as caught:
        import_staff(path)
    assert caught.value.returncode == 1
    assert not StaffImport.objects.exists()


def test_a_missing_file_exits_with_an_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_staff(tmp_path / "missing.csv")
