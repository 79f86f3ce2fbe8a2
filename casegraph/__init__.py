"""casegraph: a knowledge graph of child safeguarding case reviews."""

__version__ = "0.1.0"
