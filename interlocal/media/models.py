"""The media app's models."""
