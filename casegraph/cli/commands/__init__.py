"""Subcommands of the casegraph CLI, one module per group."""
