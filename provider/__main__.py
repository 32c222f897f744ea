"""Command line: ``python -m provider import SENDER_ID``, ``python -m provider lookup`` and
``python -m provider webhooks``.

Settings come from the ``SINCH_*`` environment variables (the same ones the provider falls back to):
``SINCH_PROJECT_ID``, ``SINCH_KEY_ID``, ``SINCH_KEY_SECRET``, and optionally ``SINCH_AUTH_METHOD``,
``SINCH_PROVISIONING_URL``, ``SINCH_AUTH_URL``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from provider.rcs_senders.importer import import_sender
from provider.rcs_senders.lookup import lookup_senders
from provider.settings import ProviderSettings, SettingsError
from sinch_provisioning.connection import Connection
from sinch_provisioning.errors import SinchError
from sinch_provisioning.rcs_senders import SinchRcsClient
from sinch_provisioning.version import VERSION
from sinch_provisioning.webhooks import WebhooksClient, trigger_names


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m provider", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"sinch-rcs-pulumi {VERSION}")
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="print an RcsSender declaration that adopts a sender")
    importing.add_argument("sender_id")
    importing.add_argument("--name", help="the Pulumi resource name (default: from the brand name)")
    looking = commands.add_parser("lookup", help="list the project's senders (id, state, name)")
    looking.add_argument("--search", help="part of the sender name, case-insensitive")
    looking.add_argument("--state", action="append", dest="states", help="keep senders in this state")
    commands.add_parser("webhooks", help="list the project's webhooks (id, target, triggers; at most 15)")
    args = parser.parse_args(argv)

    try:
        connection = ProviderSettings.resolve({}).connect()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        with connection:
            _run(args, connection)
    except SinchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _run(args: argparse.Namespace, connection: Connection) -> None:
    if args.command == "webhooks":
        for webhook in WebhooksClient(connection).list_webhooks():
            print(f"{webhook['id']}  {webhook.get('target', '')}  {','.join(trigger_names(webhook))}")
        return
    client = SinchRcsClient(connection)
    if args.command == "import":
        print(import_sender(client, args.sender_id, resource_name=args.name), end="")
    else:
        for sender in lookup_senders(args.search, args.states, client=client):
            print(f"{sender.id}  {sender.state or '-':<12}  {sender.name or ''}")


if __name__ == "__main__":
    sys.exit(main())
