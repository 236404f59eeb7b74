"""Benchmark the build on a generated corpus (``python -m tools.bench``).

The corpus replicates the sample volumes in ``seeds/`` (each with its
``persons.txt``, ``terms.txt`` and ``volume.toml``) until it holds N
documents. Every copy gets a fresh document number (the printed heading
number and the file name are rewritten, so ids stay unique) and fresh,
ascending page numbers (``[Page N]`` is rewritten), and a volume holds at
most ``--per-volume`` documents, as a printed volume would; the rest go into
further copies of the volume with their own ids.

For each size the build runs as ``edition build`` in a subprocess, whose
process tree is sampled for memory. ``--repeat N`` runs each size's clean
build N times, each into a folder of its own: a shared machine's speed
varies from one minute to the next, so the run with the median time stands
for the size, and every run's time is printed. Once every size has had its
clean builds, each is built again with nothing changed, then after one
document was edited, then once more with nothing changed. The figures
printed: documents per second end to end, with and without the search
indexer (reported beside it), the stage times from ``report.json``, the CPU time and the peak memory of
the whole process tree (PSS, what it takes from the machine, and RSS, which
counts shared pages once in every process), and the two rebuild times with
the number of site files each one rewrote. Before the builds, a fixed
pure-Python loop run in one process and then in one per job shows how well
the machine's cores run side by side (virtual cores that share their
execution units give less than one core each), and empty files created in
the working folder show what a new file costs there: both tell a slow machine
or disk from slow code.

This is a measurement, not a test: the issue's targets are shown next to the
figures and never asserted.
"""
