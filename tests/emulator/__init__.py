"""Tests of the local Sinch Provisioning API emulator, over real HTTP on loopback."""
