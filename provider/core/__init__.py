"""The lifecycle core every resource plugs into, for every front end (dynamic provider, native plugin).

- :mod:`~provider.core.lifecycle`: ``Lifecycle``, a resource's check/diff/create/read/update/delete in
  plain values, and what each step returns;
- :mod:`~provider.core.properties`: ``PropertyTable``, a resource's names, secrets and state versions;
- :mod:`~provider.core.lost_create`: ``create_once``, a create whose answer is lost is recognised, never
  repeated blindly; ``Recogniser``, what each resource says about its own objects;
- :mod:`~provider.core.claims`: ``ClaimLedger`` (machine-wide claims: no object for two resources) and
  ``Holdings`` (which ids the resources of this process hold);
- :mod:`~provider.core.errors`: the provider's own errors and their shared wording;
- :mod:`~provider.core.reporting`: a failure reaches the user as one short message;
- :mod:`~provider.core.waiting`: ``wait_until``, the bounded wait (with progress) for Sinch's asynchronous
  work.

The core imports no Pulumi: the front ends (:mod:`provider.dynamic`, :mod:`provider.native`) do.
ARCHITECTURE.md, "The lifecycle core", says how to add a resource.
"""
