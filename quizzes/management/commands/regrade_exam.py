"""Regrade an exam's finished attempts after a question was fixed."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quizzes.models import ExamPage
from quizzes.services import exam_regrade


class Command(BaseCommand):
    help = (
        "Regrade every finished attempt of an exam (in all languages) from the questions' "
        "current published versions, where their options are unchanged. Logged on the page."
    )

    def add_arguments(self, parser):
        parser.add_argument("exam_id", type=int, help="the exam page's id (in any language)")
        parser.add_argument("--by", required=True, help="e-mail of the trainer asking for it")

    def handle(self, *args, exam_id, by, **options):
        exam = ExamPage.objects.filter(pk=exam_id).first()
        if exam is None:
            raise CommandError(f"There is no exam page with id {exam_id}.")
        user = get_user_model().objects.filter(email__iexact=by, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active person with the e-mail {by}.")
        result = exam_regrade(exam=exam, user=user)
        self.stdout.write(
            f"{exam.title}: {result['attempts']} finished attempts regraded, "
            f"{result['questions_updated']} answers moved to a fixed question, "
            f"{result['changed']} results changed."
        )
