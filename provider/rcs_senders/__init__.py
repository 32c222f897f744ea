"""The ``RcsSender`` resource: a Sinch RCS sender declared in a Pulumi program.

- ``resource.py``: ``RcsSender``, what a program declares; ``args.py``: the typed shapes of its arguments.
- ``provider.py``: ``RcsSenderProvider``, Pulumi's check/diff/create/read/update/delete for senders.
- ``properties.py``: the property names in state and in Python, which are secret, which are Sinch's.
- ``reconcile.py``: finding the sender a create with a lost answer made; waiting for provisioning.
- ``errors.py``: the provider's own errors; ``lookup.py``, ``importer.py``: senders the stack does not
  manage (``lookup_senders``, ``python -m provider import``).
"""
