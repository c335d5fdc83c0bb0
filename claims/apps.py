from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Articles and claims"

    def ready(self) -> None:
        from claims import changes, people
        from claims.models import Claim

        changes.connect(Claim)
        people.connect()
