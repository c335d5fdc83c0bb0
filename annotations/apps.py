from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = "Annotations and workflow"

    def ready(self) -> None:
        from annotations.models import Evidence, Verdict
        from claims import changes

        changes.connect(Verdict)
        changes.connect(Evidence)
