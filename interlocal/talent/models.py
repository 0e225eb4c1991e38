"""The talent app's models."""
