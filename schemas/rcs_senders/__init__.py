"""The schemas of an ``RcsSender`` declaration: what is valid, how it is normalised, how it maps to the API.

- ``sender.py``: ``SenderSchema``, the whole declaration (the launch checklist when ``launch`` is true).
- ``brand.py``, ``questionnaire.py``, ``us.py``, ``metadata.py``: its parts.
- ``launch.py``: the launch checklist; ``deprecations.py``: warnings for deprecated values.
- ``api.py``: bodies for create and update, test-number changes, changed fields; ``from_api.py``: a
  declaration rebuilt from an API sender.
- ``constants.py``: the spec's enums and patterns for senders.
"""
