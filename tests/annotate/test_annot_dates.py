"""Rule *dates*: dates in text and notes, their values, and the document's date."""
from __future__ import annotations


DATED = "<opener><dateline>Washington, August 3, 1960.</dateline></opener>"


def test_full_date_in_text(run):
    r = run(DATED + "<p>The Charter was signed at Bogota, April 30, 1948; 2 UST 2394.</p>")
    assert r.pairs("date", "when")[1:] == [("April 30, 1948", "1948-04-30")]


def test_partial_date_takes_the_documents_year_and_is_reported(run):
    r = run(DATED + "<p>He had discussed it with Mr. Rubottom on August 2.</p>")
    assert ("August 2", "1960-08-02") in r.pairs("date", "when")
    guess = r.decisions("date-year")
    assert guess and guess[0].chosen == "when=1960-08-02" and "when=1959-08-02" in guess[0].alternatives


def test_partial_date_before_a_january_document_is_last_year(run):
    r = run("<opener><dateline>Rio de Janeiro, January 5, 1959.</dateline></opener>"
            "<p>Your telegram of December 28 and the meeting planned for January 20.</p>")
    assert r.pairs("date", "when")[1:] == [("December 28", "1958-12-28"), ("January 20", "1959-01-20")]


def test_date_split_by_a_footnote_marker(run):
    r = run(DATED + '<p>with Mr. Rubottom on August 2<note n="3" xml:id="d1fn3">A memorandum of '
            'this conversation is in Department of State, Central Files, 611.37/8–260.</note> and also</p>')
    assert ("August 2", "1960-08-02") in r.pairs("date", "when")
    assert '<date when="1960-08-02">August 2</date><note' in r.xml()


def test_day_month_year(run):
    r = run(DATED + "<p>The agreement of 30 June 1959 stands.</p>")
    assert ("30 June 1959", "1959-06-30") in r.pairs("date", "when")


def test_month_and_year(run):
    r = run("<p>In November 1944, however, the Under Secretary replied.</p>", volume_id="frus1944v07")
    assert r.pairs("date", "when") == [("November 1944", "1944-11")]


def test_ranges(run):
    r = run(DATED + "<p>Talks on February 25–26, 1959; a trip April 27–May 15, 1958; "
            "from December 30, 1958–January 2, 1959; during June–September 1958.</p>")
    got = [(e.text, e.get("from"), e.get("to")) for e in r.all("date")][1:]
    assert got == [("February 25–26, 1959", "1959-02-25", "1959-02-26"),
                   ("April 27–May 15, 1958", "1958-04-27", "1958-05-15"),
                   ("December 30, 1958–January 2, 1959", "1958-12-30", "1959-01-02"),
                   ("June–September 1958", "1958-06-01", "1958-09-30")]


def test_not_dates(run):
    r = run(DATED + "<p>Central Files, 611.37/8–360 and 737.00/8–460; telegram 1699 at 7 p.m.; "
            "in 1942 and on 5/14/59; he may 1 day; February 30, 1959.</p>")
    assert r.texts("date") == ["August 3, 1960"]


def test_telegram_citation_date_without_its_time(run):
    r = run(DATED + "<p>Department’s 511, August 6, 7 p.m. Confirming information.</p>")
    assert r.pairs("date", "when")[1:] == [("August 6", "1960-08-06")]


def test_heading_date_dates_the_document(run):
    r = run('<head>571. Memorandum of a Conversation, Department of State, Washington, August 3, 1960'
            '<note n="1" xml:id="d1fn1" type="source">Source: Central Files, 611.37/8–360. Approved on '
            'August 9.</note></head><p>On August 2 they met.</p>')
    assert r.pairs("date", "when") == [("August 3, 1960", "1960-08-03"), ("August 9", "1960-08-09"),
                                       ("August 2", "1960-08-02")]
    assert r.result.date_when == "1960-08-03"
    assert r.div.get("{http://history.state.gov/frus/ns/1.0}doc-dateTime-min") == "1960-08-03T00:00:00-05:00"
    assert r.div.get("{http://history.state.gov/frus/ns/1.0}doc-dateTime-max") == "1960-08-03T23:59:59-05:00"


def test_time_in_the_dateline_makes_a_point_in_time(run):
    r = run("<opener><dateline>Buenos Aires, August 8, 1941—3 p.m. [Received 6:20 p.m.]</dateline></opener>",
            volume_id="frus1941v06")
    assert r.pairs("date", "when") == [("August 8, 1941—3 p.m.", "1941-08-08T15:00:00")]
    assert (r.result.date_min, r.result.date_max) == ("1941-08-08T15:00:00-05:00", "1941-08-08T15:00:00-05:00")


def test_editorial_note_takes_its_year_from_the_text(run):
    r = run("<head>Attitude of the United States</head>"
            "<p>On April 1, 1943, the Adviser wrote. In August 1944 the Ambassador asked; a letter of August 30 "
            "replied.</p>", volume_id="frus1944v07")
    assert r.result.date_when == "1944"
    assert (r.result.date_min, r.result.date_max) == ("1944-01-01T00:00:00-05:00", "1944-12-31T23:59:59-05:00")
    assert ("August 30", "1944-08-30") in r.pairs("date", "when")
    assert r.decisions("date-document")[0].chosen == "1944"


def test_undated_year_less_date_follows_the_last_year_given(run):
    r = run("<head>Editorial Note</head><p>On December 3, 1958, he wrote; on December 20 he called. "
            "On March 2, 1959, and on March 9 again.</p>", volume_id="frus1958-60v05")
    assert ("December 20", "1958-12-20") in r.pairs("date", "when")
    assert ("March 9", "1959-03-09") in r.pairs("date", "when")


def test_filing_date_in_the_source_note_gives_the_year(run):
    r = run('<head>243. Telegram From the Embassy in Brazil to the Department of State<note n="1" '
            'xml:id="d1fn1" type="source">Source: Department of State, Central Files, 711.11–EI/5–2358. '
            'Secret.</note></head><p>Reference Embtel of May 21.</p>')
    assert ("May 21", "1958-05-21") in r.pairs("date", "when")
    assert r.result.date_when == "1958"


def test_no_year_anywhere_leaves_year_less_dates_alone_and_says_so(run):
    r = run("<head>244. Editorial Note</head><p>In a letter of June 5, the President replied.</p>")
    assert r.texts("date") == []
    assert r.result.date_when is None
    assert r.decisions("date-document")[0].chosen == ""


def test_date_pins(run):
    pins = {"date": [{"text": "August 2", "when": "1959-08-02"}, {"text": "August 4", "tag": False},
                     {"document": True, "when": "1960-08-05"}]}
    r = run(DATED + "<p>On August 2 and August 4.</p>", pins=pins)
    assert r.pairs("date", "when")[1:] == [("August 2", "1959-08-02")]
    assert r.result.date_when == "1960-08-05"
    assert all(d.pinned for d in r.decisions("date"))


def test_a_day_is_not_the_hour_after_it(run):
    r = run("<p>Buenos Aires, November 26, 1941. [Received November 27—11:50 a.m.] Talks of June 5–3.</p>",
            volume_id="frus1941v06")
    assert r.pairs("date", "when") == [("November 26, 1941", "1941-11-26"), ("November 27", "1941-11-27")]
