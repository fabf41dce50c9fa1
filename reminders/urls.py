from django.urls import path

from . import views

urlpatterns = [
    path("staff/reminders/", views.staff_reminders, name="staff_reminders"),
]
