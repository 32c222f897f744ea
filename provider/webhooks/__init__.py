"""The ``ProvisioningWebhook`` resource: a Sinch project webhook declared in a Pulumi program.

The roles every resource folder has (ARCHITECTURE.md, "The lifecycle core"):

- ``resource.py``: ``ProvisioningWebhook``, what a program declares; ``args.py``: the trigger names as types;
- ``properties.py``: the property table (names in state and in Python, secrets, state version);
- ``provider.py``: the lifecycle and ``ProvisioningWebhookProvider`` (its class path is frozen: it is
  recorded in every stack);
- ``recognise.py``: how the webhook a create with a lost answer made is recognised;
- ``errors.py``: the webhook's own errors.
"""
