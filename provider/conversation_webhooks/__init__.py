"""The ``ConversationWebhook`` resource: a Conversation API app webhook declared in a Pulumi program (where
an app's delivery reports and inbound messages go).

The roles every resource folder has (ARCHITECTURE.md, "The lifecycle core"):

- ``resource.py``: ``ConversationWebhook``, what a program declares; ``args.py``: the trigger names and the
  client credentials as types;
- ``properties.py``: the property table (names in state and in Python, secrets, state version);
- ``provider.py``: the lifecycle and ``ConversationWebhookProvider`` (its class path is frozen: it is
  recorded in every stack);
- ``recognise.py``: how the webhook a create with a lost answer made is recognised;
- ``errors.py``: the app webhook's own errors.
"""
