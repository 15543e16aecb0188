"""Print the current two-factor code of a demo account (never of a real one)."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from lms.people.demo import demo_totp_secret
from lms.people.models import User


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo account, for trying the demo."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        secret = demo_totp_secret(user) if user else None
        if secret is None:
            raise CommandError(f"{email} is not a demo account with the demo authenticator.")
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        self.stdout.write(code)
