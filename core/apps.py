from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and none owns: no models, imports no app of ours."""

    name = "core"

    def ready(self):
        from . import pdf  # noqa: F401 (registers the check that the PDF fonts exist)
        from .requestid import install_record_factory

        install_record_factory()
