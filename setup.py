"""The package's layout for setuptools (the rest is in pyproject.toml).

``xslt/``, ``templates/`` and ``schemas/`` stay at the top of the project and
go into the wheel inside the package, as ``pipeline/xslt`` and so on, where
``pipeline.resources`` finds them. Every file below them is carried (each
folder as a package of data), so a new template or stylesheet needs no entry
here.
"""
from pathlib import Path

from setuptools import find_packages, setup

DATA = ("xslt", "templates", "schemas")
data_packages = ["pipeline." + ".".join(folder.parts) for name in DATA
                 for folder in [Path(name), *sorted(p for p in Path(name).rglob("*") if p.is_dir())]]

setup(
    packages=find_packages(include=["pipeline", "pipeline.*"]) + data_packages,
    package_dir={f"pipeline.{name}": name for name in DATA},
    package_data={package: ["*"] for package in data_packages},
)
