"""Consultations (M14): processes linked to a plan, their sessions, and the contributions of organisations and the public, with what was heard and what was done."""
