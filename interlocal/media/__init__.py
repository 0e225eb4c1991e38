"""Media monitoring and the weekly bulletin (M15): sources, mentions, and the bulletin sent to subscribers."""
