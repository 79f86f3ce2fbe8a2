"""casegraph graph."""
