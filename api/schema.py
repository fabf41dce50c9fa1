"""The OpenAPI schema's additions (drf-spectacular): the bearer token scheme, and the
problem-details answers every operation may give."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEM = {
    "type": "object",
    "description": "An RFC 9457 problem (application/problem+json).",
    "properties": {
        "type": {"type": "string", "description": "The kind of problem (a URI, or about:blank)."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "The path called."},
        "errors": {
            "type": "array",
            "description": "For a refused input: each error, with its field and, in a batch, "
            "the index of its row.",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "row": {"type": "integer"},
                    "detail": {"type": "string"},
                },
                "required": ["detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}

ANSWERS = {
    "400": "The request has errors (the problem lists them).",
    "401": "No token, or a token that is unknown, revoked or expired, or whose account is "
    "switched off.",
    "403": "The token's account lacks the scope this operation needs.",
    "404": "Nothing at this address, or outside the account's faculties.",
    "429": "Past the token's rate limit; Retry-After says when to call again.",
}
WRITES = {"post", "put", "patch"}


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made by staff under /staff/api/ (prc_…), sent as "
            "`Authorization: Bearer <token>`.",
        }


def add_problem_responses(result, generator, request, public):
    """Every operation documents the problems it may answer."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            secured = bool(operation.get("security")) and operation["security"] != [{}]
            for code, description in ANSWERS.items():
                if code == "400" and method not in WRITES and not operation.get("parameters"):
                    continue
                if code in ("401", "403") and not secured:
                    continue
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/problem+json": {"schema": ref}},
                    },
                )
    return result
