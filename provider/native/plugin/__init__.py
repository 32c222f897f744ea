"""The ``sinch`` provider plugin's folder: ``PulumiPlugin.yaml`` and ``__main__.py`` (see ``__main__``)."""
