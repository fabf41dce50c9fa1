from django.urls import path

from .views import ranking

urlpatterns = [
    # Ranking: students rank placements, hosts rank applicants (alloc-rank)
    path("student/rounds/", ranking.student_rounds, name="student_rounds"),
    path("student/rounds/<int:pk>/", ranking.student_round, name="student_round"),
    path("student/rounds/<int:pk>/cv/", ranking.student_round_cv, name="student_round_cv"),
    path("company/rounds/", ranking.host_rounds, name="host_rounds"),
    path("company/rounds/<int:pk>/", ranking.host_round, name="host_round"),
    path(
        "company/rounds/<int:pk>/placements/<int:placement_pk>/",
        ranking.host_round_placement,
        name="host_round_placement",
    ),
    path(
        "company/rounds/<int:pk>/placements/<int:placement_pk>/students/<int:student_pk>/cv/",
        ranking.host_round_cv,
        name="host_round_cv",
    ),
    # (end of alloc-rank's block)
]
