"""opstage_build: turns content/ (Markdown + YAML) into a lesson website such as Op stage."""

__version__ = "0.1.0"
