"""The identity providers' two pages: a login form, and the SAML hand-back form."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join


def page(title: str, body) -> HttpResponse:
    return HttpResponse(
        format_html(
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>{}</title></head><body><main><h1>{}</h1>{}</main></body></html>",
            title,
            title,
            body,
        )
    )


def login_form(request, *, title: str, hidden: dict, error: str = "") -> HttpResponse:
    return page(
        title,
        format_html(
            '{}<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
            '<p><label for="idp-username">Username</label> '
            '<input id="idp-username" name="username" autocomplete="username"></p>'
            '<p><label for="idp-password">Password</label> '
            '<input id="idp-password" name="password" type="password" '
            'autocomplete="current-password"></p>'
            '<p><button type="submit">Sign in at the university</button></p></form>',
            format_html('<p role="alert">{}</p>', error) if error else "",
            request.get_full_path(),
            get_token(request),
            _hidden(hidden),
        ),
    )


def post_back(*, title: str, action: str, fields: dict) -> HttpResponse:
    """What a SAML IdP hands the browser: a form that POSTs the response to the SP."""
    return page(
        title,
        format_html(
            '<p>You are signed in at the university.</p><form method="post" action="{}">{}'
            '<p><button type="submit">Continue to Practica</button></p></form>',
            action,
            _hidden(fields),
        ),
    )


def _hidden(fields: dict):
    return format_html_join(
        "", '<input type="hidden" name="{}" value="{}">', ((k, v) for k, v in fields.items())
    )
