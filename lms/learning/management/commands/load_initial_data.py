"""Load the demo: company, accounts and pages. Running it again changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from content.demo import (
    load_demo_course,
    load_demo_pages,
    load_demo_scenarios,
    load_demo_standards,
)
from content.demo_ru import load_demo_translation_ru
from lms.learning.demo import load_demo_learning
from lms.people.demo import DEMO_TOTP_SECRET, load_demo_people
from lms.recognition.demo import load_demo_recognition
from quizzes.demo import load_demo_exam, load_demo_questions
from quizzes.demo_ru import load_demo_exam_ru, load_demo_questions_ru


class Command(BaseCommand):
    help = "Load the demo company, demo accounts (one per role) and the page tree."

    def handle(self, *args, **options):
        accounts = load_demo_people()
        load_demo_pages()
        load_demo_standards()
        load_demo_questions()
        load_demo_course()
        load_demo_scenarios()
        load_demo_exam()
        load_demo_translation_ru()
        load_demo_questions_ru()
        load_demo_exam_ru()
        load_demo_learning()
        load_demo_recognition()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo accounts:"))
        width = max(len(account["email"]) for account in accounts)
        for account in accounts:
            roles = ", ".join(account["roles"])
            self.stdout.write(f"  {account['email']:<{width}}  {account['password']:<22}  {roles}")
        self.stdout.write(
            "Administrators, head trainers and managers need a two-factor code: add the "
            f"secret {DEMO_TOTP_SECRET} to an authenticator app, or run "
            "`manage.py demo_code EMAIL`."
        )
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(f"Log in at {settings.SITE_URL}{reverse('account_login')}")
