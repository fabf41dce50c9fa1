"""Single sign-on providers from the environment (issue #17), as allauth's
SOCIALACCOUNT_PROVIDERS "APPS". Plain data: this module imports nothing from the apps.

SSO_OIDC_PROVIDERS is a JSON list, one object a provider:
    {"id": "uni", "name": "Universitatea din Cluj", "server_url": "https://login.example.ro/",
     "client_id": "practica", "secret": "…"}
optional: "scope" (a list), "pkce" (true/false, default true), "uid_field" (default "sub").

SSO_SAML_PROVIDERS is a JSON list, one object a provider:
    {"id": "uni-saml", "name": "Universitatea din Cluj", "entity_id": "https://idp.example.ro",
     "sso_url": "https://idp.example.ro/sso", "x509cert": "MIIC…"}
or "metadata_url" instead of "sso_url" and "x509cert"; optional: "email_verified" (true when
the IdP vouches for the address it sends: only then does a first sign-on link to an existing
account of that address), "attribute_mapping" (allauth's: uid, email, first_name, last_name
→ attribute names), "allow_single_label_domains" (true for an IdP at http://localhost).
The SAML provider's id is also the slug of its URLs: /accounts/saml/<id>/acs/ and
/accounts/saml/<id>/metadata/ (the SP's entity id).
"""

import json
import os

SAML_ATTRIBUTES = {
    # allauth's defaults plus the names ADFS/Entra ID and Keycloak send by default
    "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id"],
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "email",
    ],
    "first_name": [
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "firstName",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "lastName",
    ],
}


def _entries(name: str) -> list[dict]:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return []
    entries = json.loads(raw)
    if isinstance(entries, dict):
        entries = [entries]
    for entry in entries:
        missing = {"id", "name"} - set(entry)
        if missing:
            raise ValueError(f"{name}: each provider needs {', '.join(sorted(missing))}")
    return entries


def oidc_apps(name: str = "SSO_OIDC_PROVIDERS") -> list[dict]:
    return [
        {
            "provider_id": entry["id"],
            "name": entry["name"],
            "client_id": entry["client_id"],
            "secret": entry.get("secret", ""),
            "settings": {
                "server_url": entry["server_url"],
                "oauth_pkce_enabled": entry.get("pkce", True),
                "uid_field": entry.get("uid_field", "sub"),
                **({"scope": entry["scope"]} if entry.get("scope") else {}),
            },
        }
        for entry in _entries(name)
    ]


def saml_apps(name: str = "SSO_SAML_PROVIDERS") -> list[dict]:
    apps = []
    for entry in _entries(name):
        if entry.get("metadata_url"):
            idp = {"entity_id": entry["entity_id"], "metadata_url": entry["metadata_url"]}
        else:
            idp = {
                "entity_id": entry["entity_id"],
                "sso_url": entry["sso_url"],
                "x509cert": entry["x509cert"],
            }
        apps.append(
            {
                "provider_id": entry["id"],
                "name": entry["name"],
                "client_id": entry["id"],
                "settings": {
                    "idp": idp,
                    "attribute_mapping": entry.get("attribute_mapping", SAML_ATTRIBUTES),
                    "verified_email": bool(entry.get("email_verified", False)),
                    "advanced": {
                        "strict": True,
                        "want_assertion_signed": True,
                        "reject_idp_initiated_sso": True,
                        "allow_single_label_domains": bool(
                            entry.get("allow_single_label_domains", False)
                        ),
                    },
                },
            }
        )
    return apps
