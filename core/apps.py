from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and none owns: no models, imports no app of ours."""

    name = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import pdf  # noqa: F401 (registers the check that the PDF fonts exist)
        from .requestid import install_record_factory
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="practica_fold")

        install_record_factory()
