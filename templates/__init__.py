"""Built-in templates of policydiff (see docs/TEMPLATES.md). This folder ships inside the package."""
