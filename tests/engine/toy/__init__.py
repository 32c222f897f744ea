"""A toy dynamic provider for the harness's self-tests: its "cloud" is a JSON file (`ToyStore`).

Importable as `tests.engine.toy` so that dill pickles `ToyProvider` by reference.
"""
