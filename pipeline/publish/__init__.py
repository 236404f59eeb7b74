"""Publish the static edition: TEI documents → HTML pages, indexes and search.

    pub = Publisher(site_dir, build_date=None)
    summary = pub.render_document(volume, tei_path, prev_id, next_id, href_tei)
    pub.render_indexes(volumes, summaries_by_volume, pages_dir)
    pub.index_search(volume_ids)               (one volume's Pagefind index; wordmap.index_all: all, and the word map)
"""
from .publisher import Publisher
from .summary import DocumentSummary, Entry

__all__ = ["Publisher", "DocumentSummary", "Entry"]
