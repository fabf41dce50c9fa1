import hashlib

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
    _user_has_perm,
)
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.media import public_url
from core.text import in_reader_language

from .emails import normalise_email
from .validators import validate_cui, validate_phone


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    COMPANY = "company", _("Host organisation")
    MENTOR = "mentor", _("Mentor")
    STAFF = "staff", _("University staff")
    SERVICE = "service", _("Service account")


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        return normalise_email(email or "")

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_superuser", False)
        extra.setdefault("is_staff", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_superuser=True, is_staff=True, role=Role.STAFF)
        return self._create_user(email, password, **extra)


class Faculty(models.Model):
    """A faculty of the university: its study programmes belong to it, and a staff member
    of the faculty sees and acts on the students of those programmes only."""

    name = models.CharField(_("name (English)"), max_length=200, unique=True)
    name_ro = models.CharField(_("name (Romanian)"), max_length=200, blank=True)
    code = models.CharField(_("code"), max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (English when there is no Romanian)."""
        return in_reader_language(self)

    def name_in(self, language: str) -> str:
        return (self.name_ro if language == "ro" else "") or self.name


class User(AbstractBaseUser, PermissionsMixin):
    """An account: e-mail is the login, and one account has exactly one role."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("Lets the account open the technical administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of the site, the e-mails and the notifications for this person."),
    )
    # A staff member sees and acts within their faculties only (accounts.faculties), or
    # within all of them; every account starts with all, so nothing is hidden by default.
    all_faculties = models.BooleanField(
        _("all faculties"),
        default=True,
        help_text=_("Staff who work for every faculty: they also manage faculties and programmes."),
    )
    faculties = models.ManyToManyField(
        Faculty, blank=True, related_name="staff", verbose_name=_("faculties")
    )

    objects = UserManager()

    @property
    def reads(self) -> str:
        """The language this person reads: their choice, else the site's."""
        return self.language or settings.LANGUAGE_CODE

    def has_perm(self, perm, obj=None):
        """The rules answer for everyone. Django lets a superuser past every permission; here
        a superuser keeps the admin's model permissions (ModelBackend grants those) but
        passes no object rule of the app: nobody acts in another person's name."""
        return self.is_active and _user_has_perm(self, perm, obj)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["role", "last_name", "first_name"])]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        """The name pages show: the full name, or the e-mail address of an account that has
        none yet (an invited person who has not filled it in)."""
        return self.get_full_name() or self.email

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_student(self):
        return self.role == Role.STUDENT

    @property
    def is_company(self):
        return self.role == Role.COMPANY

    @property
    def is_mentor(self):
        return self.role == Role.MENTOR

    @property
    def is_university_staff(self):
        return self.role == Role.STAFF


class ReferenceData(models.Model):
    """A short list that staff may extend, named in English and Romanian."""

    name = models.CharField(_("name (English)"), max_length=120, unique=True)
    name_ro = models.CharField(_("name (Romanian)"), max_length=120, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (English when there is no Romanian)."""
        return in_reader_language(self)


class Sector(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class County(models.Model):
    """A Romanian county (județ); names are proper nouns, the same in every language."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    code = models.CharField(_("code"), max_length=2, unique=True)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Skill(ReferenceData):
    """A skill tag shared across the platform: students list them, placements ask for them."""

    class Meta(ReferenceData.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class Programme(models.Model):
    """A study programme of the university; students enrol in one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_ro = models.CharField(_("name (Romanian)"), max_length=200, blank=True)
    faculty_unit = models.ForeignKey(
        Faculty,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("faculty"),
    )
    # The faculty's name as the agreements and certificates print it.
    faculty = models.CharField(_("faculty name on documents"), max_length=200, blank=True)
    faculty_ro = models.CharField(
        _("faculty name on documents (Romanian)"), max_length=200, blank=True
    )
    dean = models.CharField(
        _("dean of the faculty"),
        max_length=150,
        blank=True,
        help_text=_("Signs the agreements of this programme's students for the faculty."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "internships_programme"
        verbose_name = _("study programme")
        verbose_name_plural = _("study programmes")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (English when there is no Romanian)."""
        return in_reader_language(self)

    @property
    def faculty_display(self) -> str:
        return in_reader_language(self, "faculty")

    def name_in(self, language: str) -> str:
        """The programme's name in a document's language (English when no translation)."""
        return (self.name_ro if language == "ro" else "") or self.name

    def faculty_in(self, language: str) -> str:
        return (self.faculty_ro if language == "ro" else "") or self.faculty


def cv_upload_to(instance, filename):
    """Kept for the migrations that name it; CVs now live in StudentCV."""
    return f"private/cv/{instance.user_id}/{timezone.now():%Y%m%d%H%M%S}.pdf"


class StudentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile"
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="students",
        verbose_name=_("study programme"),
        null=True,
        blank=True,
    )
    year_of_study = models.PositiveSmallIntegerField(_("year of study"), null=True, blank=True)
    student_number = models.CharField(_("student number"), max_length=32, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    skills = models.ManyToManyField(Skill, blank=True, related_name="students")
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("student profile")
        verbose_name_plural = _("student profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["student_number"],
                condition=~Q(student_number=""),
                name="student_number_unique_when_set",
            ),
            models.CheckConstraint(
                condition=Q(year_of_study__isnull=True)
                | Q(year_of_study__gte=1, year_of_study__lte=6),
                name="student_year_between_1_and_6",
            ),
        ]

    def __str__(self):
        return str(self.user)


def organisation_logo_to(instance, filename):
    """Public media: anyone may read a logo (core.media.public_file); its name holds a digest
    of its content, so a new logo has a new address and a browser may keep one for ever."""
    return f"public/organisations/{instance.pk}/{filename}"


class Organisation(models.Model):
    """A host organisation: registered by its first admin, vetted by university staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        SUSPENDED = "suspended", _("Suspended")

    legal_name = models.CharField(_("legal name"), max_length=200)
    registration_number = models.CharField(
        _("registration number (CUI)"),
        max_length=12,
        unique=True,
        validators=[validate_cui],
        help_text=_("The fiscal code, digits only, without the RO prefix."),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("sector")
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("county")
    )
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    legal_representative = models.CharField(
        _("legal representative"),
        max_length=150,
        blank=True,
        help_text=_("The person who signs agreements for the organisation."),
    )
    legal_representative_function = models.CharField(
        _("function of the legal representative"),
        max_length=120,
        blank=True,
        help_text=_("For example: Administrator, General manager."),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    # Both drawn by accounts.logos from the admins' upload, never the upload itself.
    logo = models.FileField(_("logo"), upload_to=organisation_logo_to, blank=True)
    logo_small = models.FileField(_("small logo"), upload_to=organisation_logo_to, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["legal_name"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["sector", "county"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "verified", "suspended"]),
                name="organisation_status_valid",
            ),
            models.UniqueConstraint(
                Lower("legal_name"), name="organisation_legal_name_unique_ignoring_case"
            ),
        ]

    def __str__(self):
        return self.legal_name

    @property
    def is_verified(self):
        return self.status == self.Status.VERIFIED

    @property
    def logo_url(self) -> str:
        return public_url(self.logo.name) if self.logo else ""

    @property
    def logo_small_url(self) -> str:
        return public_url(self.logo_small.name) if self.logo_small else ""

    @property
    def initial(self) -> str:
        """The first letter of the name, for the placeholder of an organisation without logo."""
        return next((character for character in self.legal_name if character.isalnum()), "?")


class OrganisationMembership(models.Model):
    """A company account belongs to exactly one organisation, as its admin or a recruiter."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        RECRUITER = "recruiter", _("Recruiter")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_admin(self):
        return self.role == self.Role.ADMIN


class MentorProfile(models.Model):
    """A host tutor belongs to an organisation; an academic supervisor to the university."""

    class Kind(models.TextChoices):
        HOST_TUTOR = "host_tutor", _("Host tutor")
        SUPERVISOR = "supervisor", _("Academic supervisor")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mentors",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    expertise = models.TextField(_("expertise"), max_length=2000, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    max_interns = models.PositiveSmallIntegerField(
        _("maximum number of interns"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="host_tutor") & Q(organisation__isnull=False))
                | (Q(kind="supervisor") & Q(organisation__isnull=True)),
                name="mentor_tutor_has_organisation_supervisor_has_none",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_kind_display()})"

    @property
    def is_host_tutor(self):
        return self.kind == self.Kind.HOST_TUTOR


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use, expiring link that creates an account with a set role.

    Only the SHA-256 of the token is stored: the link itself exists only in the e-mail.
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("University staff")
        SUPERVISOR = "supervisor", _("Academic supervisor")
        RECRUITER = "recruiter", _("Recruiter of the organisation")
        ORG_ADMIN = "org_admin", _("Administrator of the organisation")
        HOST_TUTOR = "host_tutor", _("Host tutor of the organisation")

    ORGANISATION_KINDS = (Kind.RECRUITER, Kind.ORG_ADMIN, Kind.HOST_TUTOR)

    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    kind = models.CharField(_("invited as"), max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="invitations",
        null=True,
        blank=True,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invitation",
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "created_at"]),
            models.Index(fields=["email"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["recruiter", "org_admin", "host_tutor"])
                    & Q(organisation__isnull=False)
                )
                | (Q(kind__in=["staff", "supervisor"]) & Q(organisation__isnull=True)),
                name="invitation_organisation_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_kind_display()})"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def role(self) -> str:
        return {
            self.Kind.STAFF: Role.STAFF,
            self.Kind.SUPERVISOR: Role.MENTOR,
            self.Kind.HOST_TUTOR: Role.MENTOR,
            self.Kind.RECRUITER: Role.COMPANY,
            self.Kind.ORG_ADMIN: Role.COMPANY,
        }[self.kind]

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    class State(models.TextChoices):
        """Where an invitation stands, worked out from its dates (not stored)."""

        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.WITHDRAWN
        if self.is_expired:
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_pending(self):
        return not (self.accepted_at or self.revoked_at or self.is_expired)


def university_logo_to(instance, filename):
    return f"public/university/logo-{timezone.now():%Y%m%d%H%M%S}.png"


class University(models.Model):
    """The university itself, as the agreements and certificates name it: one row, edited by
    staff (`University.current()` makes it from UNIVERSITY_NAME the first time)."""

    legal_name = models.CharField(_("legal name"), max_length=200)
    legal_name_en = models.CharField(_("legal name (English)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    registration_number = models.CharField(_("fiscal code (CIF)"), max_length=20, blank=True)
    legal_representative = models.CharField(
        _("legal representative"),
        max_length=150,
        blank=True,
        help_text=_("The rector, or whoever signs agreements for the university."),
    )
    legal_representative_function = models.CharField(
        _("function of the legal representative"), max_length=120, blank=True
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo (PNG)"), upload_to=university_logo_to, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("university")
        verbose_name_plural = _("university")

    def __str__(self):
        return self.legal_name

    @classmethod
    def current(cls) -> "University":
        university = cls.objects.order_by("pk").first()
        if university is None:
            university, _created = cls.objects.get_or_create(
                pk=1, defaults={"legal_name": settings.UNIVERSITY_NAME}
            )
        return university

    def name_in(self, language: str) -> str:
        return (self.legal_name_en if language == "en" else "") or self.legal_name


# A student's CVs, links, languages and experience live in their own module.
from .student_profile import (  # noqa: E402, F401
    StudentCV,
    StudentExperience,
    StudentLanguage,
    StudentLink,
)


class SignOnRule(models.Model):
    """Which role a first single sign-on gives (issue #17): the first rule, by position, whose
    provider, e-mail domain and attribute all match; a blank one matches anything. Staff keep
    these in the admin; settings.SSO_DEFAULT_ROLE applies when none matches."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    provider = models.CharField(
        _("provider"),
        max_length=100,
        blank=True,
        help_text=_("The provider's id, as configured; blank for any provider."),
    )
    email_domain = models.CharField(
        _("e-mail domain"),
        max_length=253,
        blank=True,
        help_text=_("For example students.example.ro; blank for any domain."),
    )
    attribute = models.CharField(
        _("attribute"),
        max_length=200,
        blank=True,
        help_text=_("A claim or SAML attribute, such as groups; blank for none."),
    )
    value = models.CharField(
        _("value"),
        max_length=200,
        blank=True,
        help_text=_("The value the attribute must have (or list among its values)."),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=[(r.value, r.label) for r in (Role.STUDENT, Role.STAFF, Role.MENTOR)],
    )
    # Staff the rule creates work for these faculties, or all of them; by default for none,
    # until staff of all faculties assign them (nothing of any faculty is shown meanwhile).
    all_faculties = models.BooleanField(
        _("all faculties"),
        default=False,
        help_text=_("Staff this rule creates work for every faculty."),
    )
    faculties = models.ManyToManyField(
        Faculty,
        blank=True,
        related_name="sign_on_rules",
        verbose_name=_("faculties"),
        help_text=_(
            "The faculties staff this rule creates work for; none (and not all faculties) "
            "until staff of all faculties assign them."
        ),
    )

    class Meta:
        verbose_name = _("sign-on rule")
        verbose_name_plural = _("sign-on rules")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[Role.STUDENT, Role.STAFF, Role.MENTOR]),
                name="sign_on_rule_role_valid",
            ),
            models.CheckConstraint(
                condition=~Q(email_domain="") | ~Q(attribute=""),
                name="sign_on_rule_matches_something",
            ),
        ]

    def __str__(self):
        what = " ".join(
            part
            for part in (
                f"@{self.email_domain}" if self.email_domain else "",
                f"{self.attribute}={self.value}" if self.attribute else "",
            )
            if part
        )
        return f"{what} → {self.get_role_display()}"
