"""Test-only identity providers (issue #17): an OpenID Connect provider made with
django-oauth-toolkit and a SAML 2.0 provider signing with python3-saml's xmlsec, both served
by the test live server under /test-idp/ (tests.idp.urls, only in tests). Never in production
settings."""
