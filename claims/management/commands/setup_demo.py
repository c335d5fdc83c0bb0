import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from claims.roles import EDITOR, REVIEWER


class Command(BaseCommand):
    help = "Demo data for `make run`: the seed articles and users reviewer, editor and admin."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="demo password (default: random, printed)"
        )

    def handle(self, *args, password, **options):
        call_command("import_articles", str(settings.BASE_DIR / "seeds"), verbosity=0)
        password = password or secrets.token_urlsafe(9)
        User = get_user_model()
        for username, group in (
            ("reviewer", REVIEWER),
            ("editor", EDITOR),
            ("admin", None),
        ):
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = username in ("admin", "editor")
            user.is_superuser = username == "admin"
            user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
        self.stdout.write(
            "\nDemo accounts (this demo only): reviewer, editor and admin, "
            f"password: {password}\n"
        )
