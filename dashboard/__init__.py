"""casegraph dashboard."""
