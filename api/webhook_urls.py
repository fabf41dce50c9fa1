from django.urls import path

from . import webhook_views as views

urlpatterns = [
    path("", views.webhook_list, name="staff_webhooks"),
    path("new/", views.webhook_new, name="staff_webhook_new"),
    path("<int:pk>/", views.webhook_detail, name="staff_webhook"),
    path("<int:pk>/rotate/", views.webhook_rotate, name="staff_webhook_rotate"),
    path("<int:pk>/active/", views.webhook_active, name="staff_webhook_active"),
    path("<int:pk>/test/", views.webhook_test, name="staff_webhook_test"),
    path(
        "<int:pk>/deliveries/<int:delivery_pk>/",
        views.delivery_detail,
        name="staff_webhook_delivery",
    ),
    path(
        "<int:pk>/deliveries/<int:delivery_pk>/retry/",
        views.delivery_retry,
        name="staff_webhook_delivery_retry",
    ),
]
