"""How a failure reaches the person running ``pulumi``: one short message; the traceback in a log file.

The dynamic plugin (``python -m pulumi.dynamic``) turns any exception a provider method raises into the
operation's error text, traceback and all: with chained exceptions that can be several kilobytes, and past
8 KB a gRPC client shows only "metadata size exceeds soft limit". So every step of every front end runs
under :func:`reporting`: the exception's message (what failed, Sinch's answer, what to do) is raised again
alone, bounded in length, and the full traceback is appended to a log file whose path the message names.
"""

from __future__ import annotations

import functools
import logging
import logging.handlers
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final, ParamSpec, TypeVar

from sinch_provisioning.errors import SinchError
from sinch_provisioning.version import VERSION

# Longer messages are cut (the log file has the whole text). Room for the longest message users meet: a
# full project's 15 webhooks, one line each. The plugin's whole answer stays far below gRPC's 8 KB.
MAX_MESSAGE_LENGTH: Final = 2500
LOG_FILE_BYTES: Final = 1_000_000

P = ParamSpec("P")
R = TypeVar("R")

_log_lock = threading.Lock()
_logger = logging.getLogger("sinch_rcs_pulumi.failures")


class OperationFailed(Exception):  # noqa: N818 (what the user reads: "OperationFailed: <message>")
    """A provider operation failed; the message is all the user needs, the traceback is in the log."""


def log_path() -> Path:
    """Where tracebacks go: ``$SINCH_RCS_PULUMI_LOG``, else a per-user file in the temp directory."""
    configured = os.environ.get("SINCH_RCS_PULUMI_LOG")
    if configured:
        return Path(configured)
    return (
        Path(tempfile.gettempdir())
        / f"sinch-rcs-pulumi-{os.getuid() if hasattr(os, 'getuid') else 'user'}.log"
    )


@contextmanager
def reporting(operation: str) -> Iterator[None]:
    """Run the body so that any failure reaches the user as one short :class:`OperationFailed`."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - every failure is reported, then raised again
        where = _record(operation, error)
        raise OperationFailed(message_for(error, operation, where)) from None


def reported(operation: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A decorator: the function runs under :func:`reporting` (``operation`` names it in messages)."""

    def decorate(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with reporting(operation):
                return method(*args, **kwargs)

        return run

    return decorate


def message_for(error: BaseException, operation: str, log: Path | None) -> str:
    """The text a user sees for ``error``: its own message for the errors this project raises, a short
    "this is a bug" note for anything else; cut to ``MAX_MESSAGE_LENGTH``; the version and the log."""
    if _is_ours(error):
        text = str(error).strip() or type(error).__name__
    else:
        text = (
            f"{operation} failed unexpectedly ({type(error).__name__}: {error}). This is a bug in "
            "sinch-rcs-pulumi: please report it with the traceback from the log below."
        )
    if len(text) > MAX_MESSAGE_LENGTH:
        text = text[: MAX_MESSAGE_LENGTH - 3].rstrip() + "..."
    details = f"; traceback in {log}" if log is not None else ""
    return f"{text}\n(sinch-rcs-pulumi {VERSION}{details})"


def _is_ours(error: BaseException) -> bool:
    """Errors written for the user: the client's, the provider's own (``ValueError``s included), settings."""
    return isinstance(error, SinchError | ValueError | TimeoutError) or type(error).__module__.startswith(
        ("provider.", "schemas.", "sinch_provisioning.", "sinch_conversation.")
    )


def _record(operation: str, error: BaseException) -> Path | None:
    """Append the traceback to the log file; its path, or None when it cannot be written."""
    path = log_path()
    with _log_lock:
        try:
            if not _logger.handlers:
                handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_FILE_BYTES, backupCount=1)
                handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(message)s"))
                _logger.addHandler(handler)
                _logger.propagate = False
                _logger.setLevel(logging.ERROR)
            _logger.error("%s failed (sinch-rcs-pulumi %s)", operation, VERSION, exc_info=error)
        except OSError:
            return None
    return path
