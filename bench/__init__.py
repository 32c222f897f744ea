"""Benchmarks: programs that print the provider's costs (`python -m bench`)."""
