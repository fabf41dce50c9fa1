from django.urls import path

from . import views

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feed/new/", views.feed_create, name="calendar_feed_create"),
    path("calendar/feed/reset/", views.feed_reset, name="calendar_feed_reset"),
    path("calendar/feed/stop/", views.feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", views.feed, name="calendar_feed"),
]
