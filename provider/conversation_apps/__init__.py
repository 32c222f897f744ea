"""The ``ConversationApp`` resource: a Sinch Conversation API app declared in a Pulumi program, whose RCS
channel holds the credentials of an ``RcsSender`` of the same program.

The roles every resource folder has (ARCHITECTURE.md, "The lifecycle core"):

- ``resource.py``: ``ConversationApp``, what a program declares; ``args.py``: the typed shapes of its
  nested arguments (settings, channel credential entries) and the enums as ``Literal``s;
- ``properties.py``: the property table (names in state and in Python, secrets, state version);
- ``provider.py``: the lifecycle (check/diff/create/read/update/delete) and ``ConversationAppProvider``
  (its class path is frozen: it is recorded in every stack);
- ``recognise.py``: how the app a create with a lost answer made is recognised;
- ``errors.py``: the app's own errors.

And the app's own parts: ``plan.py`` (judging a declaration and a change at preview: two apps on one
sender, a replacement by region) and ``channel.py`` (waiting for Sinch's verdict on the RCS channel, and
removing an app whose channel failed).
"""
