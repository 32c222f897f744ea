"""Tests of the sender schemas (schemas/): validation, normalisation, API bodies and the reverse mapping."""
