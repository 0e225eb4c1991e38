"""The participation app's models."""
