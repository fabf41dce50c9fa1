"""The API's own endpoints (api-core): programmes and periods, read by any valid token;
the schema and its documentation page."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from accounts.faculties import programmes_of
from accounts.models import Faculty, Programme
from internships.models import Period


class FacultySerializer(serializers.ModelSerializer):
    class Meta:
        model = Faculty
        fields = ["id", "code", "name", "name_ro"]


class ProgrammeSerializer(serializers.ModelSerializer):
    faculty = FacultySerializer(source="faculty_unit", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "name_ro", "is_active", "faculty", "updated_at"]


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = [
            "id",
            "name",
            "name_ro",
            "starts_on",
            "ends_on",
            "applications_open_on",
            "applications_close_on",
            "required_hours",
            "credits",
            "updated_at",
        ]


@extend_schema(tags=["reference"], summary="The study programmes of the account's faculties")
class ProgrammeList(ListAPIView):
    """The study programmes of the service account's faculties (all of them for an account
    of all faculties), by id."""

    required_scope = None  # any valid token
    serializer_class = ProgrammeSerializer

    def get_queryset(self):
        return programmes_of(self.request.user).select_related("faculty_unit")


@extend_schema(tags=["reference"], summary="The internship periods")
class PeriodList(ListAPIView):
    """Every internship period, by id."""

    required_scope = None  # any valid token
    serializer_class = PeriodSerializer
    queryset = Period.objects.all()


@login_not_required
def docs(request):
    """The documentation page: Swagger UI (vendored, static/vendor/) reading the schema."""
    return render(request, "api/docs.html")
