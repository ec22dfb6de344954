"""JSON bodies are parsed in one place, with a bound on nesting: a body nested deeper than
any request needs is a 400 in the API's envelope, never a RecursionError (500)."""

from __future__ import annotations

import json

import pytest

DEEP_BODIES = ["[" * 100_000, "[" * 100_000 + "]" * 100_000, '{"a":' * 100_000,
               '{"email": ' + "[" * 5000 + "]" * 5000 + "}"]


def _post(client, path, body, method="POST", headers=None):
    return client.open(path, method=method, data=body, headers=headers or {},
                       content_type="application/json")


@pytest.mark.parametrize("body", DEEP_BODIES)
def test_a_deeply_nested_body_to_the_token_exchange_is_a_400(app, body):
    client = app.test_client(use_cookies=False)
    response = _post(client, "/api/v1/auth/token", body)
    assert response.status_code == 400
    not_json = _post(client, "/api/v1/auth/token", "{not json")
    assert response.get_json() == not_json.get_json()  # "the body is not valid JSON"
    assert response.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("body", DEEP_BODIES)
def test_a_deeply_nested_task_update_is_a_400_and_changes_nothing(api, scene, body):
    client = api(scene.secretary)
    version = scene.task.version
    response = client._call("PATCH", f"tasks/{scene.task.id}", data=body,
                            content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert scene.task.version == version


def test_a_body_nested_a_little_is_read_and_judged_by_the_schema(api, scene):
    client = api(scene.secretary)
    nested = {"priority": "low", "labels": [[[[["x"]]]]]}
    response = client.patch(f"tasks/{scene.task.id}", json=nested)
    assert response.status_code == 422
    assert "labels" in response.get_json()["error"]["fields"]
    assert client.patch(f"tasks/{scene.task.id}", json={"priority": "low"}).status_code == 200


def test_the_one_json_reader_bounds_nesting(app):
    from tracker.json_input import MAX_JSON_DEPTH

    within = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    beyond = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    assert app.json.loads(within) is not None
    for text in (beyond, "[" * 100_000, '{"a": {"b": ' * 70 + "1" + "}" * 140):
        with pytest.raises(json.JSONDecodeError):
            app.json.loads(text)
    assert app.json.loads('{"a": [1, {"b": "[[[["}]}') == {"a": [1, {"b": "[[[["}]}
