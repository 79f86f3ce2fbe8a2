"""``python -m bench [options]`` runs the benchmarks; ``python -m bench synth [options]`` writes a
synthetic corpus. Both are the ``casegraph bench`` / ``casegraph synth`` commands."""
import sys

from casegraph.cli import main

args = sys.argv[1:]
sys.exit(main(args if args[:1] == ["synth"] or "--help" in args[:1] else ["bench", *args]))
