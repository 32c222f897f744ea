"""The ``RcsSender`` resource: a Sinch RCS sender declared in a Pulumi program.

The roles every resource folder has (ARCHITECTURE.md, "The lifecycle core"):

- ``resource.py``: ``RcsSender``, what a program declares; ``args.py``: the typed shapes of its arguments;
- ``properties.py``: the property table (names in state and in Python, secrets, state versions);
- ``provider.py``: the lifecycle (check/diff/create/read/update/delete) and ``RcsSenderProvider``;
- ``recognise.py``: how the sender a create with a lost answer made is recognised;
- ``errors.py``: the sender's own errors.

And the sender's own parts: ``plan.py`` (judging a change at preview), ``operations.py`` (what create,
adoption and update send), ``launching.py`` (waiting for provisioning, then the launch), ``lookup.py`` and
``importer.py`` (senders the stack does not manage: ``lookup_senders``, ``python -m provider import``).
"""
