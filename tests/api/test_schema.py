"""The OpenAPI schema generates without a warning and is valid OpenAPI 3; it documents the
bearer scheme and the problem answers; the documentation page is served from our own
static files."""

import json

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate


@pytest.fixture
def schema(db):
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_generates_without_warnings_and_validates(tmp_path, db):
    """`manage.py spectacular --validate --fail-on-warn`: any warning or error fails."""
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    validate(yaml.safe_load(path.read_text()))


def test_schema_documents_the_bearer_scheme_and_problems(schema):
    validate(json.loads(json.dumps(schema, default=str)))
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    operation = schema["paths"]["/api/v1/programmes/"]["get"]
    assert operation["security"] == [{"bearerToken": []}]
    for code in ("401", "403", "404", "429"):
        content = operation["responses"][code]["content"]
        assert content["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
    assert "cursor" in {p["name"] for p in operation["parameters"]}


def test_schema_is_public(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_docs_page_uses_our_static_files_only(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui-bundle-5.35.0.js" in html
    assert "/static/js/api-docs.js" in html
    assert "<script>" not in html  # no inline script
    assert "http" not in "".join(
        part.split('"')[1] for part in html.split("src=")[1:]
    )  # nothing from another origin
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
