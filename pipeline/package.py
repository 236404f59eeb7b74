"""Archival packages: one BagIt bag per volume, of validated TEI only.

A bag (RFC 8493, written with the ``bagit`` library) holds in ``data/``:

    tei/<stem>.xml            the per-document TEI files
    <volume id>.xml           the volume file, when there is one
    schemas/edition.rnc|.rng|.sch
    validation-report.json    what the validator said of each file
    validation-report.txt     the same, for people

with SHA-256 manifests of the payload and of the tag files. Nothing in a bag
depends on when it was made, so packaging unchanged input again gives
byte-identical files; ``Bagging-Date`` is written only when SOURCE_DATE_EPOCH
sets it. A volume with any validation error is not packaged.

``command`` is ``edition package BUILD_DIR [--out DIR]``.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

import bagit
from lxml import etree

from . import safexml
from .files import inside, is_safe_name
from .schematron import processor
from .report import ERROR, WARNING, Message
from .validate import Validator

SCHEMA_FILES = ("edition.rnc", "edition.rng", "edition.sch")
CHECKSUMS = ["sha256"]


class PackageRefused(Exception):
    """Validation found errors; ``problems`` lists every problem found."""

    def __init__(self, volume_id: str, problems: list[Message]):
        errors = sum(p.level == ERROR for p in problems)
        super().__init__(f"volume {volume_id} not packaged: {errors} validation error{'s' * (errors != 1)}")
        self.problems = problems


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bagging_date() -> str | None:
    """The day SOURCE_DATE_EPOCH names (UTC), if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        when = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    return when.strftime("%Y-%m-%d")


def package_volume(volume_id: str, tei_files: list[Path], volume_file: Path | None, out_dir: Path,
                   validator: Validator) -> Path:
    """Validate the volume's TEI and write its bag to ``out_dir/<volume_id>/``.

    Raises ``PackageRefused`` (nothing written) when a file has a
    validation error; warnings are kept in the report."""
    if not is_safe_name(volume_id):
        raise ValueError(f"the volume id {volume_id!r} cannot name a folder (a separator, a leading dot, "
                         "a control character or too long); not packaged")
    date = _bagging_date()
    members: list[tuple[str, Path]] = [(f"tei/{Path(f).name}", Path(f)) for f in tei_files]
    if volume_file is not None:
        members.append((f"{volume_id}.xml", Path(volume_file)))
    names = [name for name, _ in members]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"two files would share the name {duplicates[0]} in the bag")

    results = [(name, path, validator.check(path)) for name, path in members]
    problems = [p for _, _, found in results for p in found]
    if any(p.level == ERROR for p in problems):
        raise PackageRefused(volume_id, problems)
    # In the bag, a problem names the file by its place in the payload.
    results = [(name, path, [dataclasses.replace(p, file=name) for p in found]) for name, path, found in results]

    out_dir.mkdir(parents=True, exist_ok=True)
    # The id is a safe name, but out_dir may hold links: check where they lead.
    staging = inside(out_dir, out_dir / f".{volume_id}.partial")
    final = inside(out_dir, out_dir / volume_id)
    _remove(staging)
    (staging / "tei").mkdir(parents=True)
    (staging / "schemas").mkdir()
    for name, path in members:
        shutil.copyfile(path, staging / name)
    for name in SCHEMA_FILES:
        shutil.copyfile(validator.schemas / name, staging / "schemas" / name)
    report = _report(volume_id, validator, results)
    (staging / "validation-report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (staging / "validation-report.txt").write_text(_report_text(report), encoding="utf-8")

    documents = len(tei_files)
    info = {
        "External-Identifier": volume_id,
        "External-Description": f"TEI P5 of FRUS volume {volume_id}: {documents} document file"
                                f"{'s' * (documents != 1)}{', the volume file' if volume_file else ''}, "
                                "the edition's schemas and the validation report.",
    }
    if date:
        info["Bagging-Date"] = date
    bag = bagit.make_bag(str(staging), info, checksums=CHECKSUMS)
    if date is None:  # make_bag always stamps today's date; an unset date is no date
        bag.info.pop("Bagging-Date", None)
        bag.save()
    _sort_tag_manifests(staging)

    _remove(final)
    staging.rename(final)
    return final


def _remove(path: Path) -> None:
    """Remove what ``path`` names; a link is removed, never what it leads to."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _sort_tag_manifests(bag_dir: Path) -> None:
    # bagit lists tag files in directory order; no checksum covers the tag
    # manifest itself, so putting its lines in order changes nothing else.
    for manifest in bag_dir.glob("tagmanifest-*.txt"):
        lines = manifest.read_text(encoding="utf-8").splitlines()
        manifest.write_text("".join(f"{line}\n" for line in sorted(lines)), encoding="utf-8")


def _problem(p: Message) -> dict:
    """A problem as the validation report lists it, each with its file."""
    return {"file": p.file, "line": p.line, "column": p.column, "level": p.level, "code": p.code, "message": p.text}


def _report(volume_id: str, validator: Validator, results) -> dict:
    files = []
    for name, path, problems in results:
        files.append({
            "file": name,
            "sha256": _sha256(path),
            "valid": not any(p.level == ERROR for p in problems),
            "problems": [_problem(p) for p in problems],
        })
    return {
        "volume": volume_id,
        "schemas": {f"schemas/{name}": _sha256(validator.schemas / name) for name in SCHEMA_FILES},
        "validators": {
            "relaxng": "libxml2 " + ".".join(map(str, etree.LIBXML_VERSION)),
            "schematron": processor().version,
        },
        "summary": {
            "files": len(files),
            "errors": sum(p["level"] == ERROR for f in files for p in f["problems"]),
            "warnings": sum(p["level"] == WARNING for f in files for p in f["problems"]),
        },
        "files": files,
    }


def _report_text(report: dict) -> str:
    s = report["summary"]
    lines = [
        f"Validation report for volume {report['volume']}",
        "",
        f"{s['files']} TEI files checked against schemas/edition.rng (RelaxNG, {report['validators']['relaxng']})",
        f"and schemas/edition.sch (Schematron, {report['validators']['schematron']}).",
        f"Errors: {s['errors']}. Warnings: {s['warnings']}.",
        "",
    ]
    for f in report["files"]:
        lines.append(f"{f['file']}  sha256:{f['sha256']}  {'valid' if f['valid'] else 'INVALID'}")
        for p in f["problems"]:
            where = f"{p['file']}:{p['line']}" + (f":{p['column']}" if p["column"] is not None else "")
            lines.append(f"    {where}: {p['level']}: {p['message']} [{p['code']}]")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the command

def _natural(path: Path):
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.stem)]


def _volume_id(build_dir: Path, files: list[Path]) -> str | None:
    """A single-volume build does not name its volume in the path: take it
    from the one volume file, else from the idno the TEI files share."""
    volume_files = sorted((build_dir / "volumes").glob("*.xml"))
    if len(volume_files) == 1:
        return volume_files[0].stem
    ids = set()
    for f in files:
        try:
            tree = safexml.parse_path(f)[0]
        except (etree.XMLSyntaxError, safexml.UnsafeXML):
            continue  # validation will say what is wrong with it
        ids.update(tree.xpath("//t:sourceDesc/t:bibl/t:idno[@type='frus']/text()",
                              namespaces={"t": "http://www.tei-c.org/ns/1.0"}))
    return ids.pop() if len(ids) == 1 else None


def find_volumes(build_dir: Path) -> dict[str, list[Path]]:
    """Volume id → its TEI files, from ``BUILD_DIR/tei`` as ``edition build`` lays it out."""
    tei = build_dir / "tei"
    volumes = {}
    loose = sorted(tei.glob("*.xml"), key=_natural)
    if loose:
        volume_id = _volume_id(build_dir, loose)
        if volume_id is None:
            raise ValueError(f"{tei}: cannot tell which volume these files belong to "
                             "(no single volume file in volumes/, no shared idno type=\"frus\")")
        volumes[volume_id] = loose
    for sub in sorted(p for p in tei.iterdir() if p.is_dir()):
        files = sorted(sub.glob("*.xml"), key=_natural)
        if files:
            volumes[sub.name] = files
    return volumes


def command(argv: list[str]) -> int:
    """``edition package BUILD_DIR [--out DIR]``: 0 every volume packaged,
    1 a volume refused for validation errors, 2 usage error or unusable input."""
    ap = argparse.ArgumentParser(prog="edition package",
                                 description="Validate the TEI of a build and write one BagIt bag per volume.")
    ap.add_argument("build_dir", type=Path, metavar="BUILD_DIR", help="the output folder of edition build")
    ap.add_argument("--out", type=Path, help="where to write the bags (default BUILD_DIR/package)")
    try:
        args = ap.parse_args(argv)
    except SystemExit as exit:
        return 2 if exit.code else 0
    if not (args.build_dir / "tei").is_dir():
        print(f"{args.build_dir}: no tei/ folder (run edition build first)", file=sys.stderr)
        return 2
    try:
        volumes = find_volumes(args.build_dir)
    except (ValueError, OSError) as err:
        print(err, file=sys.stderr)
        return 2
    if not volumes:
        print(f"{args.build_dir / 'tei'}: no TEI files", file=sys.stderr)
        return 2
    out = args.out or args.build_dir / "package"
    validator = Validator()
    status = 0  # a volume refused or unusable does not stop the others
    for volume_id, files in volumes.items():
        volume_file = args.build_dir / "volumes" / f"{volume_id}.xml"
        try:
            bag = package_volume(volume_id, files, volume_file if volume_file.is_file() else None, out, validator)
        except PackageRefused as refused:
            for p in refused.problems:
                print(p.format())
            print(refused, file=sys.stderr)
            status = max(status, 1)
            continue
        except (OSError, ValueError, bagit.BagError) as err:
            print(f"volume {volume_id}: {err}", file=sys.stderr)
            status = 2
            continue
        print(f"packaged {volume_id}: {len(files)} document file{'s' * (len(files) != 1)}"
              f"{' and the volume file' if volume_file.is_file() else ''} in {bag}", file=sys.stderr)
    return status
