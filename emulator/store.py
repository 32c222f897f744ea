"""All emulator state (every project's senders, account activity and webhooks, and its Conversation API apps
and app webhooks), its lock, and its state file.

One lock guards everything: handlers work inside ``Store.session()``. With a state file, the whole state is
written after every session that changed something: to a temporary file in the same folder, flushed and
fsynced, then ``os.replace``d over the old file (and the folder fsynced), so a crash leaves either the old or
the new state, never half a file. The file is read once at start; temporary files a killed emulator left
beside it are removed then.

Webhook events published during a session are handed to ``on_events`` once the session is over (the lock
released, the state written), so that nothing is announced that a crash could take back.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emulator.apps import App, AppWebhook
from emulator.events import Event, Subscriber
from emulator.senders import Activity, Sender
from emulator.webhooks import Webhook

STATE_FORMAT = "sinch-rcs-emulator-state"
STATE_VERSION = 3
READABLE_VERSIONS = (2, 3)  # version 2 had no Conversation API apps


class StateFileError(Exception):
    """The state file exists but cannot be used."""


@dataclass
class Project:
    """One project: its RCS senders (in creation order), the RCS account's activity log, its webhooks, and
    its Conversation API apps (every region's) and their webhooks, in creation order."""

    senders: dict[str, Sender] = field(default_factory=dict)
    activities: list[Activity] = field(default_factory=list)
    webhooks: dict[str, Webhook] = field(default_factory=dict)
    apps: dict[str, App] = field(default_factory=dict)
    app_webhooks: dict[str, AppWebhook] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "senders": [sender.to_json() for sender in self.senders.values()],
            "activities": [vars(activity) for activity in self.activities],
            "webhooks": [vars(webhook) for webhook in self.webhooks.values()],
            "apps": [app.to_json() for app in self.apps.values()],
            "appWebhooks": [hook.to_json() for hook in self.app_webhooks.values()],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Project:
        senders = [Sender.from_json(item) for item in data["senders"]]
        webhooks = [Webhook(**item) for item in data["webhooks"]]
        apps = [App.from_json(item) for item in data.get("apps", [])]
        app_webhooks = [AppWebhook.from_json(item) for item in data.get("appWebhooks", [])]
        return cls(
            {sender.id: sender for sender in senders},
            [Activity(**item) for item in data["activities"]],
            {webhook.id: webhook for webhook in webhooks},
            {app.id: app for app in apps},
            {hook.id: hook for hook in app_webhooks},
        )


class Session:
    """Access to the state while the store lock is held. Call ``changed()`` after changing anything."""

    def __init__(self, projects: dict[str, Project]) -> None:
        self._projects = projects
        self.dirty = False
        self.events: list[Event] = []

    def project(self, project_id: str) -> Project:
        project = self._projects.get(project_id)
        if project is None:
            project = self._projects[project_id] = Project()
        return project

    def projects(self) -> list[Project]:
        return list(self._projects.values())

    def changed(self) -> None:
        self.dirty = True

    def publish(self, project_id: str, event_type: str, body: Callable[[], dict[str, Any]]) -> None:
        """Announce an event to the project's webhooks that listen to it; ``body()`` is only made (now, while
        the state is as the event describes it) if one does."""
        webhooks = self.project(project_id).webhooks.values()
        subscribers = tuple(
            Subscriber(hook.id, hook.target, hook.secret) for hook in webhooks if hook.listens_to(event_type)
        )
        if subscribers:
            raw = json.dumps(body(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            self.events.append(Event(event_type, project_id, raw, subscribers))

    def clear(self) -> None:
        self._projects.clear()
        self.dirty = True


class Store:
    def __init__(
        self, state_file: Path | None = None, on_events: Callable[[Sequence[Event]], object] | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._projects: dict[str, Project] = {}
        self._on_events = on_events
        self.state_file = state_file
        self.next_due: float | None = None
        if state_file is not None:
            _remove_stale_temporary_files(state_file)
            if state_file.exists():
                self._projects = _load(state_file)
                self._update_next_due()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        with self._lock:
            session = Session(self._projects)
            try:
                yield session
            finally:
                if session.dirty:
                    self._update_next_due()
                    if self.state_file is not None:
                        _write_atomically(self.state_file, self._snapshot())
        if session.events and self._on_events is not None:
            self._on_events(session.events)

    def is_due(self, now: float) -> bool:
        """Whether a timed change of some sender, or the verdict on some app credential, is due (read without
        the lock: a float, at worst stale)."""
        due = self.next_due
        return due is not None and due <= now

    def _update_next_due(self) -> None:
        dues = [
            sender.next_due() for project in self._projects.values() for sender in project.senders.values()
        ]
        dues += [app.next_due() for project in self._projects.values() for app in project.apps.values()]
        self.next_due = min((due for due in dues if due is not None), default=None)

    def _snapshot(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "projects": {project_id: project.to_json() for project_id, project in self._projects.items()},
        }


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_stale_temporary_files(path: Path) -> None:
    """Temporary files of an emulator that was killed while writing ``path`` (never used again)."""
    if path.parent.is_dir():
        for stale in path.parent.glob(f"{_temporary_prefix(path)}*.tmp"):
            stale.unlink(missing_ok=True)


def _load(path: Path) -> dict[str, Project]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StateFileError(f"cannot read the emulator state file {path}: {error}") from error
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        raise StateFileError(f'{path} is not an emulator state file (no "format": "{STATE_FORMAT}")')
    if data.get("version") not in READABLE_VERSIONS:
        raise StateFileError(
            f"{path} has state format version {data.get('version')}, expected one of "
            f"{', '.join(map(str, READABLE_VERSIONS))}"
        )
    try:
        return {project_id: Project.from_json(item) for project_id, item in data["projects"].items()}
    except (KeyError, TypeError, ValueError) as error:
        raise StateFileError(f"{path} is damaged: {error!r}") from error


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=".tmp", dir=directory)
    replaced = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        replaced = True
    finally:
        if not replaced:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
    directory_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(directory_fd)
    finally:
        os.close(directory_fd)
