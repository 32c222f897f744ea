"""The ``ProvisioningWebhook`` resource: a Sinch project webhook declared in a Pulumi program.

- ``resource.py``: ``ProvisioningWebhook``, what a program declares; ``args.py``: the trigger names as types.
- ``provider.py``: ``ProvisioningWebhookProvider``, Pulumi's check/diff/create/read/update/delete
  (its class path is frozen: it is recorded in every stack).
- ``properties.py``: the property names in state and in Python, which are secret, the state version.
- ``reconcile.py``: one webhook per resource; what a create with a lost answer made.
- ``errors.py``: the provider's own errors.
"""
