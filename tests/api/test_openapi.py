"""The OpenAPI document: served publicly, valid, and covering every route under /api/v1."""

import re

from factcheck.web.api.openapi import OPERATIONS

PREFIX = "/api/v1"
CHECKED_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def openapi_path(rule: str) -> str:
    """/api/v1/claims/<int:claim_id> → /claims/{claim_id}"""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(PREFIX))


def test_the_document_is_public_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.json
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearer"] == {
        **document["components"]["securitySchemes"]["bearer"], "type": "http", "scheme": "bearer"}


def test_every_api_route_is_in_the_document(app, client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/"):
            continue
        path = openapi_path(rule.rule)
        for method in sorted(rule.methods & CHECKED_METHODS):
            if method.lower() not in paths.get(path, {}):
                view = app.view_functions[rule.endpoint]
                missing.append(
                    f"  {method} {rule.rule} ({rule.endpoint}): add to OPERATIONS in factcheck/web/api/openapi.py\n"
                    f"    Operation({method!r}, {path!r}, {rule.endpoint.removeprefix('api.')!r}, "
                    f"{getattr(view, 'access', '?')!r}, \"<summary>\", answer=\"<schema>\", body=..., errors=(...)),\n"
                    f"    with its schemas in factcheck/web/api/openapi_schemas.py"
                )
    assert not missing, "API routes missing from the OpenAPI document:\n" + "\n".join(missing)


def test_the_document_names_no_route_that_does_not_exist(app):
    rules = {(openapi_path(rule.rule), method) for rule in app.url_map.iter_rules()
             if rule.rule.startswith(PREFIX + "/") for method in rule.methods}
    for op in OPERATIONS:
        assert (op.path, op.method) in rules, f"{op.method} {op.path} is documented but not routed"
        assert app.view_functions["api." + op.endpoint].access == op.access


def test_every_reference_resolves_and_every_operation_answers_errors_as_documented(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    text = str(document)
    for name in re.findall(r"#/components/schemas/([A-Za-z]+)", text):
        assert name in schemas, f"dangling $ref to {name}"
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            assert "401" in operation["responses"] and "429" in operation["responses"], f"{method} {path}"


def test_rating_stance_relation_status_and_kind_are_enums(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert schemas["VerdictChange"]["properties"]["rating"]["enum"][:3] == ["true", "mostly-true", "mixed"]
    assert schemas["NewEvidence"]["properties"]["stance"]["enum"] == ["supports", "contradicts", "context"]
    assert set(schemas["NewLink"]["properties"]["relation"]["enum"]) == {"contradicts", "same-as", "supports",
                                                                          "updates"}
    assert schemas["Transition"]["properties"]["to"]["enum"] == ["draft", "in_review", "published"]
    assert "news_report" in schemas["NewSource"]["properties"]["kind"]["enum"]
    assert schemas["Error"]["properties"]["error"]["required"] == ["code", "message", "fields"]


def test_claim_writes_document_if_match_and_etag(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    verdict = paths["/claims/{claim_id}/verdict"]["put"]
    if_match = next(p for p in verdict["parameters"] if p["name"] == "If-Match")
    assert if_match["in"] == "header" and if_match["required"] is True
    assert {"412", "428"} <= set(verdict["responses"])
    assert "ETag" in verdict["responses"]["200"]["headers"]
    assert paths["/claims/{claim_id}"]["get"]["security"] == [{}, {"bearer": []}]
    assert paths["/claims/{claim_id}"]["patch"]["security"] == [{"bearer": []}]
