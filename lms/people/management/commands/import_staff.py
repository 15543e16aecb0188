"""Import a staff CSV from the command line, e.g. the nightly file from the HR system."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.people.models import User
from lms.people.staff_import import (
    Outcome,
    StaffImportFileError,
    describe_counts,
    describe_row,
    staff_csv_decode,
    staff_import_apply,
    staff_import_counts,
    staff_import_create,
    staff_import_preview,
)


class Command(BaseCommand):
    help = (
        "Import people from a staff CSV (see docs/STAFF_IMPORT.md). Prints the counts and "
        "every row with an error; exits with 1 when the file as a whole cannot be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8, comma or semicolon).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what the import would do; write nothing.",
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The person the audit log names for the changes (default: nobody).",
        )

    def handle(self, *args, path, dry_run, actor, **options):
        actor_user = self._actor(actor)
        try:
            content = staff_csv_decode(Path(path).read_bytes())
            if dry_run:
                rows = staff_import_preview(content=content)
            else:
                staff_import = staff_import_create(
                    actor=actor_user, file_name=Path(path).name, content=content
                )
                rows = staff_import_apply(staff_import=staff_import, actor=actor_user).report
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except StaffImportFileError as error:
            raise CommandError(" ".join(error.messages)) from None
        self._print_rows(rows, verbose=options["verbosity"] > 1)
        summary = describe_counts(staff_import_counts(rows))
        prefix = "Dry run, nothing written: " if dry_run else "Imported: "
        self.stdout.write(prefix + summary)

    def _actor(self, email: str | None) -> User | None:
        if not email:
            return None
        actor = User.objects.filter(email__iexact=email.strip()).first()
        if actor is None:
            raise CommandError(f"Nobody has the e-mail {email}.")
        return actor

    def _print_rows(self, rows: list[dict], *, verbose: bool) -> None:
        for row in rows:
            if row["outcome"] == Outcome.ERROR:
                self.stderr.write(f"line {row['line']}: error: {describe_row(row)}")
            elif verbose or row["outcome"] != Outcome.UNCHANGED:
                details = describe_row(row)
                name = row["full_name"]
                self.stdout.write(
                    f"line {row['line']}: {row['outcome']}: {name}"
                    + (f" ({details})" if details else "")
                )
