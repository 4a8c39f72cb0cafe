"""vlmguide: turns the VLM paper catalogue in data/ into a MkDocs site.

One loader (`loader.load_catalogue`), one model (`model`), one place for arXiv
rules (`arxiv`). The MkDocs hook, the command line and the tests all use them.
"""
