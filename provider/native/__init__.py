"""The native front end: the same resources served as the Pulumi provider plugin ``sinch``.

Beside :mod:`provider.dynamic`, on the same lifecycles (:mod:`provider.core`), schemas and clients:

- :mod:`~provider.native.provider`: ``SinchProvider``, the ``pulumi.provider.experimental`` Provider that
  dispatches each ``sinch:index:<Type>`` to its resource's lifecycle;
- :mod:`~provider.native.server`: the gRPC server (failures sent as their message alone), ``main()``;
- :mod:`~provider.native.registry`: the resource types served, by token;
- :mod:`~provider.native.functions`: the package's functions (``lookupSenders``);
- :mod:`~provider.native.config`: the provider's configuration (the settings of :mod:`provider.settings`);
- :mod:`~provider.native.values`: Pulumi's ``PropertyValue``\\ s <-> plain values;
- :mod:`~provider.native.declarations`: unique values declared twice in one provider instance;
- :mod:`~provider.native.engine_log`: the lifecycles' log, sent to the engine at each resource's URN;
- :mod:`~provider.native.schema`, :mod:`~provider.native.descriptions`, :mod:`~provider.native.outputs`: the
  package schema GetSchema returns;
- ``plugin/``: the plugin's folder (``PulumiPlugin.yaml``, ``__main__.py``): ``python -m provider.native
  plugin-dir`` prints where it is.

Programs declare the resources with the SDK package ``pulumi_sinch``. docs/provider-forms.md compares the
two forms.
"""
