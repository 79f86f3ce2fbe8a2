"""casegraph bench."""
