"""What a student adds to their profile beyond the basics: CVs, links, languages, and what
they have done (work and projects). Loaded by accounts.models; one StudentProfile each."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def student_cv_to(instance, filename):
    return f"private/cv/{instance.profile.user_id}/{timezone.now():%Y%m%d%H%M%S%f}.pdf"


class StudentCV(models.Model):
    """One of a student's CVs (at most settings.STUDENT_MAX_CVS), each with a label such
    as "Backend" or "Data"; an application keeps its own copy of the one chosen."""

    profile = models.ForeignKey(
        "accounts.StudentProfile", on_delete=models.CASCADE, related_name="cvs"
    )
    label = models.CharField(_("label"), max_length=60)
    file = models.FileField(_("file"), upload_to=student_cv_to)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "profile", Lower("label"), name="student_cv_label_unique_per_profile"
            ),
        ]

    def __str__(self):
        return self.label


class StudentLink(models.Model):
    """A page about the student elsewhere: LinkedIn, GitHub, a portfolio."""

    class Kind(models.TextChoices):
        LINKEDIN = "linkedin", _("LinkedIn")
        GITHUB = "github", _("GitHub")
        PORTFOLIO = "portfolio", _("Portfolio")
        OTHER = "other", _("Other")

    profile = models.ForeignKey(
        "accounts.StudentProfile", on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    url = models.URLField(_("address"), max_length=300)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["linkedin", "github", "portfolio", "other"]),
                name="student_link_kind_valid",
            ),
        ]

    def __str__(self):
        return self.url


class StudentLanguage(models.Model):
    """A language the student speaks, at a level of the Common European Framework."""

    class Level(models.TextChoices):
        A1 = "A1", _("A1 (beginner)")
        A2 = "A2", _("A2 (elementary)")
        B1 = "B1", _("B1 (intermediate)")
        B2 = "B2", _("B2 (upper intermediate)")
        C1 = "C1", _("C1 (advanced)")
        C2 = "C2", _("C2 (proficient)")
        NATIVE = "native", _("Native speaker")

    profile = models.ForeignKey(
        "accounts.StudentProfile", on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=60)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                "profile", Lower("language"), name="student_language_unique_per_profile"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["A1", "A2", "B1", "B2", "C1", "C2", "native"]),
                name="student_language_level_valid",
            ),
        ]

    def __str__(self):
        return f"{self.language} ({self.level})"


class StudentExperience(models.Model):
    """Work, a project or volunteering: what the student did, where, and when."""

    class Kind(models.TextChoices):
        WORK = "work", _("Work")
        PROJECT = "project", _("Project")
        VOLUNTEERING = "volunteering", _("Volunteering")

    profile = models.ForeignKey(
        "accounts.StudentProfile", on_delete=models.CASCADE, related_name="experiences"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WORK)
    title = models.CharField(_("title or role"), max_length=150)
    organisation = models.CharField(_("organisation or where"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experience")
        ordering = [F("ends_on").desc(nulls_first=True), "-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="student_experience_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title
