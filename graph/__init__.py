"""casegraph's knowledge graph.

- :mod:`graph.mapping`: an extraction record as a property graph (labels and types from the ontology), and back;
- :mod:`graph.stores`: the stores behind one interface, ``open_store("embedded" | "neo4j")``;
- :mod:`graph.settings`: which store, and its settings, from options or the environment;
- :mod:`graph.rdf`: RDF export/import under the ontology's IRIs and SHACL validation;
- :mod:`graph.export`: GraphML and CSV files;
- :mod:`graph.analytics`: similar cases, parallels and recurring patterns.
"""
