from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A study programme of the university; students enrol in one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True)
    faculty = models.CharField(_("faculty"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("study programme")
        verbose_name_plural = _("study programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name
