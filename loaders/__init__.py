"""casegraph loaders."""
