"""Every docs table that restates what the code defines agrees with the code, row for row, both ways.

The tables are written by hand (their prose columns say what no code says), and these tests parse them
and compare their key columns with the definitions: RcsSender's arguments and outputs
(provider/rcs_senders/properties.py, resource.py, args.py), the brand fields, the settings
(provider/settings.py), the example program's settings (__main__.py, Pulumi.dev.yaml), the repository
layout (docs/development.md and ARCHITECTURE.md), the Sinch error codes of the troubleshooting table
(spec/), ProvisioningWebhook's arguments and outputs (docs/webhooks.md), ConversationWebhook's
(docs/conversation-webhook.md), ConversationApp's arguments, settings, channel credentials and outputs
(docs/conversation-app.md) and the emulator's options
(emulator/README.md). A row for something that no longer exists fails,
and so does something new without a row.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import shutil
import subprocess
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from emulator.__main__ import parse_args
from provider import (
    ClientCredentialsArgs,
    ConversationApp,
    ConversationWebhook,
    ProvisioningWebhook,
    RcsSender,
)
from provider.conversation_apps import args as app_args
from provider.conversation_apps.properties import REPLACE_ON_CHANGE as APP_REPLACE_ON_CHANGE
from provider.conversation_apps.properties import TABLE as APP_TABLE
from provider.conversation_webhooks.properties import REPLACE_ON_CHANGE as APP_WEBHOOK_REPLACES
from provider.conversation_webhooks.properties import TABLE as APP_WEBHOOK_TABLE
from provider.core.properties import PropertyTable
from provider.rcs_senders import args
from provider.rcs_senders.properties import REPLACE_ON_CHANGE, TABLE
from provider.settings import ALL_SETTINGS, ProviderSettings
from provider.webhooks.properties import TABLE as WEBHOOK_TABLE
from schemas.conversation_apps.constants import CHANNEL_KINDS, DEFAULT_CHANNEL_TIMEOUT, MAX_CHANNEL_TIMEOUT
from schemas.rcs_senders.constants import (
    BILLING_CATEGORIES,
    DEPRECATED_BILLING_CATEGORIES,
    LAUNCH_COUNTRIES,
    REGIONS,
    SECTIONS,
    USE_CASES,
)
from tests.docs.markdown import (
    ARCHITECTURE,
    DOCS,
    REPO_ROOT,
    blocks,
    code_spans,
    section,
    shown,
    table,
    user_docs,
)

RCS_SENDER = DOCS / "rcs-sender.md"
WEBHOOKS = DOCS / "webhooks.md"
CONVERSATION_APP = DOCS / "conversation-app.md"
CONVERSATION_WEBHOOK = DOCS / "conversation-webhook.md"
CONFIGURATION = DOCS / "configuration.md"
DEVELOPMENT = DOCS / "development.md"
TROUBLESHOOTING = DOCS / "troubleshooting.md"


def named_rows(rows: list[dict[str, str]], column: str) -> dict[str, dict[str, str]]:
    """Rows keyed by the first code span of `column` (the name the row is about)."""
    return {code_spans(row[column])[0]: row for row in rows}


def state_name(cell: str) -> str | None:
    """`python` (`state`) -> state; a cell without the state name -> None."""
    spans = code_spans(cell)
    return spans[1] if len(spans) > 1 else None


def quoted_values(cell: str) -> list[str]:
    return [span.strip('"') for span in code_spans(cell) if span.startswith('"')]


# --- RcsSender -----------------------------------------------------------------------------------------


def arguments() -> dict[str, dict[str, str]]:
    return named_rows(table(section(RCS_SENDER, "Arguments")), "Argument (state name)")


def test_the_arguments_table_has_one_row_per_parameter_with_its_state_name() -> None:
    rows = arguments()
    parameters = [name for name in inspect.signature(RcsSender.__init__).parameters if name != "self"]

    assert list(rows) == parameters
    documented = {state_name(row["Argument (state name)"]): python for python, row in rows.items()}
    documented.pop(None)  # resource_name and opts have no state name
    assert documented == TABLE.inputs


def test_the_arguments_that_replace_the_sender_are_the_ones_the_provider_replaces_on() -> None:
    rows = [row for row in arguments().values() if "**replaces**" in row["A change..."]]
    replacing = {state_name(row["Argument (state name)"]) for row in rows}
    assert replacing == set(REPLACE_ON_CHANGE)


def test_the_enumerations_are_the_specs() -> None:
    rows = arguments()
    billing = rows["billing_category"]

    assert quoted_values(rows["region"]["Type"]) == list(REGIONS) == list(typing.get_args(args.Region))
    assert quoted_values(rows["use_case"]["Type"]) == list(USE_CASES) == list(typing.get_args(args.UseCase))
    current = quoted_values(billing["Type"])
    deprecated = [span for span in code_spans(billing["Rules"]) if span in DEPRECATED_BILLING_CATEGORIES]
    assert set(deprecated) == set(DEPRECATED_BILLING_CATEGORIES)
    assert set(current) == set(BILLING_CATEGORIES) - set(DEPRECATED_BILLING_CATEGORIES)
    assert set(typing.get_args(args.BillingCategory)) == set(BILLING_CATEGORIES)
    [countries] = [span.split() for span in code_spans(rows["countries"]["Rules"]) if " " in span]
    assert countries == list(LAUNCH_COUNTRIES) == list(typing.get_args(args.LaunchCountry))
    assert f"the {len(LAUNCH_COUNTRIES)} launch countries" in rows["countries"]["Rules"]
    default = inspect.signature(RcsSender.__init__).parameters["launch"].default
    assert f"default `{default}`" in rows["launch"]["Type"]


def test_the_brand_table_has_every_field_of_brand_args() -> None:
    text = section(RCS_SENDER, "Arguments")
    brand = text[text.index("**`brand`**") :]
    fields = [span for row in table(brand) for span in code_spans(row["Field"])]

    assert sorted(fields) == sorted(args.BrandArgs.__required_keys__ | args.BrandArgs.__optional_keys__)


def test_the_questionnaire_paragraph_names_only_real_sections_and_answers() -> None:
    text = section(RCS_SENDER, "Arguments")
    paragraph = text[text.index("**`questionnaire`**") :].split("\n\n")[0]
    answers: set[str] = set()
    for name in dir(args):
        shape = getattr(args, name)
        if name.endswith("AnswersArgs") or name == "VerificationPartnerArgs":
            answers |= set(shape.__annotations__)
    named = {span for span in code_spans(paragraph) if re.fullmatch(r"[a-z][A-Za-z]*", span)}
    named -= {"questionnaire", "answers"}

    assert {span for span in named if span in SECTIONS} == set(SECTIONS)
    assert named - set(SECTIONS) <= answers


def test_the_outputs_table_has_every_output_and_marks_the_secret_ones() -> None:
    rows = named_rows(table(section(RCS_SENDER, "Outputs")), "Attribute (state name)")
    documented = {state_name(row["Attribute (state name)"]): python for python, row in rows.items()}

    assert documented.pop(None) == "id"
    assert documented == TABLE.outputs
    secret = {
        state_name(row["Attribute (state name)"]) for row in rows.values() if "**secret**" in row["Meaning"]
    }
    assert secret == set(TABLE.secrets)
    assert set(TABLE.outputs.values()) <= set(RcsSender.__annotations__)  # the typed attributes


# --- ProvisioningWebhook (docs/webhooks.md) ---------------------------------------------------------


def test_the_webhook_arguments_table_has_one_row_per_parameter() -> None:
    rows = table(section(WEBHOOKS, "Arguments"))
    parameters = list(inspect.signature(ProvisioningWebhook.__init__).parameters)

    assert [code_spans(row["Argument"])[0] for row in rows] == parameters[2:]  # after self, resource_name
    assert set(parameters[2:-1]) == set(WEBHOOK_TABLE.inputs.values())


def webhook_outputs(page: Path) -> tuple[dict[str, str | None], set[str]]:
    """A webhook page's outputs table (Attribute | State name | ...): {Python name: state name (None for
    `id`)}, and the state names of the rows that say they are secret."""
    documented: dict[str, str | None] = {}
    secret: set[str] = set()
    for row in table(section(page, "Outputs")):
        pythons = code_spans(row["Attribute"])
        states: list[str | None] = [*code_spans(row["State name"])] or [None] * len(pythons)
        documented |= dict(zip(pythons, states, strict=True))
        if row[""].startswith("Secret"):
            secret |= {state for state in states if state}
    return documented, secret


@pytest.mark.parametrize(
    ("page", "properties"),
    [(WEBHOOKS, WEBHOOK_TABLE), (CONVERSATION_WEBHOOK, APP_WEBHOOK_TABLE)],
    ids=["webhooks.md", "conversation-webhook.md"],
)
def test_a_webhook_outputs_table_has_every_output_with_its_state_name_and_the_secrets(
    page: Path, properties: PropertyTable
) -> None:
    documented, secret = webhook_outputs(page)

    assert documented.pop("id") is None
    assert {state: python for python, state in documented.items()} == properties.state_to_python
    assert secret == set(properties.secrets)


# --- ConversationWebhook (docs/conversation-webhook.md) -------------------------------------------------


def test_the_app_webhook_arguments_table_has_one_row_per_parameter_in_order() -> None:
    rows = table(section(CONVERSATION_WEBHOOK, "Arguments"))
    parameters = list(inspect.signature(ConversationWebhook.__init__).parameters)

    assert [code_spans(row["Argument"])[0] for row in rows] == parameters[2:]  # after self, resource_name
    assert set(APP_WEBHOOK_TABLE.inputs.values()) <= set(parameters)
    replacing = {code_spans(row["Argument"])[0] for row in rows if "**replaces**" in row[""]}
    assert replacing == {"app"} | {APP_WEBHOOK_TABLE.inputs[name] for name in APP_WEBHOOK_REPLACES}


def test_the_client_credentials_table_has_every_field_and_says_which_are_required() -> None:
    text = section(CONVERSATION_WEBHOOK, "Arguments")
    rows = table(text[text.index("**`client_credentials`**") :])
    fields = {code_spans(row["Field"])[0]: row for row in rows}
    args = ClientCredentialsArgs

    assert set(fields) == args.__required_keys__ | args.__optional_keys__
    assert {name for name, row in fields.items() if row[""].startswith("Required")} == args.__required_keys__


# --- ConversationApp (docs/conversation-app.md) -------------------------------------------------------


def app_arguments() -> dict[str, dict[str, str]]:
    return named_rows(table(section(CONVERSATION_APP, "Arguments")), "Argument (state name)")


def state_names(cell: str) -> list[str]:
    """`python` (`stateA`, `stateB`) -> [stateA, stateB]."""
    return code_spans(cell)[1:]


def test_the_app_arguments_table_has_one_row_per_parameter_with_its_state_names() -> None:
    rows = app_arguments()
    parameters = [name for name in inspect.signature(ConversationApp.__init__).parameters if name != "self"]

    assert list(rows) == parameters
    documented = {
        state: python for python, row in rows.items() for state in state_names(row["Argument (state name)"])
    }
    assert set(documented) == set(APP_TABLE.inputs)
    for state, python in documented.items():
        assert python == ("rcs_sender" if state.startswith("rcs") else APP_TABLE.inputs[state]), state


def test_the_app_arguments_marked_secret_and_replacing_are_the_providers() -> None:
    secret: set[str] = set()
    replacing: set[str] = set()
    for row in app_arguments().values():
        states = state_names(row["Argument (state name)"])
        if "**secret**" in row["Rules"]:
            # A row of several state names says which of them are secret (they are named in its rules).
            secret |= set(states) if len(states) == 1 else set(states) & set(code_spans(row["Rules"]))
        if "**replaces**" in row["A change..."]:
            replacing |= set(states)

    assert secret == set(APP_TABLE.secrets)
    assert replacing == set(APP_REPLACE_ON_CHANGE)
    rows = app_arguments()
    assert quoted_values(rows["region"]["Type"]) == list(typing.get_args(app_args.Region))
    assert quoted_values(rows["processing_mode"]["Type"]) == list(typing.get_args(app_args.ProcessingMode))
    assert quoted_values(rows["conversation_metadata_report_view"]["Type"]) == list(
        typing.get_args(app_args.MetadataReportView)
    )
    timeout = rows["channel_timeout"]["Type"]
    assert f"at most {MAX_CHANNEL_TIMEOUT}" in timeout
    assert f"default {DEFAULT_CHANNEL_TIMEOUT}" in timeout


def test_the_settings_table_names_each_settings_fields() -> None:
    rows = named_rows(table(section(CONVERSATION_APP, "Settings")), "Setting")
    shapes = {
        "retention_policy": app_args.RetentionPolicyArgs,
        "dispatch_retention_policy": app_args.DispatchRetentionPolicyArgs,
        "callback_settings": app_args.CallbackSettingsArgs,
        "delivery_report_based_fallback": app_args.DeliveryReportBasedFallbackArgs,
        "message_retry_settings": app_args.MessageRetrySettingsArgs,
        "smart_conversation": app_args.SmartConversationArgs,
    }

    assert set(rows) == set(shapes)
    for setting, shape in shapes.items():
        fields = {span for span in code_spans(rows[setting]["Fields"]) if span in shape.__annotations__}
        assert fields == set(shape.__annotations__), setting


def test_the_channel_credentials_table_is_the_kind_each_channel_takes() -> None:
    documented: dict[str, list[str]] = {}
    for row in table(section(CONVERSATION_APP, "Channel credentials")):
        kinds = [
            span
            for span in code_spans(row["Credential kind (fields)"])
            if span in app_args.ChannelCredentialArgs.__annotations__
        ]
        for channel in code_spans(row["Channel"]):
            documented[channel] = kinds

    assert documented == {
        channel: list(kinds) for channel, kinds in CHANNEL_KINDS.items() if channel != "RCS"
    }
    assert set(documented) == set(typing.get_args(app_args.Channel))


def test_the_app_outputs_table_has_every_output() -> None:
    rows = named_rows(table(section(CONVERSATION_APP, "Outputs")), "Attribute (state name)")
    documented = {state_name(row["Attribute (state name)"]): python for python, row in rows.items()}

    assert documented.pop(None) == "id"
    assert documented == APP_TABLE.outputs
    assert not any("**secret**" in row["Meaning"] for row in rows.values())  # its secrets are inputs
    assert set(APP_TABLE.outputs.values()) <= set(ConversationApp.__annotations__)


# --- settings ------------------------------------------------------------------------------------------


def test_the_settings_table_has_every_setting_with_its_variable_and_default() -> None:
    rows = named_rows(table(section(CONFIGURATION, "Settings")), "Stack config key")
    required = {setting.config_key: "" for setting in ALL_SETTINGS if setting.required}
    defaults = ProviderSettings.resolve(dict.fromkeys(required, "x"), {})

    assert list(rows) == [setting.config_key for setting in ALL_SETTINGS]
    for setting in ALL_SETTINGS:
        row = rows[setting.config_key]
        assert code_spans(row["Environment variable"]) == [setting.env_var]
        if setting.required:
            assert row["Default"] == "required"
        else:
            attribute = re.sub(r"(?<!^)([A-Z])", r"_\1", setting.config_key.partition(":")[2]).lower()
            assert code_spans(row["Default"]) == [getattr(defaults, attribute)], setting.config_key
        assert ("--secret" in row["Meaning"]) is setting.secret, setting.config_key


# --- the example program -------------------------------------------------------------------------------


def program_settings() -> dict[str, Any]:
    """The settings __main__.py reads from its project's config (`config.get("x")`, `require_secret`...),
    each with the default it falls back to (`config.get("x") or default`), else `NO_DEFAULT`."""
    tree = ast.parse((REPO_ROOT / "__main__.py").read_text(encoding="utf-8"))
    found: dict[str, Any] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "config"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.setdefault(node.args[0].value, NO_DEFAULT)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2):
            continue
        call, default = node.values
        if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant):
            key = call.args[0].value
            if isinstance(key, str) and key in found:
                found[key] = ast.literal_eval(default)
    return found


NO_DEFAULT = object()


def shown_default(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value in ([], None):
        return "none"
    return f"`{value}`"


def test_the_example_programs_settings_table_is_what_main_py_reads() -> None:
    project = yaml.safe_load((REPO_ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))["name"]
    rows = named_rows(table(section(DEVELOPMENT, "The dev stack by hand")), "Key")
    read = program_settings()

    assert {"brandName", "testNumbers", "launch", "protect"} <= set(read)
    assert set(rows) == {f"{project}:{key}" for key in read}
    for key, default in read.items():
        if default is not NO_DEFAULT:
            assert rows[f"{project}:{key}"]["Default"] == shown_default(default), key
    stack = yaml.safe_load((REPO_ROOT / "Pulumi.dev.yaml").read_text(encoding="utf-8"))["config"]
    assert {key for key in stack if key.startswith(f"{project}:")} <= set(rows)


# --- layout --------------------------------------------------------------------------------------------


def top_level_entries() -> set[str]:
    """The top-level files and folders of the repository (what git tracks, else what is on disk)."""
    git = shutil.which("git")
    if git and (REPO_ROOT / ".git").exists():
        listed = subprocess.run(
            [git, "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        names = {name.split("/")[0] for name in listed}
    else:
        names = {path.name for path in REPO_ROOT.iterdir() if path.name not in {".venv", ".demo", ".git"}}
    return names - {".gitignore", ".git", ".venv", ".demo"}


def test_the_layout_table_names_every_top_level_entry_and_only_existing_paths() -> None:
    rows = table(section(DEVELOPMENT, "Layout"))
    paths = [span for row in rows for span in code_spans(row["Path"])]

    for path in paths:
        assert (REPO_ROOT / path).exists(), path
    assert top_level_entries() <= {path.strip("/").split("/")[0] for path in paths}


def architecture_tree() -> list[str]:
    [tree] = [block for block in blocks(ARCHITECTURE) if block.language == ""][:1]
    return tree.code.splitlines()


def test_architecture_names_every_top_level_entry_and_only_files_that_exist() -> None:
    parents: list[tuple[int, Path]] = []
    named_top: set[str] = set()
    for line in architecture_tree():
        indent = len(line) - len(line.lstrip())
        names = re.split(r"\s{2,}", line.strip())[0]
        parents = [(level, path) for level, path in parents if level < indent]
        base = parents[-1][1] if parents else REPO_ROOT
        for name in names.replace(",", " ").split():
            if name == "...":
                continue
            path = base / name
            assert path.exists(), f"ARCHITECTURE.md names {path.relative_to(REPO_ROOT)}"
            if not parents:
                named_top.add(name.strip("/"))
            if name.endswith("/"):
                parents.append((indent, path))
    assert top_level_entries() - {"Makefile", ".ci", "README.md", "ARCHITECTURE.md", "pyproject.toml"} - {
        "requirements.txt", "requirements-dev.txt", "Pulumi.dev.yaml"
    } <= named_top  # fmt: skip


# --- troubleshooting -----------------------------------------------------------------------------------

SINCH_CODES_COVERED = [
    "rbm_has_not_been_used",
    "launch_precondition_failed",
    "rbm_too_many_requests",
    "fields_not_updatable",
    "launch_invalid_agent_state",
    "unauthorized_error",
    "project_not_found",
    "sender_not_found",
    "add_test_number_not_allowed_before_launch",
    "blocked_because_the_recipient_declined",
    "file_has_wrong_dimensions",
]


def troubleshooting_codes() -> set[str]:
    """The Sinch error codes of the table: in the rows that show an HTTP status (`412 launch_...`), each
    code span's snake_case words (`409 launch_invalid_agent_state` / `launch_invalid_verification_state`)."""
    codes: set[str] = set()
    for row in table(TROUBLESHOOTING.read_text(encoding="utf-8")):
        spans = code_spans(row["You see"])
        if any(re.match(r"\d{3} [a-z]", span) for span in spans):
            for span in spans:
                codes |= set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", span))
    return codes


@pytest.mark.parametrize("code", SINCH_CODES_COVERED)
def test_the_troubleshooting_table_covers_the_sinch_error(code: str) -> None:
    assert code in troubleshooting_codes()


def test_every_sinch_error_code_in_the_troubleshooting_table_is_one_the_spec_defines() -> None:
    spec = (REPO_ROOT / "spec" / "rcs-provisioning.openapi.yaml").read_text(encoding="utf-8")
    unknown = {code for code in troubleshooting_codes() if code not in spec}
    assert unknown == set()


def test_paths_shown_in_the_docs_tables_exist() -> None:
    """Guards the tables that name files (the performance page names bench/results.json, for one)."""
    for page in sorted(DOCS.glob("*.md")):
        for span in code_spans(page.read_text(encoding="utf-8")):
            if re.fullmatch(r"[\w.-]+/[\w./-]*\.(py|json|yaml|md|txt)", span):
                assert (REPO_ROOT / span).exists() or Path(span).parts[0] in {"emulator", "provider"}, (
                    f"{page.name}: {span}"
                )


# --- the emulator's options (emulator/README.md, which docs/testing.md sends users to) -------------------


def test_the_emulator_options_table_is_what_python_m_emulator_accepts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    accepted = set(re.findall(r"--[a-z][a-z-]+", capsys.readouterr().out)) - {"--help"}
    readme = REPO_ROOT / "emulator" / "README.md"
    rows = table(readme.read_text(encoding="utf-8"))
    documented = {option for row in rows for option in re.findall(r"--[a-z][a-z-]+", row["Option"])}

    assert documented == accepted


# --- the performance table (docs/performance.md), generated from bench/results.json ----------------------


def test_the_performance_table_is_the_one_python_m_bench_wrote() -> None:
    """The table between the markers is ``python -m bench --markdown`` of the run in bench/results.json."""
    from bench.results import Measurement, render_markdown

    document = json.loads((REPO_ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    measurements = [Measurement(**result) for result in document["results"]]
    page = (DOCS / "performance.md").read_text(encoding="utf-8")
    begin, end = "<!-- table: python -m bench --markdown -->\n", "\n<!-- end of table -->"
    generated = page[page.index(begin) + len(begin) : page.index(end)]

    assert document["mode"] == "full"
    assert generated == render_markdown(measurements, document["machine"], document["started"])


# --- every page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [*user_docs(), ARCHITECTURE], ids=shown)
def test_no_page_prints_a_table_twice(page: Path) -> None:
    """A table is written once; a second copy goes stale (docs/development.md once had its settings twice)."""
    tables: list[str] = []
    current: list[str] = []
    for line in [*page.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append("\n".join(current))
            current = []
    repeated = {text.splitlines()[0] for text in tables if tables.count(text) > 1}
    assert not repeated, f"{shown(page)} prints these tables more than once: {sorted(repeated)}"
