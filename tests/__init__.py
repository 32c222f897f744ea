"""Tests. `engine` plays the Pulumi engine against the real `python -m pulumi.dynamic` plugin."""
