"""The dynamic-provider front end: each resource's lifecycle served by ``python -m pulumi.dynamic``.

- :mod:`~provider.dynamic.provider`: ``DynamicProvider``, the ``pulumi.dynamic.ResourceProvider`` that
  serves one :class:`~provider.core.lifecycle.Lifecycle`;
- :mod:`~provider.dynamic.resource`: ``SinchResource``, the ``pulumi.dynamic.Resource`` base of the
  resource classes programs declare;
- :mod:`~provider.dynamic.values`: Pulumi's unknowns and wrapped secrets <-> plain values.
"""
