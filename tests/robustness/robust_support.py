"""Helpers for the robustness tests: volumes written from bytes, the CLI run as a
subprocess, and checks that a build left nothing half-written."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pipeline
from pipeline.build.manifest import read_report

PROJECT = Path(pipeline.__file__).resolve().parent.parent
TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI_NS}


def write_volume(folder: Path, files: dict[str, bytes | str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder


@dataclass
class Outcome:
    status: int
    err: str
    out: Path

    @property
    def report(self) -> dict:
        return read_report(self.out)

    def document(self, name: str) -> dict:
        """The report entry of the text called ``name`` (or ``volume/name``)."""
        found = [d for v in self.report["volumes"] for d in v["documents"]
                 if d["source"].replace("\\", "/").endswith("/" + name) or d["source"] == name]
        assert len(found) == 1, f"{name}: {len(found)} report entries"
        return found[0]

    def messages(self, name: str, code: str | None = None) -> list[dict]:
        return [m for m in self.document(name)["messages"] if code is None or m["code"] == code]


def cli_env() -> dict:
    """A subprocess runs the same code as this test process."""
    return dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def edition_cmd(*argv) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *[str(a) for a in argv]]


def run_edition(*argv, timeout: float = 300) -> Outcome:
    """Run ``edition ARGS`` as a subprocess."""
    args = [str(a) for a in argv]
    proc = subprocess.run(edition_cmd(*args), capture_output=True, text=True, env=cli_env(), timeout=timeout)
    out = Path(args[args.index("--out") + 1]) if "--out" in args else Path("build")
    return Outcome(proc.returncode, proc.stderr, out)


def stray_files(root: Path) -> list[Path]:
    """Temporary files, staging folders and locks a finished build must not leave."""
    out = []
    for p in root.rglob("*"):
        if p.name.endswith(".tmp") or p.name.endswith(".staging") or p.name.endswith(".lock") \
                or p.name.endswith(".old"):
            out.append(p)
    return out


def tei_files(out: Path) -> list[Path]:
    return sorted((out / "tei").rglob("*.xml")) if (out / "tei").exists() else []


def site_pages(out: Path) -> list[Path]:
    return sorted((out / "site").rglob("*.html")) if (out / "site").exists() else []
