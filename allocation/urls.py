from django.urls import path

from .views import publishing

urlpatterns = [
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
