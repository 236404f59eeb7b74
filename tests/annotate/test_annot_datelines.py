"""Rule *dateline*: the place and the creation date, brackets and punctuation left outside."""
from __future__ import annotations

import pytest



@pytest.mark.parametrize("text, expected", [
    ("[Washington,] December 26, 1941.",
     '[<placeName>Washington</placeName>,] <date when="1941-12-26">December 26, 1941</date>.'),
    ("Washington, December 29, 1959.",
     '<placeName>Washington</placeName>, <date when="1959-12-29">December 29, 1959</date>.'),
    ("Buenos Aires, August 8, 1941—3 p.m. [Received 6:20 p.m.]",
     '<placeName>Buenos Aires</placeName>, <date when="1941-08-08T15:00:00">August 8, 1941—3 p.m.</date>'
     ' [Received 6:20 p.m.]'),
    ("London, December 23, 1941—11 p.m. [Received December 23—7 p.m.]",
     '<placeName>London</placeName>, <date when="1941-12-23T23:00:00">December 23, 1941—11 p.m.</date>'
     ' [Received December 23—7 p.m.]'),
    ("Laranjeiras Palace, Rio de Janeiro, August 5, 1958, 11 a.m.",
     '<placeName>Laranjeiras Palace, Rio de Janeiro</placeName>, '
     '<date when="1958-08-05T11:00:00">August 5, 1958, 11 a.m.</date>'),
    ("Washington, December 20, 1941—noon.",
     '<placeName>Washington</placeName>, <date when="1941-12-20T12:00:00">December 20, 1941—noon</date>.'),
    ("Rio de Janeiro, July 19, 1958--12:50 p.m.",
     '<placeName>Rio de Janeiro</placeName>, <date when="1958-07-19T12:50:00">July 19, 1958--12:50 p.m.</date>'),
    ("Washington, undated.", '<placeName>Washington</placeName>, <date>undated</date>.'),
])
def test_dateline(run, text, expected):
    r = run(f"<opener><dateline>{text}</dateline></opener>")
    assert r.xml("dateline") == f"<dateline>{expected}</dateline>"


def test_dateline_in_the_closer_dates_the_document(run):
    r = run("<p>The Ambassador presents his compliments.</p><closer><dateline>Washington, May 21, 1941."
            "</dateline></closer>", volume_id="frus1941v06")
    assert r.result.date_when == "1941-05-21"
    assert r.texts("placeName") == ["Washington"]


def test_telegram_time_in_utc_and_a_weekday(run):
    r = run("<opener><dateline>Saigon, Monday, January 26, 1970, 2252Z.</dateline></opener>",
            volume_id="frus1969-76v06")
    assert r.xml("dateline") == ('<dateline><placeName>Saigon</placeName>, Monday, <date '
                                 'when="1970-01-26T22:52:00+00:00">January 26, 1970, 2252Z</date>.</dateline>')
    assert r.result.date_min == r.result.date_max == "1970-01-26T17:52:00-05:00"
