"""Example Pulumi program: two Sinch RCS senders for ACME Parcel, declared from stack configuration.

- ``acme-eu``: an EU sender for the United Kingdom and France, with a full brand, test numbers and the
  launch questionnaire (general, verification, gb, fr).
- ``acme-us``: a US sender with the current (v2, "brand campaign") US answers.
- ``acme-sender-events``, only when ``sinch-rcs-senders:webhookTarget`` is set: a project webhook that
  receives the senders' events (status, operator status, comments, brand registration), created before
  the senders so that it hears their first status change.

Stack configuration (see Pulumi.dev.yaml, which points at the local emulator):
- ``sinch:projectId``, ``sinch:keyId``, ``sinch:keySecret`` (secret), optionally ``sinch:authMethod``,
  ``sinch:provisioningUrl``, ``sinch:authUrl``: where and as whom the provider talks to Sinch.
- ``sinch-rcs-senders:brandName``: the brand shown on handsets (default "ACME Parcel").
- ``sinch-rcs-senders:testNumbers``: a list of E.164 numbers invited as testers on the EU sender.
- ``sinch-rcs-senders:launch``: ``true`` to launch both senders (default ``false``: they stay in test).
- ``sinch-rcs-senders:protect``: ``true`` to protect both senders (Pulumi then refuses to delete or replace
  them; Sinch cannot delete senders, so a deleted or replaced sender would stay in Sinch outside the stack).
- ``sinch-rcs-senders:webhookTarget``: optional; the https URL where Sinch posts the senders' events
  (no webhook when it is not set). Then ``sinch-rcs-senders:webhookSecret`` is required, set with
  ``pulumi config set --secret``: Sinch signs each event with it, and the receiver verifies the signature
  (``sinch_provisioning.webhook_events.verify_webhook_signature``).
"""

from __future__ import annotations

import pulumi

from provider import BrandArgs, ProvisioningWebhook, QuestionnaireArgs, RcsSender, RcsTrigger
from provider.rcs_senders.args import GeneralSectionArgs, VerificationSectionArgs

config = pulumi.Config()
brand_name = config.get("brandName") or "ACME Parcel"
test_numbers: list[str] = config.get_object("testNumbers") or []
launch = config.get_bool("launch") or False
protect = config.get_bool("protect") or False
webhook_target = config.get("webhookTarget")

site = "https://www.acme-parcel.example"
brand: BrandArgs = {
    "name": brand_name,
    "description": "Parcel tracking and delivery updates",
    "color": "#0B5FFF",
    "emails": [{"label": "Support", "address": "support@acme-parcel.example"}],
    "phones": [{"label": "Support", "number": "+442071234567"}],
    "websites": [{"label": "Website", "url": site}],
    "logoUrl": f"{site}/rcs/logo-224.png",
    "bannerUrl": f"{site}/rcs/banner-1440x448.png",
    "privacyPolicyUrl": f"{site}/privacy",
    "termsOfServiceUrl": f"{site}/terms",
}

general: GeneralSectionArgs = {
    "answers": {
        "optInDescription": "Customers opt in at checkout by ticking 'Send me delivery updates by RCS'.",
        "triggerDescription": "A parcel is dispatched, out for delivery, delivered or delayed.",
        "interactionsDescription": "Delivery status cards with buttons to reschedule or track a parcel.",
        "optOutDescription": "Reply STOP at any time; we confirm and send nothing more.",
        "screenshotUris": [f"{site}/rcs/screenshot-tracking.png"],
    }
}
verification: VerificationSectionArgs = {
    "answers": {
        "name": "Jane Doe",
        "email": "jane.doe@acme-parcel.example",
        "title": "Head of Customer Messaging",
        "website": site,
        "phone": "+442071234568",
    }
}

eu_questionnaire: QuestionnaireArgs = {
    "general": general,
    "verification": verification,
    "gb": {
        "answers": {
            "brandIndustry": "Logistics",
            "companyLegalName": "ACME Parcel Ltd",
            "companyRegistrationNumber": "01234567",
            "fullCompanyAddress": "1 Example Street, London, EC1A 1AA",
            "messagesVolume": "10K - 100K messages",
            "messagesFrequency": "Daily",
        }
    },
    "fr": {
        "answers": {
            "fullCompanyAddress": "1 rue de l'Exemple, 75001 Paris",
            "siren": "123456789",
        }
    },
}

us_questionnaire: QuestionnaireArgs = {
    "general": general,
    "verification": verification,
    "us": {
        "answers": {
            "ownershipType": "PRIVATE",
            "companyLegalName": "ACME Parcel Inc.",
            "companyPhoneNumber": "+12025550143",
            "companyEmailAddress": "legal@acme-parcel.example",
            "brandName": brand_name,
            "brandIndustry": "TRANSPORTATION",
            "legalForm": "LIMITED_LIABILITY_COMPANY",
            "taxIdCountry": "US",
            "taxId": "12-3456789",
            "addressLine": "100 Example Avenue",
            "addressCity": "Springfield",
            "addressCountry": "US",
            "addressState": "IL",
            "addressPostalCode": "62701",
            "websiteUrl": site,
            "contactFirstName": "Jane",
            "contactSurname": "Doe",
            "sampleMessages": [
                "Your parcel 1Z999 is out for delivery today between 10:00 and 12:00.",
                "Your parcel 1Z999 was delivered to your front door at 11:02.",
            ],
            "messagesVolume": 50000,
            "embeddedLink": True,
            "embeddedPhone": False,
            "ageGatedContent": False,
            "directLending": False,
            "optInConfirmationMessage": "ACME Parcel: you will get delivery updates here. Reply STOP to end.",
            "helpMessage": "ACME Parcel delivery updates. Help: support@acme-parcel.example. STOP to end.",
            "callToActionMessage": (
                "Tick 'Send me delivery updates by RCS' at checkout to get parcel tracking updates "
                "from ACME Parcel on your phone."
            ),
        }
    },
}

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
    sender_events = ProvisioningWebhook(
        "acme-sender-events",
        target=webhook_target,
        secret=config.require_secret("webhookSecret"),
        triggers=list(RCS_EVENTS),
    )

options = pulumi.ResourceOptions(protect=protect, depends_on=[sender_events] if sender_events else None)

eu_sender = RcsSender(
    "acme-eu",
    region="EU",
    billing_category="CONVERSATIONAL",
    use_case="MULTIUSE",
    brand=brand,
    countries=["GB", "FR"],
    test_numbers=test_numbers,
    questionnaire=eu_questionnaire,
    launch=launch,
    opts=options,
)

us_sender = RcsSender(
    "acme-us",
    region="US",
    billing_category="CONVERSATIONAL",
    use_case="TRANSACTIONAL",
    brand={**brand, "phones": [{"label": "Support", "number": "+12025550143"}]},
    countries=["US"],
    questionnaire=us_questionnaire,
    launch=launch,
    opts=options,
)

for key, sender in (("eu", eu_sender), ("us", us_sender)):
    pulumi.export(f"{key}SenderId", sender.id)
    pulumi.export(f"{key}State", sender.state)
    pulumi.export(f"{key}CountryStatus", sender.country_status)
    pulumi.export(f"{key}AuthName", pulumi.Output.secret(sender.auth_name))
    pulumi.export(f"{key}AuthToken", pulumi.Output.secret(sender.auth_token))

if sender_events is not None:
    pulumi.export("webhookId", sender_events.id)
    pulumi.export("webhookTarget", sender_events.target)
