"""``python -m casegraph.bench [options]`` runs the benchmarks (``casegraph bench``); ``python -m casegraph.bench synth
[options]`` writes a synthetic corpus (``casegraph synth``)."""
import sys

from casegraph.cli import main

args = sys.argv[1:]
sys.exit(main(args if args[:1] == ["synth"] else ["bench", *args]))
