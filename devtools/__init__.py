"""Helpers the tests and the benchmark scripts share; neither shipped in the package nor a test.

Scripts put the project root on sys.path to import them; pytest does so for the tests.
"""
