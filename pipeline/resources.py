"""Where the edition's data is: the stylesheets (``xslt/``), the page
templates (``templates/``) and the schemas (``schemas/``).

They live at the top of the project, beside the package. An installed
package (a wheel) carries them inside itself, as ``pipeline/xslt`` and so on
(see ``package-dir`` in pyproject.toml); a checkout, or an editable install of
one, finds them at the project's top.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files(__package__))).resolve()


def data_folder(name: str) -> Path:
    """The folder ``name`` (``xslt``, ``templates`` or ``schemas``)."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


XSLT = data_folder("xslt")
TEMPLATES = data_folder("templates")
SCHEMAS = data_folder("schemas")
