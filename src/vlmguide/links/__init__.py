"""Link checking for CI: offline rules, arXiv metadata in one polite batch, external links."""
