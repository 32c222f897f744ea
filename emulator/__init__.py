"""A local emulator of the Sinch Provisioning API (RCS part), judged by the official spec in spec/."""
