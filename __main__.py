"""Example Pulumi program: two Sinch RCS senders for ACME Parcel, declared from stack configuration.

- ``acme-eu``: an EU sender for the United Kingdom and France, with a full brand, test numbers and the
  launch questionnaire (general, verification, gb, fr).
- ``acme-us``: a US sender with the current (v2, "brand campaign") US answers.
- ``acme-eu-app``: the Conversation API app that lets the EU sender carry messages: its RCS channel holds
  the sender's credentials (docs/conversation-app.md); ``euRcsChannel`` is ``ACTIVE`` once Sinch accepted
  them.
- ``acme-sender-events``, only when ``sinch-rcs-senders:webhookTarget`` is set: a project webhook that
  receives the senders' events (status, operator status, comments, brand registration), created before
  the senders so that it hears their first status change.
- ``acme-app-events``, only when ``sinch-rcs-senders:appWebhookTarget`` is set: the app's webhook, which
  receives the delivery reports of its messages and the customers' replies.

The brand and the launch questionnaires are ACME Parcel's sample data, in ``example_senders.py``.

Stack configuration (see Pulumi.dev.yaml, which points at the local emulator):
- ``sinch:projectId``, ``sinch:keyId``, ``sinch:keySecret`` (secret), optionally ``sinch:authMethod``,
  ``sinch:provisioningUrl``, ``sinch:authUrl``, ``sinch:conversationUrl``: where and as whom the provider
  talks to Sinch.
- ``sinch-rcs-senders:brandName``: the brand shown on handsets (default "ACME Parcel").
- ``sinch-rcs-senders:testNumbers``: a list of E.164 numbers invited as testers on the EU sender.
- ``sinch-rcs-senders:launch``: ``true`` to launch both senders (default ``false``: they stay in test).
- ``sinch-rcs-senders:protect``: ``true`` to protect both senders (Pulumi then refuses to delete or replace
  them; Sinch cannot delete senders, so a deleted or replaced sender would stay in Sinch outside the stack).
- ``sinch-rcs-senders:webhookTarget``: optional; the https URL where Sinch posts the senders' events
  (no webhook when it is not set). Then ``sinch-rcs-senders:webhookSecret`` is required, set with
  ``pulumi config set --secret``: Sinch signs each event with it, and the receiver verifies the signature
  (``sinch_provisioning.webhook_events.verify_webhook_signature``).
- ``sinch-rcs-senders:appWebhookTarget``: optional; the https URL where the EU app's delivery reports and
  the customers' replies go (``acme-app-events``, a ``ConversationWebhook``; none when it is not set). Then
  ``sinch-rcs-senders:appWebhookSecret`` is required (``--secret``): Sinch signs each callback with it.
- ``sinch-rcs-senders:form``: ``dynamic`` (the default: ``provider``'s classes, served by Python's dynamic
  provider plugin) or ``native`` (``pulumi_sinch``'s classes, the ``sinch:index:*`` types served by the
  ``sinch`` provider plugin, which the project must then have registered: docs/provider-forms.md). The same
  declarations either way.
"""

from __future__ import annotations

import pulumi

import pulumi_sinch
from example_senders import brand, eu_questionnaire, us_brand, us_questionnaire
from provider import ConversationApp, ConversationWebhook, ProvisioningWebhook, RcsSender, RcsTrigger

config = pulumi.Config()
form = config.get("form") or "dynamic"
if form not in ("dynamic", "native"):
    raise ValueError(f"sinch-rcs-senders:form is {form!r}: use dynamic (the default) or native")
native = form == "native"
# The native form's classes are the dynamic ones registered as sinch:index types: the same declarations.
Sender: type[RcsSender] = pulumi_sinch.RcsSender if native else RcsSender
Webhook: type[ProvisioningWebhook] = pulumi_sinch.ProvisioningWebhook if native else ProvisioningWebhook
App: type[ConversationApp] = pulumi_sinch.ConversationApp if native else ConversationApp
AppWebhook: type[ConversationWebhook] = pulumi_sinch.ConversationWebhook if native else ConversationWebhook
brand_name = config.get("brandName") or "ACME Parcel"
test_numbers: list[str] = config.get_object("testNumbers") or []
launch = config.get_bool("launch") or False
protect = config.get_bool("protect") or False
webhook_target = config.get("webhookTarget")
app_webhook_target = config.get("appWebhookTarget")

# The senders' events: status changes (IN_PROGRESS -> IN_TEST -> LAUNCHING -> LAUNCHED), per-operator
# launch status, comments from Sinch's reviewers, and the brand registration. One project webhook hears
# them for every sender; the senders depend on it, so it exists before their first event.
RCS_EVENTS: list[RcsTrigger] = [
    "RCS_SENDER_STATUS_UPDATED",
    "RCS_SENDER_OPERATOR_STATUS_UPDATED",
    "RCS_SENDER_COMMENT_ADDED",
    "RCS_BRAND_REGISTRATION_PROCESS_STATUS_UPDATED",
]
sender_events: ProvisioningWebhook | None = None
if webhook_target:
    sender_events = Webhook(
        "acme-sender-events",
        target=webhook_target,
        secret=config.require_secret("webhookSecret"),
        triggers=list(RCS_EVENTS),
    )

options = pulumi.ResourceOptions(protect=protect, depends_on=[sender_events] if sender_events else None)

eu_sender = Sender(
    "acme-eu",
    region="EU",
    billing_category="CONVERSATIONAL",
    use_case="MULTIUSE",
    brand=brand(brand_name),
    countries=["GB", "FR"],
    test_numbers=test_numbers,
    questionnaire=eu_questionnaire(),
    launch=launch,
    opts=options,
)

us_sender = Sender(
    "acme-us",
    region="US",
    billing_category="CONVERSATIONAL",
    use_case="TRANSACTIONAL",
    brand=us_brand(brand_name),
    countries=["US"],
    questionnaire=us_questionnaire(brand_name),
    launch=launch,
    opts=options,
)

# The EU sender's app: the provider copies the sender's authName and authToken into its RCS channel (kept
# secret) and waits until Sinch has verified them. Apps, unlike senders, can be deleted: not protected.
eu_app = App("acme-eu-app", display_name=brand_name, rcs_sender=eu_sender)

# The app's webhook: delivery reports of the messages the app sends, and the customers' replies.
app_events: ConversationWebhook | None = None
if app_webhook_target:
    app_events = AppWebhook(
        "acme-app-events",
        app=eu_app,
        target=app_webhook_target,
        triggers=["MESSAGE_DELIVERY", "MESSAGE_INBOUND"],
        secret=config.require_secret("appWebhookSecret"),
    )

for key, sender in (("eu", eu_sender), ("us", us_sender)):
    pulumi.export(f"{key}SenderId", sender.id)
    pulumi.export(f"{key}State", sender.state)
    pulumi.export(f"{key}CountryStatus", sender.country_status)
    pulumi.export(f"{key}AuthName", pulumi.Output.secret(sender.auth_name))
    pulumi.export(f"{key}AuthToken", pulumi.Output.secret(sender.auth_token))

pulumi.export("euAppId", eu_app.id)
pulumi.export("euRcsChannel", eu_app.rcs_channel_status)

if sender_events is not None:
    pulumi.export("webhookId", sender_events.id)
    pulumi.export("webhookTarget", sender_events.target)

if app_events is not None:
    pulumi.export("appWebhookId", app_events.id)
