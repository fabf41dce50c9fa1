"""What the data endpoints answer (issue #19, api-data): read-only representations of the
rows the staff lists show, named by the identifiers the university's systems know
(student numbers, programme codes, certificate serials)."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from documents.models import Certificate
from internships.models import Application, Internship, Placement


class StudentSerializer(serializers.ModelSerializer):
    student_number = serializers.CharField(source="student_profile.student_number")
    programme = serializers.CharField(
        source="student_profile.programme.code", default=None, allow_null=True
    )
    year_of_study = serializers.IntegerField(
        source="student_profile.year_of_study", allow_null=True
    )
    status = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(source="student_profile.updated_at")

    class Meta:
        model = User
        fields = [
            "student_number",
            "first_name",
            "last_name",
            "email",
            "programme",
            "year_of_study",
            "status",
            "updated_at",
        ]

    def get_status(self, user) -> str:
        return "active" if user.is_active else "inactive"


class PlacementSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.legal_name")
    organisation_registration_number = serializers.CharField(
        source="organisation.registration_number"
    )
    period = serializers.IntegerField(source="period_id")
    programmes = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "title",
            "status",
            "organisation",
            "organisation_registration_number",
            "period",
            "programmes",
            "city",
            "work_mode",
            "starts_on",
            "ends_on",
            "hours_per_week",
            "positions",
            "is_paid",
            "deadline",
            "published_at",
            "updated_at",
        ]

    def get_programmes(self, placement) -> list[str]:
        return sorted(programme.code for programme in placement.programmes.all())


class ApplicationSerializer(serializers.ModelSerializer):
    placement = serializers.IntegerField(source="placement_id")
    student_number = serializers.CharField(source="student.student_profile.student_number")
    programme = serializers.CharField(
        source="student.student_profile.programme.code", default=None, allow_null=True
    )
    period = serializers.IntegerField(source="placement.period_id")

    class Meta:
        model = Application
        fields = [
            "id",
            "placement",
            "period",
            "student_number",
            "programme",
            "status",
            "created_at",
            "updated_at",
        ]


class ResultSerializer(serializers.Serializer):
    grade = serializers.IntegerField()
    passed = serializers.BooleanField()
    credits = serializers.IntegerField()
    recorded_at = serializers.DateTimeField()


class InternshipSerializer(serializers.ModelSerializer):
    host = serializers.CharField(source="organisation.legal_name")
    host_registration_number = serializers.CharField(source="organisation.registration_number")
    placement = serializers.IntegerField(source="placement_id", allow_null=True)
    period = serializers.IntegerField(source="period_id")
    student_number = serializers.CharField(source="student.student_profile.student_number")
    programme = serializers.CharField(
        source="student.student_profile.programme.code", default=None, allow_null=True
    )
    approved_hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    result = serializers.SerializerMethodField()
    credits = serializers.SerializerMethodField()
    completed_on = serializers.SerializerMethodField()

    class Meta:
        model = Internship
        fields = [
            "id",
            "status",
            "starts_on",
            "ends_on",
            "host",
            "host_registration_number",
            "placement",
            "period",
            "programme",
            "student_number",
            "required_hours",
            "approved_hours",
            "result",
            "credits",
            "completed_on",
            "updated_at",
        ]

    @staticmethod
    def _result(internship):
        return getattr(internship, "result", None)

    @extend_schema_field(ResultSerializer(allow_null=True))
    def get_result(self, internship):
        result = self._result(internship)
        return None if result is None else ResultSerializer(result).data

    def get_credits(self, internship) -> int | None:
        """The credits earned: the result's when it is a pass, else none."""
        result = self._result(internship)
        return result.credits if result is not None and result.passed else None

    def get_completed_on(self, internship) -> str | None:
        if internship.completed_at is None:
            return None
        return timezone.localdate(internship.completed_at).isoformat()


def verification_url(certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.get_absolute_url()


class CertificateSerializer(serializers.ModelSerializer):
    student_number = serializers.CharField(
        source="internship.student.student_profile.student_number"
    )
    internship = serializers.IntegerField(source="internship_id")
    issued_on = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    revoked = serializers.SerializerMethodField()
    verification_code = serializers.CharField(source="code")
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "serial",
            "student_number",
            "internship",
            "issued_on",
            "status",
            "revoked",
            "revoked_at",
            "verification_code",
            "verification_url",
        ]

    def get_issued_on(self, certificate) -> str:
        return timezone.localdate(certificate.issued_at).isoformat()

    def get_status(self, certificate) -> str:
        return "valid" if certificate.is_valid else "revoked"

    def get_revoked(self, certificate) -> bool:
        return not certificate.is_valid

    def get_verification_url(self, certificate) -> str:
        return verification_url(certificate)


class PublicResultSerializer(serializers.Serializer):
    grade = serializers.IntegerField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    credits = serializers.IntegerField(allow_null=True)


class PublicCertificateSerializer(serializers.Serializer):
    """Only what the public /verify/<code>/ page shows of a certificate, no more."""

    genuine = serializers.SerializerMethodField()
    serial = serializers.CharField()
    valid = serializers.SerializerMethodField()
    revoked = serializers.SerializerMethodField()
    revoked_on = serializers.SerializerMethodField()
    revocation_reason = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()
    university = serializers.SerializerMethodField()
    student = serializers.SerializerMethodField()
    programme = serializers.SerializerMethodField()
    host = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField()
    starts_on = serializers.SerializerMethodField()
    ends_on = serializers.SerializerMethodField()
    approved_hours = serializers.SerializerMethodField()
    host_tutor = serializers.SerializerMethodField()
    academic_supervisor = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    issued_on = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()

    def _fact(self, certificate, key):
        value = certificate.printed_facts.get(key)
        return value.isoformat() if hasattr(value, "isoformat") else value

    def get_genuine(self, certificate) -> bool:
        return True

    def get_valid(self, certificate) -> bool:
        return certificate.is_valid

    def get_revoked(self, certificate) -> bool:
        return not certificate.is_valid

    def get_revoked_on(self, certificate) -> str | None:
        if not certificate.revoked_at:
            return None
        return timezone.localdate(certificate.revoked_at).isoformat()

    def get_revocation_reason(self, certificate) -> str | None:
        return certificate.revocation_reason if certificate.revoked_at else None

    def get_replaced_by(self, certificate) -> str | None:
        replacement = certificate.replaced_by if certificate.revoked_at else None
        return replacement.serial if replacement else None

    def get_university(self, certificate) -> str | None:
        return self._fact(certificate, "university")

    def get_student(self, certificate) -> str | None:
        return self._fact(certificate, "student")

    def get_programme(self, certificate) -> str | None:
        return self._fact(certificate, "programme") or None

    def get_host(self, certificate) -> str | None:
        return self._fact(certificate, "organisation")

    def get_period(self, certificate) -> str | None:
        return self._fact(certificate, "period")

    def get_starts_on(self, certificate) -> str | None:
        return self._fact(certificate, "starts_on")

    def get_ends_on(self, certificate) -> str | None:
        return self._fact(certificate, "ends_on")

    def get_approved_hours(self, certificate) -> str | None:
        hours = certificate.printed_facts.get("hours")
        return None if hours is None else str(hours)

    def get_host_tutor(self, certificate) -> str | None:
        return self._fact(certificate, "host_tutor")

    def get_academic_supervisor(self, certificate) -> str | None:
        return self._fact(certificate, "supervisor")

    @extend_schema_field(PublicResultSerializer(allow_null=True))
    def get_result(self, certificate):
        facts = certificate.printed_facts
        if not facts.get("grade"):
            return None
        return {
            "grade": facts.get("grade"),
            "passed": facts.get("passed"),
            "credits": facts.get("credits") or 0,
        }

    def get_issued_on(self, certificate) -> str | None:
        return self._fact(certificate, "issued_on")

    def get_verification_url(self, certificate) -> str:
        return verification_url(certificate)
