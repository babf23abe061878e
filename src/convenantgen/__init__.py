"""convenantgen: Dutch labour-market covenants as validated YAML, rendered to HTML and PDF."""

__version__ = "0.1.0"
FORMAT_VERSION = 1
