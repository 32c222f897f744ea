"""Marshmallow schemas for Sinch RCS sender input: pure validation, normalisation and serialisation."""
