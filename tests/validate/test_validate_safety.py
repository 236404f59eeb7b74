"""Hostile XML is refused or defused, never expanded, fetched or read."""
from __future__ import annotations

import http.server
import threading
import time

import pytest

from pipeline import safexml
from validate_support import FIXTURES

HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("name", ["billion-laughs", "external-entity", "parameter-entity", "external-dtd-entity"])
def test_entities_are_refused(name):
    with pytest.raises(safexml.UnsafeXML):
        safexml.parse_path(HOSTILE / f"{name}.xml")


def test_billion_laughs_is_refused_quickly(validator):
    start = time.perf_counter()
    [problem] = validator.check(HOSTILE / "billion-laughs.xml")
    assert time.perf_counter() - start < 2
    assert problem.code == "unsafe-xml" and problem.level == "error"


def test_external_entity_does_not_disclose_the_file(validator):
    [problem] = validator.check(HOSTILE / "external-entity.xml")
    assert problem.code == "unsafe-xml"
    assert problem.line == 2 and "secret" in problem.text
    assert "root:" not in problem.text


def test_local_external_dtd_is_not_read():
    """The DTD next to the file is broken on purpose: reading it would fail the parse."""
    tree = safexml.parse_path(HOSTILE / "external-dtd-local.xml")[0]
    assert tree.docinfo.externalDTD is None
    assert tree.docinfo.system_url == "evil.dtd"


def test_entity_from_an_external_dtd_is_not_resolved():
    with pytest.raises(safexml.UnsafeXML, match="fromthedtd"):
        safexml.parse_path(HOSTILE / "external-dtd-entity.xml")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY fromthedtd "FETCHED">')

    def log_message(self, *args):
        pass


def test_network_dtd_is_not_fetched(validator, tmp_path):
    """(libxml2 2.14 is built without HTTP; this guards a build that has it.)"""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/evil.dtd"
        doc = tmp_path / "remote-dtd.xml"
        doc.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "{url}">\n'
                       '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t"><teiHeader/><text><body/></text></TEI>\n')
        safexml.parse_path(doc)
        problems = validator.check(doc)
        assert problems and all(p.code == "relaxng" for p in problems)  # an empty header, nothing worse
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.requests == []


def test_not_well_formed_is_a_problem_with_a_place(validator, tmp_path):
    doc = tmp_path / "broken.xml"
    doc.write_text("<TEI>\n  <teiHeader>\n</TEI>\n")
    [problem] = validator.check(doc)
    assert (problem.code, problem.line, problem.level) == ("not-well-formed", 3, "error")
    assert problem.format().startswith(f"{doc}:3:")


def test_repeated_ids_do_not_stop_the_parse():
    tree = safexml.parse_path(FIXTURES / "invalid/id-unique.xml")[0]
    assert len(tree.xpath("//*[@xml:id='pg_5']")) == 2

