"""opstage_build: turns content/ (Markdown + YAML) into the Op stage website."""

__version__ = "0.1.0"
