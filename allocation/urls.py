from django.urls import path

from .views import publishing, ranking, staff

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
    # Staff side of rounds (alloc-staff) ----------------------------------------------------
    path("staff/rounds/", staff.staff_rounds, name="staff_rounds"),
    path("staff/rounds/new/", staff.staff_round_create, name="staff_round_create"),
    path("staff/rounds/<int:pk>/", staff.staff_round, name="staff_round"),
    path("staff/rounds/<int:pk>/edit/", staff.staff_round_edit, name="staff_round_edit"),
    path("staff/rounds/<int:pk>/open/", staff.staff_round_open, name="staff_round_open"),
    path("staff/rounds/<int:pk>/cancel/", staff.staff_round_cancel, name="staff_round_cancel"),
    path(
        "staff/rounds/<int:pk>/quotas/", staff.staff_round_quota_add, name="staff_round_quota_add"
    ),
    path(
        "staff/rounds/<int:pk>/quotas/<int:quota_pk>/remove/",
        staff.staff_round_quota_remove,
        name="staff_round_quota_remove",
    ),
    path("staff/rounds/<int:pk>/pins/", staff.staff_round_pin, name="staff_round_pin"),
    path(
        "staff/rounds/<int:pk>/pins/<int:pin_pk>/remove/",
        staff.staff_round_unpin,
        name="staff_round_unpin",
    ),
    path("staff/rounds/<int:pk>/run/", staff.staff_round_start_run, name="staff_round_start_run"),
    path("staff/rounds/runs/<int:pk>/", staff.staff_round_run, name="staff_round_run"),
    path(
        "staff/rounds/runs/<int:pk>/instance/",
        staff.staff_round_run_instance,
        name="staff_round_run_instance",
    ),
    path(
        "staff/rounds/runs/<int:pk>/result/",
        staff.staff_round_run_result,
        name="staff_round_run_result",
    ),
    # End of the staff side of rounds (alloc-staff) -----------------------------------------
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
