"""``NativeForm``: what makes a resource class of this SDK a ``sinch:index:*`` resource.

Each class of the SDK is the dynamic form's class (``provider.RcsSender``, ...) with this base first: the
same typed arguments, outputs, names (camelCase in state, snake_case in Python), secrets and ``get``, but
registered with Pulumi as its type in the ``sinch`` package (``pulumi_type``), which the ``sinch`` provider
plugin serves, instead of as a dynamic resource with its provider pickled into the state.
"""

from typing import Any, ClassVar

import pulumi

from provider.dynamic.resource import SinchResource


class NativeForm(SinchResource):
    """Base of the SDK's resource classes: subclasses set ``pulumi_type`` (``sinch:index:<Name>``)."""

    pulumi_type: ClassVar[str]

    def _register_resource(
        self, resource_name: str, props: dict[str, Any], opts: pulumi.ResourceOptions
    ) -> None:
        pulumi.CustomResource.__init__(self, self.pulumi_type, resource_name, props, opts)
