"""A Sinch RCS sender managed with Pulumi (made by `pulumi new` from the sinch-rcs-pulumi template).

The values below are examples: declare your own brand, countries and test numbers before `pulumi up`.
`pulumi preview` checks the declaration without calling Sinch. Every argument and output:
docs/rcs-sender.md in the sinch-rcs-pulumi repository.

Sinch cannot delete senders: removing the sender from this program, or `pulumi destroy`, only removes it
from the stack, and it stays in your Sinch project. So the sender is protected (Pulumi refuses to delete
or replace it); `pulumi config set protect false` lifts that.
"""

import pulumi

from provider import RcsSender

config = pulumi.Config()
protect = config.get_bool("protect")

sender = RcsSender(
    "sender",
    region="EU",  # fixed at creation, as are billing_category and use_case: a change means a new sender
    billing_category="CONVERSATIONAL",
    use_case="TRANSACTIONAL",
    brand={
        "name": "Example Brand",
        "emails": [{"label": "Support", "address": "support@example.com"}],
    },
    countries=["SE"],
    test_numbers=[],  # E.164 numbers (+46701234567) that get a tester invite
    opts=pulumi.ResourceOptions(protect=True if protect is None else protect),
)

pulumi.export("senderId", sender.id)
pulumi.export("state", sender.state)
pulumi.export("authName", sender.auth_name)  # secret outputs: encrypted in state, masked by the CLI
pulumi.export("authToken", sender.auth_token)
