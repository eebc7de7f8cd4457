"""Reading content/: parsers (pure), the validated model and the loader."""
