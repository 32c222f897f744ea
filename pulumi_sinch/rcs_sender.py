"""``RcsSender``: the ``sinch:index:RcsSender`` resource (a Sinch RCS sender) of the ``sinch`` plugin."""

from collections.abc import Sequence
from typing import Any

import pulumi

from provider.rcs_senders.args import BillingCategory, BrandArgs, QuestionnaireArgs, Region, UseCase
from provider.rcs_senders.properties import TABLE
from pulumi_sinch._resource import SinchCustomResource


class RcsSender(SinchCustomResource):
    """A Sinch RCS sender (``sinch:index:RcsSender``): the same arguments, outputs and behaviour as
    ``provider.RcsSender`` (docs/rcs-sender.md), served by the ``sinch`` provider plugin.

    ``region``, ``billing_category`` and ``use_case`` are fixed when the sender is created: changing one
    needs ``allow_replacement=True``. Sinch cannot delete senders: removing the resource leaves the sender
    in Sinch. ``auth_name`` and ``auth_token`` are secret outputs.
    """

    pulumi_type = "sinch:index:RcsSender"
    table = TABLE

    region: pulumi.Output[str]
    billing_category: pulumi.Output[str]
    use_case: pulumi.Output[str]
    brand: pulumi.Output[dict[str, Any] | None]
    countries: pulumi.Output[list[str] | None]
    test_numbers: pulumi.Output[list[str] | None]
    questionnaire: pulumi.Output[dict[str, Any] | None]
    launch: pulumi.Output[bool]
    sender_id: pulumi.Output[str | None]
    allow_replacement: pulumi.Output[bool | None]
    provisioning_timeout: pulumi.Output[float | None]
    state: pulumi.Output[str]
    hosting_region: pulumi.Output[str]
    auth_name: pulumi.Output[str]
    auth_token: pulumi.Output[str]
    country_status: pulumi.Output[list[dict[str, Any]]]
    test_number_states: pulumi.Output[list[dict[str, Any]]]
    created: pulumi.Output[str]
    modified: pulumi.Output[str]
    launched: pulumi.Output[str | None]
    conversation_api_app_details: pulumi.Output[dict[str, Any] | None]

    def __init__(
        self,
        resource_name: str,
        *,
        region: pulumi.Input[Region],
        billing_category: pulumi.Input[BillingCategory],
        use_case: pulumi.Input[UseCase],
        brand: pulumi.Input[BrandArgs] | None = None,
        countries: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        test_numbers: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        questionnaire: pulumi.Input[QuestionnaireArgs] | None = None,
        launch: pulumi.Input[bool] = False,
        sender_id: pulumi.Input[str] | None = None,
        allow_replacement: pulumi.Input[bool] | None = None,
        provisioning_timeout: pulumi.Input[float] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self._register(resource_name, self._inputs(locals()), opts)
