"""The ``edition`` command.

Exit status: 0 success; 1 a document failed (the others are still built) or,
with ``--strict``, a warning was given; 2 usage error or unusable input.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .build import build


def _known_encoding(name: str) -> bool:
    try:
        "".encode(name)  # a text encoding: codecs such as rot13 or zlib map str to str or bytes to bytes
    except LookupError as err:
        print(f"--encoding {name}: {'not a text encoding' if 'text encoding' in str(err) else 'no such encoding'}",
              file=sys.stderr)
        return False
    return True


def _jobs(value: str) -> int:
    """At least one worker, at most one per core: more only cost memory."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return min(jobs, os.cpu_count() or 1)


def _usable_out(out: Path) -> str | None:
    """Why ``out`` cannot be a build's output folder, or None."""
    for place in [out, *out.parents]:
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                return f"{out}: {'is' if place == out else f'is under {place}, which is'} not a folder"
            return None
    return None


def _regular_output(path: Path) -> str | None:
    """Why ``path`` cannot be written as a file (a device, a folder…), or None."""
    if path.exists() and not path.is_file():  # is_file follows links: -o /dev/null or a link to it
        return f"{path}: not a regular file; give a file name to write"
    if not path.parent.is_dir():
        return f"{path.parent}: no such folder"
    return None


def _build(args) -> int:
    if not _known_encoding(args.encoding):
        return 2
    if not args.src.is_dir():
        print(f"{args.src}: not a folder", file=sys.stderr)
        return 2
    problem = _usable_out(args.out)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    return build(args.src, args.out, strict=args.strict, encoding=args.encoding,
                 echo=lambda line: print(line, file=sys.stderr), jobs=args.jobs, site=not args.no_site,
                 search=not args.no_search, incremental=not args.full, build_date=args.build_date,
                 review=not args.no_review)


def _encode(args) -> int:
    if not _known_encoding(args.encoding):
        return 2
    if not args.file.is_file():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 2
    problem = args.output and _regular_output(args.output)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from .annotate import load_frontmatter
    from .encode import encode_document
    from .report import Reporter
    from .sources import MetaError, load_meta
    from .validate import Validator
    from .writer import serialize
    try:
        meta = load_meta(args.file.parent)
    except MetaError as err:
        print(err, file=sys.stderr)
        return 1
    frontmatter = load_frontmatter(args.file.parent, Reporter(str(args.file.parent)))
    tree, rep, _ = encode_document(args.file, meta, 1, frontmatter, args.encoding)
    if tree is not None:  # the same gate as the build: invalid TEI is never written
        rep.messages += Validator().check(tree, str(args.file))
    for line in rep.lines():
        print(line, file=sys.stderr)
    if tree is None or rep.errors:
        return 1
    data = serialize(tree)
    if args.output:
        from .files import write_atomic
        write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
    return 1 if args.strict and rep.warnings else 0


def _serve(args) -> int:
    if not args.src.is_dir():
        print(f"{args.src}: not a folder", file=sys.stderr)
        return 2
    from .serve import serve
    return serve(args.src, args.out, args.port, echo=lambda line: print(line, file=sys.stderr),
                 say=lambda line: print(line, flush=True), jobs=args.jobs)


def _publish(args) -> int:
    from .publish.volumefile import publish_volume_files
    missing = [str(p) for p in args.volumes if not p.is_file()]
    if missing:
        print(f"{', '.join(missing)}: no such file", file=sys.stderr)
        return 2
    return publish_volume_files(args.volumes, args.out, echo=lambda line: print(line, file=sys.stderr),
                                search=not args.no_search, build_date=args.build_date, jobs=args.jobs or 1)


DELEGATED = {"validate": "check TEI files against the schemas (RelaxNG and Schematron)",
             "package": "write an archival BagIt bag per volume of a build"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="edition", description="Encode, validate and publish FRUS documents as TEI.")
    ap.add_argument("--version", action="version", version=f"edition {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="encode every text in a volume folder (or a folder of volumes)")
    b.add_argument("src", type=Path, help="a volume folder (texts *.txt, optional volume.toml, persons.txt, "
                   "terms.txt, *.pins.toml, *.md) or a folder of volume folders")
    b.add_argument("--out", type=Path, default=Path("build"),
                   help="the output folder, replaced whole by each build (default: build)")
    b.add_argument("--strict", action="store_true", help="treat every warning as an error")
    b.add_argument("--encoding", default="utf-8", help="the texts' encoding (default utf-8)")
    b.add_argument("--jobs", "-j", type=_jobs, default=None,
                   help="worker processes (default and most: one per core)")
    b.add_argument("--full", action="store_true", help="rebuild everything, ignoring the previous build")
    b.add_argument("--no-site", action="store_true", help="write the TEI only, no HTML")
    b.add_argument("--no-search", action="store_true", help="skip the search index")
    b.add_argument("--no-review", action="store_true",
                   help="leave out the editors' review page (site/review/index.html)")
    b.add_argument("--build-date", default=os.environ.get("EDITION_BUILD_DATE"),
                   help="the date shown as the build date (default: none, or $EDITION_BUILD_DATE)")
    b.set_defaults(run=_build)

    e = sub.add_parser("encode", help="encode one text file as TEI")
    e.add_argument("file", type=Path, help="the text; its folder's volume.toml, lists and its pins are read too")
    e.add_argument("-o", "--output", type=Path, help="write the TEI there (default: standard output)")
    e.add_argument("--strict", action="store_true", help="exit with status 1 on any warning")
    e.add_argument("--encoding", default="utf-8", help="the text's encoding (default utf-8)")
    e.set_defaults(run=_encode)

    s = sub.add_parser("serve", help="build, serve the site on 127.0.0.1 and rebuild it on every save")
    s.add_argument("src", type=Path, nargs="?", default=Path("seeds"),
                   help="a volume folder or a folder of volume folders (default: seeds)")
    s.add_argument("--out", type=Path, default=Path("build"), help="the output folder (default: build)")
    s.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default 8000; 0: any free one)")
    s.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: one per core)")
    s.set_defaults(run=_serve)

    pu = sub.add_parser("publish", help="publish TEI volume files (the series' own, or build/volumes/*.xml) as a site")
    pu.add_argument("volumes", type=Path, nargs="+", metavar="VOLUME.xml",
                    help="one TEI file per volume: header, persons and terms lists in front, documents in body")
    pu.add_argument("--out", type=Path, required=True,
                    help="the site's folder: new, empty, or a previous publish (it is replaced whole)")
    pu.add_argument("--no-search", action="store_true", help="skip the search index")
    pu.add_argument("--jobs", "-j", type=int, default=None, help="search indexers at once (default 1)")
    pu.add_argument("--build-date", default=os.environ.get("EDITION_BUILD_DATE"),
                    help="the date shown as the build date (default: none, or $EDITION_BUILD_DATE)")
    pu.set_defaults(run=_publish)

    for name, text in DELEGATED.items():  # listed in the help; run by their own modules
        sub.add_parser(name, help=text, add_help=False)

    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DELEGATED:  # these parse their own options, in any order
        import importlib
        return importlib.import_module(f"pipeline.{argv[0]}").command(argv[1:])
    args = ap.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
