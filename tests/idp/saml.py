"""The SAML 2.0 identity provider: reads the SP's AuthnRequest (HTTP-Redirect binding),
signs in one of its people (tests.idp.people) and POSTs a Response whose assertion is signed
with xmlsec (through python3-saml, which the SP side uses too: pip wheels only, no xmlsec1
program) back to the SP's assertion consumer service."""

import base64
import secrets
from datetime import UTC, datetime, timedelta

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBadRequest
from django.utils.html import escape
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from . import keys, pages, people

ENTITY_ID = "https://idp.test.invalid/saml"
NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
}
TITLE = "University sign-in (SAML)"


def _instant(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_request(encoded: str) -> dict:
    xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(encoded)
    root = etree.fromstring(xml)  # noqa: S320 — the test SP's own request
    return {
        "id": root.get("ID"),
        "acs": root.get("AssertionConsumerServiceURL"),
        "audience": root.findtext("saml:Issuer", namespaces=NS),
    }


def _attribute(name: str, values: list[str]) -> str:
    return (
        f'<saml:Attribute Name="{escape(name)}">'
        + "".join(f"<saml:AttributeValue>{escape(value)}</saml:AttributeValue>" for value in values)
        + "</saml:Attribute>"
    )


def assertion_for(person: people.Person, request: dict) -> str:
    now = datetime.now(UTC)
    issued, until = now, now + timedelta(minutes=5)
    if people.MISCHIEF.get("expired"):
        issued, until = now - timedelta(hours=1), now - timedelta(minutes=30)
    attributes = [
        _attribute("urn:oid:0.9.2342.19200300.100.1.3", [person.email]),
        _attribute("urn:oid:2.5.4.42", [person.given_name]),
        _attribute("urn:oid:2.5.4.4", [person.family_name]),
        _attribute("groups", person.groups),
    ]
    if person.groups == []:
        attributes.pop()
    xml = (
        f'<saml:Assertion xmlns:saml="{NS["saml"]}" ID="_{secrets.token_hex(16)}" '
        f'Version="2.0" IssueInstant="{_instant(issued)}">'
        f"<saml:Issuer>{ENTITY_ID}</saml:Issuer>"
        "<saml:Subject>"
        '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">'
        f"{escape(person.username)}</saml:NameID>"
        '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData InResponseTo="{escape(request["id"])}" '
        f'NotOnOrAfter="{_instant(until)}" Recipient="{escape(request["acs"])}"/>'
        "</saml:SubjectConfirmation></saml:Subject>"
        f'<saml:Conditions NotBefore="{_instant(issued - timedelta(minutes=1))}" '
        f'NotOnOrAfter="{_instant(until)}">'
        f"<saml:AudienceRestriction><saml:Audience>{escape(request['audience'])}</saml:Audience>"
        "</saml:AudienceRestriction></saml:Conditions>"
        f'<saml:AuthnStatement AuthnInstant="{_instant(issued)}" '
        f'SessionIndex="_{secrets.token_hex(8)}"><saml:AuthnContext>'
        "<saml:AuthnContextClassRef>"
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
        "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        f"<saml:AttributeStatement>{''.join(attributes)}</saml:AttributeStatement>"
        "</saml:Assertion>"
    )
    if people.MISCHIEF.get("unsigned"):
        return xml
    key, certificate = keys.key_and_certificate()
    return OneLogin_Saml2_Utils.add_sign(xml, key, certificate).decode()


def response_for(person: people.Person, request: dict) -> str:
    assertion = assertion_for(person, request)
    assertion = assertion.removeprefix('<?xml version="1.0"?>\n')
    xml = (
        f'<samlp:Response xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" '
        f'ID="_{secrets.token_hex(16)}" Version="2.0" IssueInstant="{_instant(datetime.now(UTC))}" '
        f'Destination="{escape(request["acs"])}" InResponseTo="{escape(request["id"])}">'
        f"<saml:Issuer>{ENTITY_ID}</saml:Issuer>"
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
        f"</samlp:Status>{assertion}</samlp:Response>"
    )
    return base64.b64encode(xml.encode()).decode()


@login_not_required
def sso(request):
    encoded = request.GET.get("SAMLRequest") or request.POST.get("SAMLRequest")
    if not encoded:
        return HttpResponseBadRequest("No SAMLRequest.")
    relay_state = request.GET.get("RelayState", request.POST.get("RelayState", ""))
    if request.method != "POST":
        return pages.login_form(request, title=TITLE, hidden={})
    person = people.PEOPLE.get(request.POST.get("username", ""))
    if person is None or request.POST.get("password") != people.PASSWORD:
        return pages.login_form(
            request, title=TITLE, hidden={}, error="Wrong username or password."
        )
    saml_request = _read_request(encoded)
    fields = {"SAMLResponse": response_for(person, saml_request)}
    if relay_state:
        fields["RelayState"] = relay_state
    return pages.post_back(title=TITLE, action=saml_request["acs"], fields=fields)
