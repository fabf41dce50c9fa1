"""What every service shares: the error a user can cause."""

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A rule the user broke: carries a translated message fit to show them."""

    @property
    def text(self) -> str:
        return " ".join(self.messages)
