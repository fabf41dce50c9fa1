from django.urls import path

from . import views

urlpatterns = [
    path("messages/", views.inbox, name="conversations_inbox"),
    path("messages/applications/<int:pk>/", views.conversation, name="conversation"),
]
