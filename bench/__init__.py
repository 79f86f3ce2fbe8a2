"""casegraph's synthetic corpus and benchmarks.

- :mod:`bench.vocabulary`: phrases for each concept, read from the ontology.
- :mod:`bench.wording`: fictional names and sentence templates.
- :mod:`bench.render`: a document as .txt, .md or .html.
- :mod:`bench.synth`: planned, written and rendered fictional reviews with their true codes.
- :mod:`bench.measures`: one function per measurement.
- :mod:`bench.runner`: runs the measurements per corpus size, writes results and the report table.

``python -m casegraph.bench`` runs the benchmarks, ``python -m casegraph.bench synth`` writes a corpus.
"""
