"""The Webhooks operations: register, read, list, replace, update and delete a project's webhooks."""

from __future__ import annotations

import pytest
import requests

from emulator.server import EmulatorServer
from emulator.spec import document
from tests.emulator.support import Api, error_of, validation_errors

TARGET = "https://my.server.com/callback"
UNKNOWN_ID = "01HZZZZZZZZZZZZZZZZZZZZZZZ"


def _spec_words(code: str) -> tuple[str, str]:
    """The message and resolution the Webhooks document's examples give ``code``."""
    for item in document("webhooks")["paths"].values():
        for operation in item.values():
            for response in operation["responses"].values():
                for example in (
                    response.get("content", {}).get("application/json", {}).get("examples", {}).values()
                ):
                    if example["value"].get("errorCode") == code:
                        return example["value"]["message"], example["value"]["resolution"]
    raise KeyError(code)


def _words(response: object) -> tuple[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    return body["message"], body["resolution"]


def test_a_webhook_is_registered_read_and_listed_without_its_secret(api: Api) -> None:
    created = api.webhooks("POST", json={"target": TARGET, "secret": "s3cr3t-value", "triggers": ["ALL"]})

    assert created.status_code == 201
    webhook = created.json()
    assert set(webhook) == {"id", "target", "projectId", "triggers"}
    assert (webhook["target"], webhook["projectId"], webhook["triggers"]) == (TARGET, api.project, ["ALL"])
    fetched = api.webhooks("GET", f"/{webhook['id']}")
    listed = api.webhooks("GET")
    assert fetched.json() == webhook
    assert listed.json() == {"totalSize": 1, "pageSize": 15, "webhooks": [webhook]}
    for response in (created, fetched, listed):
        assert "s3cr3t-value" not in response.text


def test_ids_are_read_case_insensitively(api: Api) -> None:
    webhook = api.create_webhook(TARGET)

    assert api.webhooks("GET", f"/{webhook['id'].lower()}").json() == webhook


def test_a_taken_target_is_webhook_exists(api: Api) -> None:
    first = api.create_webhook(TARGET)
    second = api.create_webhook("https://my.server.com/other")

    again = api.webhooks("POST", json={"target": TARGET, "secret": "x", "triggers": ["ALL"]})
    put = api.webhooks("PUT", f"/{second['id']}", json={"target": TARGET, "secret": "x", "triggers": ["ALL"]})
    patch = api.webhooks("PATCH", f"/{second['id']}", json={"target": TARGET})

    for response in (again, put, patch):
        assert error_of(response) == (409, "webhook_exists")
        assert _words(response) == _spec_words("webhook_exists")
    assert api.webhooks("GET", f"/{second['id']}").json()["target"] == "https://my.server.com/other"
    assert api.webhooks("PATCH", f"/{first['id']}", json={"target": TARGET}).status_code == 200  # its own


def test_the_sixteenth_webhook_is_webhook_limit_reached(api: Api) -> None:
    for index in range(15):
        api.create_webhook(f"https://my.server.com/callback{index:02d}")

    refused = api.webhooks("POST", json={"target": TARGET, "secret": "x", "triggers": ["ALL"]})

    assert error_of(refused) == (424, "webhook_limit_reached")
    assert _words(refused) == _spec_words("webhook_limit_reached")
    assert api.webhooks("GET").json()["totalSize"] == 15


@pytest.mark.sends_invalid_requests
def test_a_bad_webhook_is_invalid_input_naming_each_field(api: Api) -> None:
    response = api.webhooks("POST", json={"target": "not a url", "triggers": ["SOMETHING"]})

    assert error_of(response) == (400, "invalid_input")
    assert _words(response) == _spec_words("invalid_input")
    errors = validation_errors(response)
    assert "target: 'not a url' is not a 'url'" in errors
    assert any(error.startswith("secret: ") and "required" in error for error in errors)
    assert any(error.startswith("triggers[0]: 'SOMETHING' is not one of") for error in errors)
    assert api.webhooks("GET").json()["totalSize"] == 0


@pytest.mark.sends_invalid_requests
def test_a_body_that_is_not_json_is_invalid_payload(api: Api) -> None:
    response = api.webhooks("POST", data=b"{", headers={"Content-Type": "application/json"})

    assert error_of(response) == (400, "invalid_payload")
    assert _words(response) == _spec_words("invalid_payload")


def test_the_list_is_alphabetical_by_target_in_pages(api: Api) -> None:
    targets = ["https://c.example/hook", "https://a.example/hook", "https://B.example/hook"]
    for target in targets:
        api.create_webhook(target)

    first = api.webhooks("GET", params={"pageSize": 2}).json()
    second = api.webhooks("GET", params={"pageSize": 2, "pageToken": first["nextPageToken"]}).json()

    assert [hook["target"] for hook in first["webhooks"] + second["webhooks"]] == [
        "https://a.example/hook",
        "https://B.example/hook",
        "https://c.example/hook",
    ]
    assert (first["totalSize"], first["pageSize"], "previousPageToken" in first) == (3, 2, False)
    assert "nextPageToken" not in second
    assert (
        api.webhooks("GET", params={"pageToken": second["previousPageToken"], "pageSize": 2}).json() == first
    )


@pytest.mark.sends_invalid_requests
@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"pageSize": 16}, "invalid_page_size"),
        ({"pageSize": 0}, "invalid_page_size"),
        ({"pageSize": "x"}, "invalid_page_size"),
        ({"pageToken": "made-up"}, "invalid_page_token"),
    ],
)
def test_bad_list_parameters(api: Api, params: dict[str, object], code: str) -> None:
    response = api.webhooks("GET", params=params)

    assert error_of(response) == (400, code)
    assert _words(response) == _spec_words(code)


def test_put_replaces_and_patch_changes_what_it_gives(api: Api) -> None:
    webhook = api.create_webhook(TARGET, ["RCS_SENDER_STATUS_UPDATED"])
    path = f"/{webhook['id']}"

    replaced = api.webhooks(
        "PUT", path, json={"target": "https://my.server.com/v2", "secret": "new", "triggers": ["ALL"]}
    )
    # The spec's PATCH schema types target and secret as objects; its examples, and the emulator, use strings.
    patched = api.webhooks("PATCH", path, json={"secret": "newer", "target": "https://my.server.com/v3"})
    emptied = api.webhooks("PATCH", path, json={})

    assert replaced.json() == {**webhook, "target": "https://my.server.com/v2", "triggers": ["ALL"]}
    assert patched.json() == {**webhook, "target": "https://my.server.com/v3", "triggers": ["ALL"]}
    assert emptied.json() == patched.json()


@pytest.mark.sends_invalid_requests
def test_put_needs_every_field(api: Api) -> None:
    webhook = api.create_webhook(TARGET)

    response = api.webhooks("PUT", f"/{webhook['id']}", json={"triggers": ["ALL"]})

    assert error_of(response) == (400, "invalid_input")
    assert len(validation_errors(response)) == 2


def test_delete_answers_204_and_the_webhook_is_gone(api: Api) -> None:
    webhook = api.create_webhook(TARGET)

    deleted = api.webhooks("DELETE", f"/{webhook['id']}")

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert error_of(api.webhooks("GET", f"/{webhook['id']}")) == (404, "webhook_not_found")
    assert api.webhooks("GET").json()["totalSize"] == 0


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_unknown_and_malformed_ids(api: Api, method: str) -> None:
    body = {"target": TARGET, "secret": "x", "triggers": ["ALL"]} if method in ("PUT", "PATCH") else None

    unknown = api.webhooks(method, f"/{UNKNOWN_ID}", json=body)
    malformed = api.webhooks(method, "/not-an-id", json=body)

    assert error_of(unknown) == (404, "webhook_not_found")
    assert _words(unknown) == _spec_words("webhook_not_found")
    assert error_of(malformed) == (400, "invalid_id_format")
    assert _words(malformed) == _spec_words("invalid_id_format")


def test_projects_do_not_see_each_others_webhooks(emulator: EmulatorServer, api: Api) -> None:
    webhook = api.create_webhook(TARGET)
    other = Api(emulator.url, project="another-project")

    assert other.webhooks("GET").json()["totalSize"] == 0
    assert error_of(other.webhooks("GET", f"/{webhook['id']}")) == (404, "webhook_not_found")
    assert (
        other.webhooks("POST", json={"target": TARGET, "secret": "x", "triggers": ["ALL"]}).status_code == 201
    )
    other.close()


def test_a_lost_create_answer_leaves_the_webhook_registered(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.script("drop_after", operation="createWebhook")
    body = {"target": TARGET, "secret": "x", "triggers": ["ALL"]}

    with pytest.raises(requests.ConnectionError):
        api.webhooks("POST", json=body)
    repeated = api.webhooks("POST", json=body)

    assert error_of(repeated) == (409, "webhook_exists")
    [webhook] = api.webhooks("GET").json()["webhooks"]
    assert webhook["target"] == TARGET
    assert emulator.stats()["faults"]["drop_after"] == 1


def test_faults_hit_webhook_operations_by_short_name(emulator: EmulatorServer, api: Api) -> None:
    emulator.faults.script("503", operation="listWebhooks")

    assert api.webhooks("GET").status_code == 503
    assert api.webhooks("GET").status_code == 200
    assert emulator.stats()["requests"]["WebhookWebhookController_listWebhooks_v1"] == 2
