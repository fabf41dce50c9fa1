from django.apps import AppConfig


class SeedConfig(AppConfig):
    """Demo and benchmark data: the top of the stack, imported by nothing."""

    name = "seed"
