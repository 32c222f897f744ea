"""``ConversationClient``: the base of the Conversation API's resource clients, and what they share.

Each resource (apps, app webhooks) is a :class:`Collection`: its path segment, the name its operations
carry (``create_app``, ``get_app_webhook``, ...) and the :class:`~sinch_provisioning.shapes.Shape` every
answer must fit. The five operations are written once here, for every collection:

- list: ``GET`` one answer holding the list (the API has no pagination for apps or webhooks; an answer
  without the list is an empty one, as proto3 JSON leaves empty lists out);
- create: ``POST`` (200), ``Replay.UNSAFE``: never repeated once it may have reached the server, so a
  broken connection, a read timeout or a 5xx after sending raise ``OutcomeUnknownError`` (with
  ``sent_at``) for the caller to find what it made;
- get; update: ``PATCH ?update_mask=a,b`` (the named top-level fields are replaced whole, the others kept:
  sending the same body again changes nothing, so it is retried like a GET); delete: ``DELETE`` (200
  ``{}``).

The secrets a body carries (channel credentials' tokens, webhook and callback secrets, OAuth2 client
secrets: :data:`SECRET_FIELDS`, at any depth) are registered with the connection before the request is
sent (``Connection.send(secrets=...)``), so that no error text, however much of the body a server echoes,
can hold one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Self

from sinch_conversation.connection import DEFAULT_URL_TEMPLATE, ConversationConnection
from sinch_provisioning.connection import ApiConnection, ClientBase, JsonObject, identifier
from sinch_provisioning.retry import Replay
from sinch_provisioning.shapes import Shape

__all__ = ["SECRET_FIELDS", "Collection", "ConversationClient", "body_secrets", "update_mask_query"]

SECRET_FIELDS: Final = frozenset(
    {
        "token",
        "secret",
        "client_secret",
        "callback_secret",
        "api_key",
        "password",
        "app_secret",
        "aes_key",
        "secret_for_overridden_callback_urls",
        "apple_pay_certificate_password",
        # The RCS channel's claimed identity is the sender's authName, which the project keeps secret.
        "claimed_identity",
    }
)
"""The body fields whose string values are secrets, wherever they stand in a body."""


@dataclass(frozen=True)
class Collection:
    """One resource of the API: ``segment`` (``apps``), ``noun`` in operation names (``app``: ``get_app``,
    ``list_apps``), ``id_name`` in messages (``app_id``), and the ``shape`` of every answer."""

    segment: str
    noun: str
    id_name: str
    shape: Shape


class ConversationClient(ClientBase[ConversationConnection]):
    """Base of the Conversation API's clients: built on a :class:`ConversationConnection` shared with other
    clients (``AppsClient(connection)``; ``owns_connection=True`` to close it with the client), or
    :meth:`beside` another connection (a Provisioning one)."""

    @property
    def region(self) -> str:
        """The region of the host this client talks to (lower case)."""
        return self.connection.region

    @classmethod
    def beside(cls, connection: ApiConnection, *, region: str, url: str = DEFAULT_URL_TEMPLATE) -> Self:
        """A client for ``region`` on ``connection``'s credentials and line
        (:meth:`ConversationConnection.beside`)."""
        return cls(ConversationConnection.beside(connection, region=region, url=url))

    # --- the five operations, for any collection ------------------------------------------------

    def _list(self, collection: Collection, segments: Sequence[str]) -> list[JsonObject]:
        operation = f"list_{collection.noun}s"
        _, items = self.connection.listing(
            operation,
            segments,
            items_key=collection.segment,
            item_shape=collection.shape,
            absent_is_empty=True,
        )
        return items

    def _create(self, collection: Collection, body: Mapping[str, Any]) -> JsonObject:
        return self.connection.json_object(
            f"create_{collection.noun}",
            "POST",
            (collection.segment,),
            body=_object(body),
            replay=Replay.UNSAFE,
            shape=collection.shape,
            secrets=body_secrets(body),
        )

    def _get(self, collection: Collection, object_id: str) -> JsonObject:
        segments = self._segments(collection, object_id)
        return self.connection.json_object(f"get_{collection.noun}", "GET", segments, shape=collection.shape)

    def _update(
        self, collection: Collection, object_id: str, body: Mapping[str, Any], update_mask: Sequence[str]
    ) -> JsonObject:
        return self.connection.json_object(
            f"update_{collection.noun}",
            "PATCH",
            self._segments(collection, object_id),
            params=update_mask_query(update_mask),
            body=_object(body),
            shape=collection.shape,
            secrets=body_secrets(body),
        )

    def _delete(self, collection: Collection, object_id: str) -> None:
        self.connection.send(f"delete_{collection.noun}", "DELETE", self._segments(collection, object_id))

    @staticmethod
    def _segments(collection: Collection, object_id: str) -> tuple[str, str]:
        return (collection.segment, identifier(object_id, collection.id_name))


def update_mask_query(update_mask: Sequence[str]) -> list[tuple[str, str]]:
    """The ``update_mask`` query of a PATCH: the top-level field names, comma-joined
    (``update_mask=display_name,channel_credentials``). ``ValueError`` for one string instead of a list,
    an empty list, an empty or repeated name, or a name with a comma."""
    if isinstance(update_mask, str):
        raise ValueError(
            f"update_mask must be a list of field names, not one string: [{update_mask!r}], not "
            f"{update_mask!r}"
        )
    names = list(update_mask)
    if not names:
        raise ValueError("update_mask must name at least one field (the fields the PATCH replaces)")
    for name in names:
        if not isinstance(name, str) or not name or "," in name:
            raise ValueError(f"update_mask names top-level fields (snake_case, no commas), got {name!r}")
    if len(set(names)) < len(names):
        raise ValueError(f"update_mask names a field twice: {names!r}")
    return [("update_mask", ",".join(names))]


def body_secrets(body: object) -> list[str]:
    """The non-empty string values of :data:`SECRET_FIELDS` anywhere in ``body`` (objects and lists)."""
    return list(_secret_values(body))


def _secret_values(value: object) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in SECRET_FIELDS and isinstance(item, str) and item:
                yield item
            else:
                yield from _secret_values(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _secret_values(item)


def _object(body: Mapping[str, Any]) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise ValueError(f"the request body must be a JSON object (a mapping), got {type(body).__name__}")
    return body
