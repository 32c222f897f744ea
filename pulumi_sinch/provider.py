"""``Provider``: an explicit ``sinch`` provider instance (``pulumi:providers:sinch``): one Sinch project."""

import pulumi


class Provider(pulumi.ProviderResource):
    """A ``sinch`` provider instance with its own configuration; pass it as
    ``opts=pulumi.ResourceOptions(provider=...)``. Each argument left out is read from its ``SINCH_*``
    environment variable (docs/configuration.md); ``key_secret`` is always a secret."""

    def __init__(
        self,
        resource_name: str,
        *,
        project_id: pulumi.Input[str] | None = None,
        key_id: pulumi.Input[str] | None = None,
        key_secret: pulumi.Input[str] | None = None,
        auth_method: pulumi.Input[str] | None = None,
        provisioning_url: pulumi.Input[str] | None = None,
        auth_url: pulumi.Input[str] | None = None,
        conversation_url: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "projectId": project_id,
            "keyId": key_id,
            "keySecret": None if key_secret is None else pulumi.Output.secret(key_secret),
            "authMethod": auth_method,
            "provisioningUrl": provisioning_url,
            "authUrl": auth_url,
            "conversationUrl": conversation_url,
        }
        super().__init__("sinch", resource_name, props, opts)
