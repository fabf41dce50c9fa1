from django.urls import path

from .views import publishing, ranking

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
    # --- alloc-publish: publishing, second rounds, students' results ---
    path(
        "staff/rounds/<int:pk>/runs/<int:run_pk>/publish/",
        publishing.publish_run,
        name="allocation_publish_run",
    ),
    path(
        "staff/rounds/<int:pk>/second-round/",
        publishing.start_second_round,
        name="allocation_second_round",
    ),
    path(
        "student/rounds/<int:pk>/result/",
        publishing.student_result,
        name="allocation_student_result",
    ),
    # --- end alloc-publish ---
]
