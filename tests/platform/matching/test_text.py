"""Norwegian and Swedish wording meet: folding, compound splitting, the lexicon."""

from __future__ import annotations

import pytest

from samverka.platform.matching import lexicon
from samverka.platform.matching.text import fold, profile, segment


def _concepts(title: str) -> set[str]:
    return set(profile(title, "").concepts)


def test_folding_makes_the_scandinavian_letters_meet():
    assert fold("Lønn") == "lonn" and fold("Lön") == "lon"
    assert fold("Velferd Välfärd Æra Åre") == "velferd valfard ara are"


def test_compounds_split_into_known_parts():
    assert segment("lonnssystem").stems == ("lonn", "system")
    assert segment("arendehanteringssystem").stems == ("arendehantering", "system")
    assert segment("elevadministrativt").stems == ("elev", "administrativ")


@pytest.mark.parametrize(
    ("norwegian", "swedish", "shared"),
    [
        ("Sak- og arkivsystem", "Ärendehanteringssystem och e-arkiv", {"case_management", "archive"}),
        ("Lønnssystem", "Lönesystem", {"payroll"}),
        ("Velferdsteknologi", "Välfärdsteknik", {"welfare_tech"}),
        ("Elevadministrativt system", "Skoladministrativt system", {"school_admin"}),
        ("Trygghetsalarmer", "Trygghetslarm", {"safety_alarm"}),
        ("Skrivere og kopimaskiner", "Skrivare och kopiatorer", {"printing"}),
        ("Bærbare datamaskiner", "Bärbara datorer", {"computer"}),
        ("Telefoni og sentralbord", "Telefoni och växel", {"telephony"}),
        ("Kartløsning", "Kartproduktionssystem", {"maps"}),
        ("IT-konsulenter", "IT-konsulter", {"consultant"}),
    ],
)
def test_the_same_thing_in_norwegian_and_swedish_names_the_same_concepts(norwegian, swedish, shared):
    assert shared <= _concepts(norwegian) & _concepts(swedish)


def test_a_compound_names_the_thing_not_its_parts():
    assert _concepts("Byggesaksbehandling") == {"building_permit"}
    assert "case_management" not in _concepts("Kundärendehanteringssystem")


def test_a_narrower_concept_also_counts_as_its_broader_one_at_half_weight():
    alarms = profile("Trygghetslarm", "").concepts
    assert alarms["welfare_tech"] == alarms["safety_alarm"] / 2


def test_unknown_words_are_kept_for_trigrams_and_generic_words_dropped():
    text = profile("Unikum lärplattform", "Ett nytt system för skolan")
    assert text.residue == {"unikum": 0.5}
    assert "learning" in text.concepts and "school" in text.concepts


def test_a_description_weighs_less_than_a_title():
    text = profile("Lønnssystem", "Integrasjon mot økonomisystem")
    assert text.concepts["payroll"] > text.concepts["finance"] > 0


def test_the_lexicon_is_consistent():
    concepts = set(lexicon.CONCEPTS)
    assert {c for pair in lexicon.COMBINATIONS for c in pair} <= concepts
    assert set(lexicon.COMBINATIONS.values()) <= concepts
    assert set(lexicon.BROADER) | set(lexicon.BROADER.values()) <= concepts
    stems = [fold(stem) for _, _, words in lexicon.CONCEPTS.values() for stem in words.split()]
    assert all(stem.isascii() and stem.isalnum() for stem in stems)
    generic = set(map(fold, lexicon.GENERIC.split()))
    assert not generic & set(stems), "a word is either generic or names a concept"
