"""Rule *heading parties*: sender and recipient, a person as persName@type, an office as gloss@type."""
from __future__ import annotations



def test_offices_become_glosses(run):
    r = run("<head>243. Telegram From the Embassy in Brazil to the Department of State</head>")
    assert r.pairs("gloss", "type") == [("Embassy in Brazil", "from"), ("Department of State", "to")]


def test_persons_get_the_party_type(run):
    r = run("<head>258. Memorandum From the Ambassador in Brazil (Briggs) to the Assistant Secretary of "
            "State for Inter-American Affairs (Rubottom)</head>")
    assert r.pairs("persName", "type") == [("Briggs", "from"), ("Rubottom", "to")]
    assert r.attrs("persName", "corresp") == ["#p_BEO_1", "#p_RRRJ_1"]  # the Ambassador, not William T.
    assert r.texts("gloss") == []


def test_old_style_heading(run):
    r = run("<head>The Ambassador in Argentina (Armour) to the Secretary of State</head>",
            volume_id="frus1941v06", frontmatter=None)
    assert r.pairs("persName", "type") == [("Armour", "from")]
    assert r.pairs("gloss", "type") == [("Secretary of State", "to")]


def test_recipient_named_with_a_title(run):
    r = run("<head>The Secretary of State to Mr. H. J. Roig, President of Pan American-Grace Airways</head>",
            volume_id="frus1941v06", frontmatter=None)
    assert r.pairs("persName", "type") == [("H. J. Roig", "to")]
    assert r.pairs("gloss", "type") == [("Secretary of State", "from")]


def test_title_and_name_party(run):
    r = run("<head>255. Letter From Secretary of State Dulles to President Kubitschek</head>")
    assert r.pairs("persName", "type") == [("Dulles", "from"), ("Kubitschek", "to")]
    assert r.attrs("persName", "corresp") == ["#p_DJF_1", "#p_KODJ_1"]


def test_a_title_without_parties_gets_nothing(run):
    r = run("<head>Attitude of the United States with respect to the establishment of diplomatic relations "
            "between the American Republics and the Soviet Union</head>", volume_id="frus1944v07")
    assert r.texts("gloss") == [] and r.texts("persName") == []
    r = run("<head>253. Memorandum of a Conversation, Brazilian Foreign Office, Rio de Janeiro, August 5, 1958, "
            "9:30 a.m.</head>")
    assert r.texts("gloss") == [] and r.texts("placeName") == []
    assert r.pairs("date", "when") == [("August 5, 1958, 9:30 a.m.", "1958-08-05T09:30:00")]


def test_posts_and_cryptonyms_are_parties(run):
    r = run("<head>12. Telegram From the CIA Station in Guatemala to Headquarters in Operation PBSUCCESS</head>",
            volume_id="frus1952-54v04")
    assert r.pairs("gloss", "type") == [("CIA Station in Guatemala", "from"),
                                        ("Headquarters in Operation PBSUCCESS", "to")]
    r = run("<head>13. Telegram From LINCOLN to the Chief of Station in Guatemala</head>", volume_id="frus1952-54v04")
    assert r.pairs("gloss", "type") == [("LINCOLN", "from"), ("Chief of Station in Guatemala", "to")]


def test_a_named_official_is_a_person_not_a_gloss(run):
    r = run("<head>71. Memorandum From Secretary of State Dulles to President Eisenhower</head>")
    assert r.pairs("persName", "type") == [("Dulles", "from"), ("Eisenhower", "to")]
    assert r.texts("gloss") == []


def test_volumes_since_1969_mark_no_parties(run):
    r = run("<head>69. Telegram From the Embassy in Ethiopia to the Department of State</head>",
            volume_id="frus1977-80v17p1", frontmatter=None)
    assert r.texts("gloss") == []
    r = run("<head>71. Memorandum From Secretary of State Dulles to President Eisenhower</head>",
            volume_id="frus1977-80v17p1")
    assert r.attrs("persName", "type") == [None, None]


# Rule *addressed heading*: a 19th-century despatch headed by its two parties alone.

def test_addressed_heading_tags_each_whole_party(run):
    r = run("<head>Mr. Davis to Mr. Bancroft.</head>", volume_id="frus1870", frontmatter=None)
    assert r.pairs("persName", "type") == [("Mr. Davis", "from"), ("Mr. Bancroft", "to")]
    assert r.texts("gloss") == []


def test_an_addressed_party_is_a_name_by_its_form(run):
    # "Gerolt" alone is found by no cue; the heading's form makes the party a name
    r = run("<head>Mr. Fish to Baron Gerolt.</head>", volume_id="frus1870", frontmatter=None)
    assert r.pairs("persName", "type") == [("Mr. Fish", "from"), ("Baron Gerolt", "to")]


def test_an_addressed_party_ends_before_the_headings_stop_or_comma(run):
    r = run("<head>Mr. Bancroft to Mr. Fish,</head>", volume_id="frus1870", frontmatter=None)
    assert r.pairs("persName", "type") == [("Mr. Bancroft", "from"), ("Mr. Fish", "to")]
    r = run("<head>The Secretary of State to the Russian Ambassador.</head>", volume_id="frus1906",
            frontmatter=None)
    assert r.pairs("gloss", "type") == [("Secretary of State", "from"), ("Russian Ambassador", "to")]


def test_a_listed_name_lends_the_party_its_link(run):
    r = run("<head>Mr. Rubottom to Mr. Kubitschek.</head>")
    assert r.pairs("persName", "type") == [("Mr. Rubottom", "from"), ("Mr. Kubitschek", "to")]
    assert r.attrs("persName", "corresp") == ["#p_RRRJ_1", "#p_KODJ_1"]


def test_a_heading_with_an_office_is_not_addressed(run):
    r = run("<head>Mr. Conger to the Secretary of State.</head>", volume_id="frus1900", frontmatter=None)
    assert r.pairs("persName", "type") == [("Conger", None)]
    r = run("<head>Mr. Smith to the President, Washington, May 1, 1870.</head>", volume_id="frus1870",
            frontmatter=None)
    assert [p for p in r.pairs("persName", "type") if p[1]] == []


def test_an_addressed_party_may_hold_particles(run):
    r = run("<head>Mr. Fish to Señor de la Barra.</head>", volume_id="frus1870", frontmatter=None)
    assert r.pairs("persName", "type") == [("Mr. Fish", "from"), ("Señor de la Barra", "to")]


def test_an_abbreviation_keeps_its_full_stop(run):
    r = run("<head>The Secretary of State to the Ambassador in the U.S.S.R.</head>", volume_id="frus1941v06",
            frontmatter=None)
    assert r.pairs("gloss", "type") == [("Secretary of State", "from"), ("Ambassador in the U.S.S.R.", "to")]
