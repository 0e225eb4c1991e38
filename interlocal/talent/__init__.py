"""Talent and diaspora networks (M15): networks such as Barcelona Alumni and the Seoul Club, their members (with consent), ambassadors and events."""
