"""``python -m emulator``: run the local Sinch Provisioning API (RCS, webhooks) and Conversation API (apps,
app webhooks) until SIGTERM or SIGINT.

The first line on stdout is the Provisioning API's base URL (e.g. ``http://127.0.0.1:43121``), the second
the Conversation API's base URL template (``http://127.0.0.1:43121/conversation/{region}``); one line per
request goes to stderr (method, path, status, time; never headers or bodies), and one per webhook delivery
attempt.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence

try:
    from emulator.faults import DEFAULT_FAULT_KINDS, FAULT_KINDS, comma_list
    from emulator.server import EmulatorServer
    from emulator.store import StateFileError
except ModuleNotFoundError as missing:  # sinch-rcs-pulumi installed without its `emulator` extra
    if not missing.name or missing.name.partition(".")[0] == "emulator":
        raise
    sys.exit(
        f"python -m emulator needs its own dependencies ({missing.name} is not installed): "
        "pip install 'sinch-rcs-pulumi[emulator]'"
    )


def _key(text: str) -> tuple[str, str]:
    key_id, sep, secret = text.partition(":")
    if not sep or not key_id or not secret:
        raise argparse.ArgumentTypeError("expected KEY_ID:KEY_SECRET")
    return key_id, secret


def _kinds(text: str) -> list[str]:
    kinds = comma_list(text)
    if not kinds or any(kind not in FAULT_KINDS for kind in kinds):
        raise argparse.ArgumentTypeError(f"use a comma-separated list of {', '.join(FAULT_KINDS)}")
    return kinds


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m emulator",
        description="A local emulator of the Sinch Provisioning API (RCS and webhooks) and Conversation API "
        "(apps and app webhooks), judged by spec/.",
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    add("--port", type=int, default=0, help="port (default 0: any free port)")
    add("--state", metavar="FILE", help="keep all state in this JSON file (default: in memory)")
    add("--latency-ms", type=float, default=0.0, help="wait this long before each API request")
    add("--key", action="append", type=_key, metavar="KEY_ID:KEY_SECRET", help="accept only this access key")
    add("--token-ttl", type=float, default=3600.0, help="OAuth token lifetime in seconds")
    add("--provisioning-delay", type=float, default=0.0, help="seconds from create to IN_TEST")
    add("--launch-delay", type=float, default=0.0, help="seconds from launch to LAUNCHED")
    add("--channel-delay", type=float, default=0.0, help="seconds an app's RCS credential stays PENDING")
    add(
        "--conversation-mask-secrets",
        action="store_true",
        help="Conversation API answers give empty strings for the secrets they hold",
    )
    add("--validate-responses", action="store_true", help="judge every answer and event by the spec too")
    add("--fault-rate", type=float, default=0.0, help="fraction of API requests to fail (0..1)")
    add("--fault-kinds", type=_kinds, default=list(DEFAULT_FAULT_KINDS), help=",".join(FAULT_KINDS))
    add("--fault-seed", type=int, default=None, help="seed for choosing which requests fail")
    add("--fault-operations", type=comma_list, help="only these operations (e.g. createSender)")
    add("--fault-methods", type=comma_list, help="only these HTTP methods")
    add("--fault-retry-after", help="Retry-After for injected 429/503")
    add("--fault-token-endpoint", action="store_true", help="let faults hit /oauth2/token too")
    add("--webhook-attempts", type=int, default=4, help="tries per webhook event (default 4)")
    add("--webhook-retry-delay", type=float, default=0.5, help="seconds to the first retry, doubling")
    add("--webhook-timeout", type=float, default=5.0, help="seconds to wait for a webhook's answer")
    add("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    if not 0.0 <= args.fault_rate <= 1.0:
        parser.error("--fault-rate must lie in 0..1")
    if args.channel_delay < 0:
        parser.error("--channel-delay must be 0 or more")
    if args.webhook_attempts < 1 or args.webhook_retry_delay < 0 or args.webhook_timeout <= 0:
        parser.error(
            "--webhook-attempts must be 1 or more, --webhook-retry-delay 0 or more, --webhook-timeout > 0"
        )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(message)s",
    )
    try:
        server = EmulatorServer(
            args.host,
            args.port,
            state_file=args.state,
            latency_ms=args.latency_ms,
            keys=dict(args.key) if args.key else None,
            token_ttl=args.token_ttl,
            provisioning_delay=args.provisioning_delay,
            launch_delay=args.launch_delay,
            channel_delay=args.channel_delay,
            mask_conversation_secrets=args.conversation_mask_secrets,
            validate_responses=args.validate_responses,
            webhook_attempts=args.webhook_attempts,
            webhook_retry_delay=args.webhook_retry_delay,
            webhook_timeout=args.webhook_timeout,
        )
    except StateFileError as error:
        print(f"emulator: {error}", file=sys.stderr)
        return 2
    if args.fault_rate > 0:
        server.faults.set(
            args.fault_rate,
            args.fault_kinds,
            seed=args.fault_seed,
            operations=args.fault_operations,
            methods=args.fault_methods,
            token_endpoint=args.fault_token_endpoint,
            retry_after=args.fault_retry_after,
        )
    # Block SIGTERM/SIGINT before any thread starts (threads inherit the mask) and wait for them with
    # sigwait: no Python signal handler runs, so none can deadlock on a lock the main thread holds.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    try:
        server.start()
    except OSError as error:
        print(f"emulator: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    print(server.url, flush=True)
    print(server.conversation_url, flush=True)
    try:
        signal.sigwait(stop_signals)
    finally:
        server.stop()
    logging.getLogger("emulator").info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
