"""Practica's URLs plus the test identity providers under /test-idp/ (tests only: a test
that signs on sets ROOT_URLCONF to this module)."""

from django.urls import include, path
from oauth2_provider import views as oauth_views

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as practica

from . import oidc, saml

oauth_patterns = (
    [
        path("authorize/", oidc.AuthorizeView.as_view(), name="authorize"),
        path("token/", oauth_views.TokenView.as_view(), name="token"),
        path("userinfo/", oauth_views.UserInfoView.as_view(), name="user-info"),
        path(
            ".well-known/openid-configuration",
            oauth_views.ConnectDiscoveryInfoView.as_view(),
            name="oidc-connect-discovery-info",
        ),
        path(".well-known/jwks.json", oauth_views.JwksInfoView.as_view(), name="jwks-info"),
    ],
    "oauth2_provider",
)

urlpatterns = [
    path("test-idp/o/", include(oauth_patterns)),
    path("test-idp/saml/sso/", saml.sso, name="test_idp_saml_sso"),
    *practica,
]
