"""The portal app's kinds of record, registered for the generic pages and the API."""
