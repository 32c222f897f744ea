"""A local emulator of the Sinch Provisioning API (RCS senders, webhooks) and Conversation API (apps, app
webhooks), judged by the official specs in spec/."""
