"""Render the static edition: document pages (XSLT 3 + Jinja2), indexes, editorial pages.

Layout of the site (all links relative, so it works from file:// and any static host)::

    index.html  search.html  about.html  editorial-method.html  assets/
    <volume>/index.html        table of contents
    <volume>/<doc>.html        a document; <doc>.xml its TEI
    <volume>/persons.html      persons index; persons/<p_id>.html one page per person
    <volume>/chronology.html   documents by date, by year
    <volume>/glossary.html     abbreviations and terms
    <volume>/pages.html        printed page → document (targets of ref="#pg_N")
    <volume>/pagefind/         the volume's search index
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2
from lxml import etree
from markdown_it import MarkdownIt

from ..files import write_new
from ..resources import TEMPLATES, XSLT
from ..schematron import parse, processor
from . import citation, indexes, wordmap
from .summary import DocumentSummary, date_label

SITE_TITLE = "FRUS Edition"
# The key of a volume's dict that brings its whole List of Persons (indexes.Listed),
# where the caller has it; without it the persons index lists the mentioned only.
PERSONS_LIST = "persons-list"
XSL = "http://www.w3.org/1999/XSL/Transform"


@dataclass(frozen=True)
class MarkdownPage:
    stem: str
    title: str
    html: str

    @property
    def href(self) -> str:
        return f"{self.stem}.html"


# Links an editorial page may make: the web, mail, and places within the site.
SAFE_LINK = re.compile(r"(?:https?:|mailto:|[^:/?#]*(?:[/?#]|$))", re.I)


def _safe_link(url: str) -> bool:
    """A link target with a scheme of the web or mail, or none (a relative link)."""
    return bool(SAFE_LINK.match(url.strip()))


def markdown_renderer() -> MarkdownIt:
    """Editorial pages are text, not HTML: raw HTML in them is shown as text
    (``html`` off), and links keep only safe schemes (no ``javascript:``)."""
    md = MarkdownIt("commonmark", {"typographer": True, "html": False})
    md.enable(["replacements", "smartquotes", "table"])
    md.validateLink = _safe_link
    return md


def _markdown_pages(folder: Path | None) -> list[MarkdownPage]:
    """Every *.md of a folder, sorted by name; the title is the first "# " line."""
    if folder is None or not Path(folder).is_dir():
        return []
    md = markdown_renderer()
    pages = []
    for path in sorted(Path(folder).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
        title = heading.group(1) if heading else path.stem.replace("-", " ").capitalize()
        pages.append(MarkdownPage(path.stem, title, md.render(text)))
    return pages


def known_elements() -> frozenset[str]:
    """The TEI elements the stylesheets have a rule for, by name ("p", "frus:attachment"):
    read from the match patterns of ``elements.xsl`` (the last step of each alternative),
    so that the list cannot fall behind the rules. Anything else is rendered by the
    catch-all rule, as its text."""
    xsl = etree.parse(str(XSLT / "elements.xsl"))
    names = set()
    for pattern in xsl.xpath("/*/xsl:template[not(@mode)]/@match", namespaces={"xsl": XSL}):
        bare = ""
        while bare != pattern:  # predicates, innermost first (they may nest, and hold "|")
            bare, pattern = pattern, re.sub(r"\[[^\[\]]*\]", "", pattern)
        for alternative in pattern.split("|"):
            step = re.split(r"/+", alternative.strip())[-1]
            if re.fullmatch(r"[\w:.-]+", step):
                names.add(step)
    return frozenset(names)


def volume_label(volume: dict) -> str:
    """Short name of a volume: "1958–1960, Cuba, Volume VI"."""
    parts = [volume.get(k) for k in ("sub-series", "volume", "volume-number")]
    return ", ".join(p for p in parts if p) or volume.get("title") or volume["id"]


class Publisher:
    """Renders pages into ``site_dir``.

    The Jinja environment is loaded in the constructor, the XSLT compiled when a page
    body is first rendered: a process that only writes page shells and indexes (the
    build's main process) never starts Saxon. A Publisher may be pickled to worker
    processes: it sets up again on arrival (Saxon objects cannot cross processes).
    """

    def __init__(self, site_dir: Path, *, build_date: str | None = None):
        self.site_dir = Path(site_dir)
        self.build_date = build_date
        self._setup()

    def _setup(self) -> None:
        self._compiled = None
        self.problems: list[str] = []  # Markdown pages refused, as "file: error: …" lines
        # built-in editorial pages: the navigation bar of every page links to them
        self._site_pages = _markdown_pages(TEMPLATES / "pages")
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # templates do not change during a build: no stat of each one per page
        )
        env.filters["date_label"] = date_label
        env.globals.update(site_title=SITE_TITLE, build_date=self.build_date,
                           volume_label=volume_label, site_pages=self._site_pages)
        self._env = env
        self._document = env.get_template("document.html")

    def __getstate__(self):
        return {"site_dir": self.site_dir, "build_date": self.build_date}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._setup()

    # ---- documents -------------------------------------------------------------

    def render_document(self, volume: dict, tei_path: Path, prev_id: str | None,
                        next_id: str | None, href_tei: str) -> DocumentSummary:
        """Write ``site_dir/<volume id>/<doc id>.html`` and return the document's summary.

        ``href_tei`` is the TEI download link, relative to the page. A bare file name
        (e.g. ``d571.xml``) means: copy the TEI file there, next to the page.
        """
        tei = Path(tei_path).read_bytes()  # read once: parsed here, copied below
        doc, body = self.render_body(volume, parse(tei.decode("utf-8")))
        self.write_page(volume, doc, body, prev_id, next_id, href_tei)
        if "/" not in href_tei:
            (self.site_dir / doc.volume / href_tei).write_bytes(tei)
        return doc

    def render_documents(self, volume: dict, documents, failed) -> list[DocumentSummary]:
        """Pages for a volume's documents, given in order as (TEI bytes, where): every
        body is rendered first, then the pages are written, each linking to the
        neighbours that rendered (no link leads to a page that failed to), with the TEI
        beside them as ``<doc id>.xml``. ``failed(where, error)`` hears of each
        document that could not be rendered; the others are published."""
        rendered = []
        for tei, where in documents:
            try:
                rendered.append((tei, *self.render_body(volume, parse(tei.decode("utf-8")))))
            except Exception as err:  # one document must never stop the others
                failed(where, err)
        docs = [doc for _, doc, _ in rendered]
        for i, (tei, doc, body) in enumerate(rendered):
            self.write_page(volume, doc, body, docs[i - 1].id if i else None,
                            docs[i + 1].id if i + 1 < len(docs) else None, f"{doc.id}.xml")
            write_new(self.site_dir / doc.volume / f"{doc.id}.xml", tei)
        return docs

    def render_body(self, volume: dict, node) -> tuple[DocumentSummary, str]:
        """A parsed TEI document (a Saxon node) → its summary and its page body (HTML)."""
        to_html, to_summary = self._xslt()
        body = to_html.transform_to_string(xdm_node=node)
        data = json.loads(to_summary.transform_to_string(xdm_node=node))
        return DocumentSummary.from_dict(dict(data, volume=volume["id"])), body

    def write_page(self, volume: dict, doc: DocumentSummary, body: str, prev_id: str | None,
                   next_id: str | None, href_tei: str) -> Path:
        """The page around a rendered body: navigation, neighbours, downloads, citation."""
        cite = citation.citation(doc, volume)
        html = self._document.render(
            root="../", title=doc.title, volume=volume, doc=doc, body=body,
            prev_id=prev_id, next_id=next_id, href_tei=href_tei, cite=cite,
            bibtex=citation.data_url(citation.bibtex(cite), "application/x-bibtex"),
            csl_json=citation.data_url(citation.csl_json(cite), "application/vnd.citationstyles.csl+json"),
            breadcrumbs=[("Volumes", "../index.html"), (volume_label(volume), "index.html"),
                         (doc.label, None)],
        )
        path = self.site_dir / doc.volume / doc.href
        _write(path, html)
        return path

    def compile(self) -> None:
        """Compile the stylesheets now rather than at the first page."""
        self._xslt()

    def _xslt(self):
        if self._compiled is None:
            compiler = processor().new_xslt30_processor()
            self._compiled = tuple(compiler.compile_stylesheet(stylesheet_file=str(XSLT / name))
                                   for name in ("tei-to-html.xsl", "summary.xsl"))
        return self._compiled

    # ---- indexes and site pages ----------------------------------------------------

    def render_indexes(self, volumes: list[dict], summaries: dict[str, list[DocumentSummary]],
                       pages_dir: Path | None) -> None:
        """Home page, per-volume indexes, editorial pages, search page, assets.

        Markdown pages: ``templates/pages/*.md`` plus ``pages_dir/*.md`` (same name
        replaces) at the site root; a volume dict's optional ``"dir"`` adds that volume
        folder's ``*.md`` as pages of the volume.
        """
        for volume in volumes:
            self.render_volume(volume, summaries.get(volume["id"], []))
        self.render_site(volumes, {v: len(docs) for v, docs in summaries.items()}, pages_dir)

    def render_volume(self, volume: dict, docs: list[DocumentSummary]) -> None:
        """A volume's own pages: contents, persons, glossary, chronology, printed
        pages, stubs of the documents it lacks, and its Markdown pages."""
        site, vid, label = self.site_dir, volume["id"], volume_label(volume)
        stubs = indexes.missing_documents(docs)
        generated = {"index": "the volume's contents page", "persons": "the persons index",
                     "glossary": "the glossary", "chronology": "the chronology", "pages": "the printed pages",
                     **{d.id: f"the page of document {d.id}" for d in docs},
                     **{s.id: f"the page of missing document {s.id}" for s in stubs}}
        vol_pages = []
        for p in _markdown_pages(volume.get("dir")):
            if p.stem in generated:  # never silently replace a page the build makes
                self.problems.append(f"{Path(volume['dir']) / (p.stem + '.md')}: error: would replace "
                                     f"{generated[p.stem]} ({vid}/{p.href}); not published [page-collision]")
            else:
                vol_pages.append(p)

        def page(name, template, title, crumb, depth=1, **ctx):
            # depth: folders below the site root (1 = the volume folder)
            root, up = "../" * depth, "../" * (depth - 1)
            trail = [("Volumes", root + "index.html"), (label, up + "index.html"), (crumb, None)]
            self._render(site / vid / name, template, root=root, title=title, volume=volume,
                         breadcrumbs=trail, **ctx)

        self._render(site / vid / "index.html", "volume.html", root="../", title=label,
                     volume=volume, docs=docs, vol_pages=vol_pages,
                     breadcrumbs=[("Volumes", "../index.html"), (label, None)])
        persons = indexes.aggregate(docs, "persons")
        # the whole List of Persons, where the volume's dict brings it (the build's lists,
        # a volume file's front): the persons no document mentions are listed, marked
        whole = volume.get(PERSONS_LIST)
        listed = indexes.with_unmentioned(persons, whole) if whole else persons
        page("persons.html", "persons.html", f"Persons — {label}", "Persons", whole=bool(whole),
             groups=indexes.by_initial(listed), count=len(listed), mentioned=len(persons))
        for person in persons:
            page(f"persons/{person.id}.html", "person.html", f"{person.name} — {label}",
                 person.name, depth=2, person=person)
        page("glossary.html", "glossary.html", f"Abbreviations and terms — {label}",
             "Abbreviations and terms", terms=indexes.aggregate(docs, "terms"))
        years, undated = indexes.chronology(docs)
        page("chronology.html", "chronology.html", f"Chronology — {label}", "Chronology",
             years=years, undated=undated)
        page("pages.html", "pages.html", f"Printed pages — {label}", "Printed pages",
             pages=indexes.page_concordance(docs))
        for stub in stubs:
            page(f"{stub.id}.html", "missing.html", f"{stub.label} (not in this edition)",
                 stub.label, stub=stub)
        for p in vol_pages:
            page(p.href, "page.html", f"{p.title} — {label}", p.title, content=p.html)

    def render_site(self, volumes: list[dict], counts: dict[str, int], pages_dir: Path | None) -> None:
        """The pages above the volumes: home (with each volume's number of
        documents), search, editorial pages, and the assets."""
        site = self.site_dir
        shutil.copytree(TEMPLATES / "assets", site / "assets", dirs_exist_ok=True)
        # pages from pages_dir join (or replace) the built-in ones; the home page lists all
        pages = {p.stem: p for p in self._site_pages + _markdown_pages(pages_dir)}
        for stem, what in (("index", "the home page"), ("search", "the search page")):
            if stem in pages:  # never silently replace a page the build makes
                self.problems.append(f"{Path(pages_dir or TEMPLATES / 'pages') / (stem + '.md')}: error: would "
                                     f"replace {what} ({stem}.html); not published [page-collision]")
                del pages[stem]
        all_pages = [pages[k] for k in sorted(pages)]
        for p in all_pages:
            self._render(site / p.href, "page.html", root="", title=p.title, content=p.html,
                         breadcrumbs=[("Volumes", "index.html"), (p.title, None)])
        self._render(site / "search.html", "search.html", root="", title="Search", prefix=wordmap.PREFIX,
                     breadcrumbs=[("Volumes", "index.html"), ("Search", None)])
        self._render(site / "index.html", "home.html", root="", title=SITE_TITLE,
                     volumes=volumes, counts=counts, pages=all_pages, breadcrumbs=[])

    def _render(self, path: Path, template: str, **ctx) -> None:
        _write(path, self._env.get_template(template).render(**ctx))

    # ---- search --------------------------------------------------------------------

    def index_search(self, volume_ids: list[str], jobs: int = 1) -> None:
        """Index the document pages of the given volumes with Pagefind, one bundle
        per volume (``<volume>/pagefind/``, filters: volume, year), ``jobs`` at a
        time. A volume's bundle is redone alone when its pages change; the search
        page merges the bundles of all volumes."""
        def index(volume_id: str) -> None:
            # The new bundle is written beside the volume's folder, then moved in. Written
            # where the old one was just removed, on ext4, it took 40 % more CPU (the
            # kernel's, finding inodes among those just freed: 1.3 s of system time
            # against 0.45 s for 500 pages); in a new folder, or on tmpfs, both cost the same.
            folder = self.site_dir / volume_id
            bundle = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self.site_dir))
            try:
                # Only the folder's own pages: the documents are there, and Pagefind need not read
                # the persons' pages below it (500 of them made its work a third longer).
                subprocess.run([sys.executable, "-S", "-c", _INDEXER, str(os.getpid()), _pagefind(),
                                "--site", str(folder), "--glob", "*.html", "--output-path", str(bundle),
                                "--silent"], check=True)
                shutil.rmtree(folder / "pagefind", ignore_errors=True)
                os.rename(bundle, folder / "pagefind")
            finally:
                shutil.rmtree(bundle, ignore_errors=True)

        with ThreadPoolExecutor(max(1, jobs)) as pool:
            list(pool.map(index, volume_ids))


# Pagefind, made to die with the build: a killed build would otherwise leave it
# writing into the abandoned staging folder. On Linux the indexer asks to be
# killed when the thread that started it ends (the request survives the exec of
# Pagefind's binary), then checks that the build did not die before it asked.
# Its binary is found once, by the build (``python -m pagefind`` would import
# its package again in every indexer: a tenth of a second a volume).
_INDEXER = """
import ctypes, os, signal, sys
build = int(sys.argv.pop(1))
if sys.platform.startswith("linux"):
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != build:
        sys.exit("the build ended before its search indexer started")
os.execv(sys.argv[1], sys.argv[1:])
"""


@functools.cache
def _pagefind() -> str:
    from pagefind_bin import get_executable
    return str(get_executable())


def _write(path: Path, text: str) -> None:
    """A page, as a new file (see ``files``), ending with a newline."""
    write_new(path, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
