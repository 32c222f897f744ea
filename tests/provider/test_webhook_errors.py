"""Adopting an existing webhook, and the errors a ProvisioningWebhook user meets, each clear and actionable
at the first attempt: through the plugin, on the emulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emulator.server import EmulatorServer
from provider import ProvisioningWebhook
from provider.webhooks.errors import WebhookRefusedError
from schemas.webhooks.constants import ADVISED_SECRET_LENGTH
from sinch_provisioning.errors import SinchApiError
from tests.provider.support import api_requests
from tests.provider.webhook_support import (
    COMMENTS,
    OPERATORS,
    OTHER_TARGET,
    SECRET,
    STATUS,
    TARGET,
    engine_for,
    error_text,
    made_outside,
    one_webhook,
    stored,
    stored_by_id,
    webhook_args,
    webhooks_program,
)

MISSING_ID = "01J5ZQ7T3R9XWB8K4M2N6P0ABC"  # a well-formed webhook id (a ULID) that no webhook has


def test_adopting_a_webhook_gets_it_and_puts_the_declaration_once_never_posts(
    emulator: EmulatorServer,
) -> None:
    outside = made_outside(emulator)  # same target, other triggers, another secret
    engine = engine_for(emulator)
    declared = one_webhook(webhook_id=outside["id"])
    emulator.reset_stats()

    report = engine.up(declared, check=True)

    assert report.resource("hook").op == "create"
    assert api_requests(emulator) == {"getWebhook": 1, "replaceWebhook": 1}
    assert engine.state.by_name("hook").id == outside["id"]
    [held] = stored(emulator)
    assert (held["id"], held["triggers"]) == (outside["id"], [STATUS, OPERATORS])
    emulator.reset_stats()
    assert engine.up(declared, check=True).resource("hook").op == "same"
    assert engine.up(one_webhook(), check=True).resource("hook").op == "same"  # webhook_id dropped: same one
    assert emulator.stats()["api_requests"] == 0


def test_adopting_a_webhook_that_does_not_exist_says_how_to_find_one(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)

    report = engine.up(one_webhook(webhook_id=MISSING_ID))

    assert not report.ok
    text = error_text(report)
    assert f"webhookId '{MISSING_ID}': no such webhook in Sinch project" in text
    assert "python -m provider webhooks" in text
    assert stored(emulator) == []


def test_a_webhook_id_sinch_cannot_parse_is_an_adoption_error(emulator: EmulatorServer) -> None:
    report = engine_for(emulator).up(one_webhook(webhook_id="not-a-webhook-id"))

    assert not report.ok
    assert "is not a webhook id as Sinch writes them" in error_text(report)


def test_two_resources_cannot_adopt_the_same_webhook(emulator: EmulatorServer) -> None:
    outside = made_outside(emulator)
    engine = engine_for(emulator)
    program = webhooks_program(
        {
            "first": webhook_args(webhook_id=outside["id"]),
            "second": webhook_args(webhook_id=outside["id"], triggers=[COMMENTS]),
        }
    )

    report = engine.up(program)

    failed = [resource for resource in report.resources if not resource.ok]
    assert len(failed) == 1
    assert "another resource of this stack already manages it" in error_text(report, failed[0].name)
    assert [resource.id for resource in engine.state.live()] == [outside["id"]]


def test_a_renamed_resource_that_adopts_the_old_one_s_webhook_keeps_it(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook("old-name"), check=True)
    webhook_id = engine.state.by_name("old-name").id
    emulator.reset_stats()

    # Pulumi creates `new-name` (adopting the webhook) before it deletes `old-name`.
    report = engine.up(one_webhook("new-name", webhook_id=webhook_id), check=True)

    assert report.resource("old-name").op == "delete"
    assert api_requests(emulator) == {"getWebhook": 1, "replaceWebhook": 1}  # no DELETE
    assert engine.state.names() == ["new-name"]
    assert [held["id"] for held in stored(emulator)] == [webhook_id]
    assert f"webhook {webhook_id} was not deleted" in report.plugin_stderr


def test_a_taken_target_names_the_webhook_holding_it_and_how_to_adopt_it(emulator: EmulatorServer) -> None:
    outside = made_outside(emulator)
    engine = engine_for(emulator)

    report = engine.up(one_webhook())

    assert not report.ok
    text = error_text(report)
    assert f"The target {TARGET} is already held by webhook {outside['id']}" in text
    assert f"triggers {COMMENTS}" in text
    assert f'add webhook_id="{outside["id"]}" to the declaration' in text
    assert engine.state.names() == []
    # Following the advice works at the first attempt.
    engine.up(one_webhook(webhook_id=outside["id"]), check=True)
    assert engine.state.by_name("hook").id == outside["id"]
    assert len(stored(emulator)) == 1


def test_two_resources_declaring_one_target_fail_naming_the_other_resource(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    program = webhooks_program({"first": webhook_args(), "second": webhook_args(triggers=[COMMENTS])})

    report = engine.up(program)

    failed = [resource.name for resource in report.resources if not resource.ok]
    assert len(failed) == 1
    assert "which another resource of this stack manages" in error_text(report, failed[0])
    assert len(stored(emulator)) == 1


def test_a_full_project_lists_its_15_webhooks_and_how_to_make_room(emulator: EmulatorServer) -> None:
    held = [made_outside(emulator, target=f"https://hooks.example.com/{index:02d}") for index in range(15)]
    engine = engine_for(emulator)

    report = engine.up(one_webhook())

    assert not report.ok
    text = error_text(report)
    assert "already holds 15 webhooks, the most Sinch allows per project" in text
    assert all(webhook["id"] in text for webhook in held)
    assert "https://hooks.example.com/07" in text
    assert 'webhook_id="<its id>"' in text
    assert len(stored(emulator)) == 15


def test_an_update_to_a_target_another_webhook_holds_names_it(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    outside = made_outside(emulator, target=OTHER_TARGET)

    report = engine.up(one_webhook(target=OTHER_TARGET))

    assert not report.ok
    assert f"already held by webhook {outside['id']}" in error_text(report)
    assert engine.state.by_name("hook").plain_outputs["target"] == TARGET  # the old state is kept


def test_an_update_of_a_webhook_deleted_outside_says_to_refresh(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    webhook_id = engine.state.by_name("hook").id
    emulator.reset()

    report = engine.up(one_webhook(triggers=[COMMENTS]))

    assert not report.ok
    text = error_text(report)
    assert f"Webhook {webhook_id} no longer exists" in text
    assert "`pulumi refresh`" in text


def test_check_failures_name_the_path_and_the_closest_trigger_and_send_nothing(
    emulator: EmulatorServer,
) -> None:
    engine = engine_for(emulator)
    emulator.reset_stats()

    report = engine.preview(
        one_webhook(
            target="http://events.acme-parcel.example/sinch",
            triggers=[STATUS, "RCS_SENDER_OPERATOR_STATUS_UPDATE", STATUS, "ALL"],
            secret="",
        )
    )

    failures = {failure.property: failure.reason for failure in report.resource("hook").check_failures}
    assert failures["triggers[1]"] == f"Not a webhook trigger. Did you mean {OPERATORS!r}?"
    assert failures["triggers[2]"] == f"Duplicate: {STATUS} is already listed at triggers[0]."
    assert "ALL already receives every event" in failures["triggers"]
    assert "Plain http is accepted only to this machine" in failures["target"]
    assert failures["secret"] == "Must not be empty."
    assert emulator.stats()["api_requests"] == 0


def test_a_short_secret_is_accepted_with_a_warning_that_never_shows_it(emulator: EmulatorServer) -> None:
    short = "s" * (ADVISED_SECRET_LENGTH - 1)
    engine = engine_for(emulator)
    report = engine.up(one_webhook(secret=short), check=True)

    assert f"the secret has {len(short)} characters" in report.plugin_stderr
    # The advice asks for the length the warning fires below, no more.
    assert f"use at least {ADVISED_SECRET_LENGTH} random characters" in report.plugin_stderr
    assert "secrets.token_urlsafe(32)" in report.plugin_stderr
    assert short not in report.plugin_stderr
    long_enough = engine.preview(one_webhook(secret="s" * ADVISED_SECRET_LENGTH), check=True)
    assert "the secret has" not in long_enough.plugin_stderr


def unknown_program(key: str, value: Any) -> Callable[[], None]:
    """``hook`` with ``key`` (or, for ``"triggers[1]"``, one trigger) computed from a new resource's id:
    unknown during preview, as the SDK marshals it to the engine."""

    def program() -> None:
        source = ProvisioningWebhook("source", **webhook_args(target=OTHER_TARGET))
        later = source.id.apply(lambda _id: value)
        arguments = webhook_args()
        if key == "triggers[1]":
            arguments["triggers"] = [STATUS, later]
        else:
            arguments[key] = later
        ProvisioningWebhook("hook", **arguments)

    return program


def test_unknown_values_at_preview_are_planned_without_a_request(emulator: EmulatorServer) -> None:
    engine = engine_for(emulator)
    engine.up(one_webhook(), check=True)
    fresh = engine_for(emulator)
    emulator.reset_stats()

    for key, value, op in [
        ("target", "https://events.acme-parcel.example/new", "update"),
        ("secret", "unknown-until-up-secret-0000", "update"),
        ("triggers[1]", OPERATORS, "update"),
        ("triggers", [STATUS], "update"),
        ("webhook_id", MISSING_ID, "replace"),
    ]:
        report = engine.preview(unknown_program(key, value), check=True)
        assert report.resource("source").op == "create", key
        assert report.resource("hook").op == op, key
        # A new webhook with the same unknown is simply a create.
        assert fresh.preview(unknown_program(key, value), check=True).resource("hook").op == "create", key

    assert emulator.stats()["api_requests"] == 0
    assert len(stored_by_id(emulator)) == 1


def test_sinch_validation_errors_are_listed_one_a_line() -> None:
    refusal = SinchApiError(
        400,
        "Invalid input.",
        error_code="invalid_input",
        resolution="Correct the validation errors and submit again.",
        additional_information={"validationErrors": ["target must be a URL address", "secret is too weak"]},
        method="POST",
        path="/v1/projects/p/webhooks",
    )

    text = str(WebhookRefusedError(f"create the webhook for {TARGET}", refusal))

    assert text.startswith(f"Sinch refused to create the webhook for {TARGET} (HTTP 400 invalid_input):")
    assert "\n  - target must be a URL address\n  - secret is too weak\n" in text
    assert "Correct the validation errors and submit again." in text
    assert SECRET not in text
