"""The package version (one place; hatch reads it, and the package re-exports it)."""

__version__ = "0.2.0.dev0"
