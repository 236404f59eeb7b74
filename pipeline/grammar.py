"""The small grammar every stage shares: month names, ordinals and page ids.

One definition each, imported by the parser, the resolver, the writer, the
annotators and the front-matter readers, so that a form one stage knows
("Jun. 3") is never unknown to another.
"""
from __future__ import annotations

import re

MONTHS = ("January February March April May June July August September October November December").split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# The abbreviations FRUS prints ("Sept." and "Sep." both occur; May has none).
MONTH_ABBREVIATIONS = {"Jan.": 1, "Feb.": 2, "Mar.": 3, "Apr.": 4, "Jun.": 6, "Jul.": 7, "Aug.": 8, "Sept.": 9,
                       "Sep.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12}
MONTH_NO = {m: i for i, m in enumerate(MONTHS, 1)} | MONTH_ABBREVIATIONS
# A month as a regular expression: the full names first, so "June" is never cut to "Jun".
MONTH = "(?:" + "|".join(MONTHS) + "|" + "|".join(re.escape(a) for a in MONTH_ABBREVIATIONS) + ")"

# "1st", "22d" (the older FRUS style), "3rd", "4th": the suffix of a day or a rank written in figures.
ORDINAL_SUFFIX = r"(?:st|nd|rd|th|d)"

# A page id is "pg_" and the printed number, any character outside plain ASCII
# letters, digits, "." and "-" made "_" ("12½" → "pg_12_"): always a valid xml:id.
_NOT_ID = re.compile(r"[^A-Za-z0-9.-]")


def page_id(n: str) -> str:
    """The xml:id of the page printed as ``n`` ("315", "XXVIII", "12½")."""
    return "pg_" + _NOT_ID.sub("_", n)
