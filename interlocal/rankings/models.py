"""The rankings app's models."""
