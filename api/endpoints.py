"""The data endpoints (issue #19, api-data): students and the roster sync, placements,
applications, internships with their results and credits, certificates and their public
check by code.

Every list is scoped to the account's faculties as the staff lists are
(`accounts.faculties.in_faculties`: a row of another faculty is absent from a list and a 404
on its own), filtered by the staff lists' FilterSets (api.filters), and paged by a cursor
in a fixed number of queries whatever the page size.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.faculties import in_faculties
from accounts.models import Role, User
from core import ratelimit
from core.requestid import client_address
from core.services import ServiceError
from documents.forms import is_well_formed, normalise_code
from documents.models import Certificate
from documents.queries import public_certificate
from internships.models import Application, Internship, Placement
from mentors.queries import with_progress

from . import data_filters as filters
from . import roster
from .models import Scope
from .problems import Problem
from .serializers import (
    ApplicationSerializer,
    CertificateSerializer,
    InternshipSerializer,
    PlacementSerializer,
    PublicCertificateSerializer,
    StudentSerializer,
)


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend]


class StudentViewSet(ReadOnly):
    """Students of the account's faculties, by student number."""

    required_scope = Scope.READ_STUDENTS
    serializer_class = StudentSerializer
    filterset_class = filters.StudentApiFilter
    lookup_field = "student_profile__student_number"
    lookup_url_kwarg = "student_number"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        qs = User.objects.filter(role=Role.STUDENT, student_profile__isnull=False)
        qs = in_faculties(qs, self.request.user, path="student_profile__programme")
        return qs.select_related("student_profile__programme")


class PlacementViewSet(ReadOnly):
    """Placements are shared between faculties, as on the staff pages."""

    required_scope = Scope.READ_PLACEMENTS
    serializer_class = PlacementSerializer
    filterset_class = filters.PlacementApiFilter

    def get_queryset(self):
        return Placement.objects.select_related("organisation").prefetch_related("programmes")


class ApplicationViewSet(ReadOnly):
    """Applications of the account's faculties' students."""

    required_scope = Scope.READ_PLACEMENTS
    serializer_class = ApplicationSerializer
    filterset_class = filters.ApplicationApiFilter

    def get_queryset(self):
        qs = Application.objects.select_related("placement", "student__student_profile__programme")
        return in_faculties(qs, self.request.user)


class InternshipViewSet(ReadOnly):
    """Internships of the account's faculties' students, with their approved hours,
    result and credits."""

    required_scope = Scope.READ_INTERNSHIPS
    serializer_class = InternshipSerializer
    filterset_class = filters.InternshipApiFilter

    def get_queryset(self):
        qs = Internship.objects.select_related(
            "student__student_profile__programme", "organisation", "result"
        )
        return with_progress(in_faculties(qs, self.request.user))


class CertificateViewSet(ReadOnly):
    """Certificates of the account's faculties' students, by serial number."""

    required_scope = Scope.READ_CERTIFICATES
    serializer_class = CertificateSerializer
    filterset_class = filters.CertificateApiFilter
    lookup_field = "serial"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        qs = Certificate.objects.select_related("internship__student__student_profile")
        return in_faculties(
            qs, self.request.user, path="internship__student__student_profile__programme"
        )


class RosterSyncView(APIView):
    """POST /api/v1/students/sync/: the roster upsert."""

    required_scope = Scope.WRITE_ROSTER

    @extend_schema(
        request=inline_serializer(
            "RosterBatch",
            {
                "students": inline_serializer(
                    "RosterStudent",
                    {
                        "student_number": serializers.CharField(max_length=32),
                        "first_name": serializers.CharField(max_length=150),
                        "last_name": serializers.CharField(max_length=150),
                        "email": serializers.EmailField(),
                        "programme": serializers.CharField(help_text="programme code"),
                        "year_of_study": serializers.IntegerField(min_value=1, max_value=6),
                    },
                    many=True,
                )
            },
        ),
        responses={
            200: inline_serializer(
                "RosterOutcome",
                {
                    "created": serializers.ListField(child=serializers.CharField()),
                    "updated": serializers.ListField(child=serializers.CharField()),
                    "unchanged": serializers.ListField(child=serializers.CharField()),
                },
            )
        },
    )
    def post(self, request):
        try:
            outcome = roster.sync_students(request.data, by=request.user, token=request.auth)
        except roster.BatchRefused as refused:
            raise Problem(
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
                slug="roster-refused",
                title=_("The batch was refused: nothing was changed."),
                detail=refused.text,
                errors=refused.errors,
            ) from None
        except ServiceError as error:
            raise Problem(
                status=status.HTTP_409_CONFLICT,
                slug="conflict",
                title=_("Not done."),
                detail=error.text,
            ) from None
        return Response(outcome)


class VerifyCertificateView(APIView):
    """GET /api/v1/certificates/verify/<code>/: public, no token, rate limited per client
    address with the /verify/ page's own limit (the two share it); answers what that page
    shows and nothing more."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(responses={200: PublicCertificateSerializer})
    def get(self, request, code):
        if not ratelimit.hit("verify", client_address(request), settings.VERIFY_RATE_LIMIT):
            raise Throttled(wait=60)
        code = normalise_code(code)
        certificate = public_certificate(code) if is_well_formed(code) else None
        if certificate is None:
            raise NotFound(_("No certificate has this code: it is not one the university issued."))
        return Response(PublicCertificateSerializer(certificate).data)
