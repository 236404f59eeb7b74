"""Encode plain-text FRUS documents as TEI P5, validate them, publish a static edition."""

__version__ = "0.1.0"
