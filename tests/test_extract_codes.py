"""The coded stages: risk factors, harm types, practice themes, agencies, family roles. Example texts are fictional."""
from __future__ import annotations

import pytest

from casegraph import ontology
from casegraph.loaders import document_from_text
from casegraph.loaders.extract import extract_document
from casegraph.loaders.extract.vocabulary import concept_matcher, cue_strings

FICTION = """Serious Case Review: Child T (a fictional case written for tests)

Background

Child T was a nine weeks old baby. The mother had depression and the father used illicit drugs.
They moved frequently and lived in temporary accommodation. The father fell asleep on the sofa
with the baby and the baby was found unresponsive. The family was known to Children's Social Care,
the Health Visitor and the Community Drugs Team. The maternal grandmother helped at times.

Key Learning

- Information was not shared between the GP and the health visitor.
- Professionals did not remain curious about the father's role.
"""


def record(text: str = FICTION) -> dict:
    return extract_document(document_from_text(text, source="fictional.txt"))


def codes(rec: dict, field: str) -> set[str]:
    return {c["code"] for c in rec[field]}


def test_every_concept_of_the_coded_schemes_has_a_matcher():
    for field in ("risk_factors", "harm_types", "practice_themes", "agencies", "family_roles"):
        for c in ontology.concepts(ontology.scheme_for_field(field).key):
            assert concept_matcher(c.code) is not None, c.code


def test_every_cue_property_is_declared_with_a_comment():
    g = ontology.graph()
    from rdflib import OWL, RDF, RDFS
    for prop in ("negationCue", "adjacentNegationCue", "earlierGenerationCue", "genericCue", "topicCue",
                 "quotedListCue", "lessonListCue", "continuationCue", "addresseeCue", "parallelCue"):
        assert cue_strings(prop), prop
        assert (ontology.CG[prop], RDF.type, OWL.AnnotationProperty) in g
        assert g.value(ontology.CG[prop], RDFS.comment), prop


def test_risk_factors_and_harm_of_a_fictional_case():
    rec = record()
    assert {"RF_INFANT", "RF_MENTAL_ILL_HEALTH", "RF_SUBSTANCE_MISUSE", "RF_HOUSING_INSTABILITY",
            "RF_UNSAFE_SLEEP"} <= codes(rec, "risk_factors")
    assert codes(rec, "harm_types") == {"HT_SUDI"}


def test_agencies_carry_the_name_the_review_uses():
    by_code = {a["code"]: a for a in record()["agencies"]}
    assert by_code["AG_SUBSTANCE_SERVICE"]["name"] == "Community Drugs Team"
    assert {"AG_CHILDRENS_SOCIAL_CARE", "AG_HEALTH_VISITING", "AG_GP"} <= set(by_code)


def test_family_roles():
    assert codes(record(), "family_roles") == {"FR_MOTHER", "FR_FATHER", "FR_GRANDPARENT"}


def test_practice_themes_from_the_learning():
    assert {"PT_INFO_SHARING", "PT_PROFESSIONAL_CURIOSITY"} <= codes(record(), "practice_themes")


def test_each_code_once_with_all_its_evidence():
    rec = record(FICTION + "\nThe father used illicit drugs again in the spring.\n")
    entries = [c for c in rec["risk_factors"] if c["code"] == "RF_SUBSTANCE_MISUSE"]
    assert len(entries) == 1
    assert [e["text"] for e in entries[0]["evidence"]].count("used illicit drugs") == 2


def test_evidence_names_its_section():
    rec = record()
    ev = next(c for c in rec["practice_themes"] if c["code"] == "PT_INFO_SHARING")["evidence"][0]
    assert ev["section"] == "Key Learning"
    assert rec["text"][ev["start"]:ev["end"]] == ev["text"]


def test_a_seventeen_month_old_is_not_an_infant():
    rec = record("Fictional case. Baby W died at the age of 17 months from a sudden illness.")
    assert "RF_INFANT" not in codes(rec, "risk_factors")


def test_the_months_of_an_age_in_years_and_months_are_no_infant():
    for age in ("two years and two months old", "three years, four months old", "1 year and 3 months old"):
        rec = record(f"Fictional case. Child Q7 was {age} when he was scalded.")
        assert "RF_INFANT" not in codes(rec, "risk_factors"), age
    assert "RF_INFANT" in codes(record("Fictional case. Child Q7 was two months old when he was scalded."),
                                "risk_factors")


def test_fathers_in_general_are_not_the_childs_father():
    rec = record("Improving Practice\n\n- Always think about the role of fathers in the household when assessing risk.")
    assert codes(rec, "family_roles") == set()
    assert "PT_FATHERS_AND_MEN" in codes(rec, "practice_themes")


def test_a_childs_own_self_harm_is_the_childs_concept():
    rec = record("Fictional case. Child L was in a children's home. L's history was known, but her self-harm "
                 "was not explored. The young person was drinking heavily. Her mother had depression.")
    found = codes(rec, "risk_factors")
    assert {"RF_CHILD_MENTAL_HEALTH", "RF_CHILD_OFFENDING", "RF_MENTAL_ILL_HEALTH"} <= found
    assert not found & {"RF_SELF_HARM", "RF_ALCOHOL_MISUSE"}


def test_a_parents_self_harm_stays_the_parents_even_after_the_childs_name():
    rec = record("Fictional case. Child L's father self-harmed after he lost his job.")
    assert "RF_SELF_HARM" in codes(rec, "risk_factors")
    assert "RF_CHILD_MENTAL_HEALTH" not in codes(rec, "risk_factors")


def test_a_first_name_shown_to_be_a_childs_tells_whose_concept_it_is():
    rec = record("Fictional case. Maisie's mother worked nights. Maisie had self-harmed for a year and "
                 "was anxious at school.")
    assert {"RF_CHILD_MENTAL_HEALTH"} == codes(rec, "risk_factors") & {"RF_CHILD_MENTAL_HEALTH", "RF_SELF_HARM",
                                                                         "RF_MENTAL_ILL_HEALTH"}
    adult = record("Fictional case. Mrs Dunn's mother had died. Mrs Dunn had self-harmed for a year.")
    assert "RF_SELF_HARM" in codes(adult, "risk_factors")


def test_a_pronoun_stands_for_the_person_the_sentence_before_named():
    child = record("Fictional case. Her aunt looked after Child L. She had self-harmed since the spring.")
    assert "RF_CHILD_MENTAL_HEALTH" in codes(child, "risk_factors")
    assert "RF_SELF_HARM" not in codes(child, "risk_factors")
    parent = record("Fictional case. Child L lived with her mother. She had self-harmed since the spring.")
    assert "RF_SELF_HARM" in codes(parent, "risk_factors")


def test_an_age_of_an_earlier_time_is_no_infant_when_the_child_is_older_now():
    older = record("Fictional case. Child D was three years old. When she was four months old she was referred.")
    assert "RF_INFANT" not in codes(older, "risk_factors")
    no_current_age = record("Fictional case. The twins went home when they were five weeks old and were harmed.")
    assert "RF_INFANT" in codes(no_current_age, "risk_factors")


def test_everyday_words_are_not_findings():
    """Fictional sentences in which a word that also names a concept means something else."""
    rec = record("Fictional case. The baby was looked after by her grandmother at weekends. The assault was "
                 "treated as an isolated incident. Guidance from the Royal College of Nursing was quoted. "
                 "The boy was found with class A drugs. He had a developmental delay. Fathers, mothers and "
                 "relatives attended the funeral. She was discussed at the board meeting of the hospital trust.")
    assert not codes(rec, "risk_factors") & {"RF_LOOKED_AFTER", "RF_SOCIAL_ISOLATION", "RF_SUBSTANCE_MISUSE"}
    assert not codes(rec, "practice_themes") & {"PT_DELAY_DRIFT", "PT_FATHERS_AND_MEN"}
    assert not codes(rec, "agencies") & {"AG_EDUCATION", "AG_SAFEGUARDING_PARTNERSHIP"}
    assert "FR_OTHER_RELATIVE" not in codes(rec, "family_roles")


def test_national_guidance_quoted_is_not_a_fact_of_the_case():
    rec = record("Fictional case. National guidance describes the risks of sleeping with a baby after taking drugs.")
    assert "RF_SUBSTANCE_MISUSE" not in codes(rec, "risk_factors")


def test_a_toddler_is_never_the_one_using_drugs():
    rec = record("Fictional case. Child J, aged 23 months, drowned. A test after J's death found that she had used heroin.")
    assert "RF_SUBSTANCE_MISUSE" in codes(rec, "risk_factors")
    assert "RF_CHILD_OFFENDING" not in codes(rec, "risk_factors")


def test_a_young_persons_own_learning_disability_is_a_child_health_need():
    rec = record("Fictional case. Young Person M was 17. M has a moderate learning disability.")
    assert "RF_CHILD_HEALTH_NEEDS" in codes(rec, "risk_factors")
    assert "RF_LEARNING_DIFFICULTY" not in codes(rec, "risk_factors")


def test_a_childs_concept_said_of_a_parents_own_childhood_is_not_the_childs():
    rec = record("Fictional example about Child V, aged 6.\n\nThe father had himself been in foster care from the "
                 "age of nine and distrusted social workers.")
    assert "RF_PARENT_ADVERSE_CHILDHOOD" in codes(rec, "risk_factors")
    assert "RF_LOOKED_AFTER" not in codes(rec, "risk_factors")
    rec = record("Fictional example about Child V, aged 6.\n\nChild V was placed in foster care in 2019.")
    assert "RF_LOOKED_AFTER" in codes(rec, "risk_factors")


def test_an_assault_on_an_adult_is_domestic_abuse_not_the_childs_physical_harm():
    rec = record("Fictional example about Child V, aged 6.\n\nThe partner who assaulted the mother was never assessed.")
    assert "HT_PHYSICAL_ABUSE" not in codes(rec, "harm_types")
    assert "RF_DOMESTIC_ABUSE" in codes(rec, "risk_factors")
    rec = record("Fictional example about Child V, aged 6.\n\nThe partner assaulted Child V with a belt.")
    assert "HT_PHYSICAL_ABUSE" in codes(rec, "harm_types")


def test_disguised_compliance_by_omission():
    rec = record("Fictional example about Child V, aged 6.\n\nThe mother did not mention that her partner was "
                 "staying most nights, and professionals did not ask.")
    assert "RF_DISGUISED_COMPLIANCE" in codes(rec, "risk_factors")
    rec = record("Fictional example about Child V, aged 6.\n\nThe mother told her partner to leave.")
    assert "RF_DISGUISED_COMPLIANCE" not in codes(rec, "risk_factors")


# Families of wordings reviewers use for the same finding (fictional sentences): field, opening, code, sentence.
IN_OTHER_WORDS = [
    ("practice_themes", "Child V, aged 6", "PT_INFO_SHARING", "Each agency held its information in silos."),
    ("practice_themes", "Child V, aged 6", "PT_MULTI_AGENCY_MEETING",
     "Core groups were not convened over the summer."),
    ("practice_themes", "Child V, aged 6", "PT_FAMILY_HISTORY",
     "Each referral was assessed as if it were the first: start again syndrome."),
    ("practice_themes", "Child V, aged 6", "PT_DELAY_DRIFT", "The decision drifted for most of the year."),
    ("practice_themes", "Child V, aged 6", "PT_IMPACT_OF_INTERVENTION",
     "Nobody could say what had changed for the child."),
    ("practice_themes", "Child V, aged 6", "PT_FATHERS_AND_MEN",
     "The father was invisible to the professional network."),
    ("practice_themes", "Child V, aged 6", "PT_OVER_OPTIMISM", "Assurances were taken on trust."),
    ("practice_themes", "Child V, aged 6", "PT_CHILD_FOCUS", "The child's voice was missing from every assessment."),
    ("practice_themes", "Child V, aged 6", "PT_TRANSITIONS_TRANSFER",
     "Information was lost when he moved from the youth offending service to probation."),
    ("practice_themes", "Child V, aged 6", "PT_ESCALATION_THRESHOLDS",
     "Nobody challenged the decision to close the case."),
    ("practice_themes", "Child V, aged 6", "PT_SUPERVISION", "Managers did not scrutinise the plan."),
    ("practice_themes", "Child V, aged 6", "PT_PROFESSIONAL_CURIOSITY",
     "Workers took the father's account at face value."),
    ("practice_themes", "Child V, aged 6", "PT_INJURY_RESPONSE",
     "The bruising protocol for babies was not followed."),
    ("practice_themes", "Child V, aged 6", "PT_RACE_CULTURE_IDENTITY", "The family's culture was not explored."),
    ("risk_factors", "Child V, aged 14", "RF_SUBSTANCE_MISUSE", "The father had a long history of opiate use."),
    ("risk_factors", "Child V, aged 14", "RF_ALCOHOL_MISUSE", "The mother was alcohol dependent."),
    ("risk_factors", "Child V, aged 14", "RF_DOMESTIC_ABUSE",
     "Police were called to incidents of violence between the parents."),
    ("risk_factors", "Child V, aged 14", "RF_NON_ENGAGEMENT", "The family repeatedly refused access to the home."),
    ("risk_factors", "Child V, aged 14", "RF_HOUSING_INSTABILITY",
     "The mother and children were placed in a hostel."),
    ("risk_factors", "Child V, aged 14", "RF_PREVIOUS_CHILD_PROTECTION", "An older sibling was adopted."),
    ("risk_factors", "Child V, aged 14", "RF_PARENT_ADVERSE_CHILDHOOD",
     "The mother had grown up with domestic violence."),
    ("risk_factors", "Child V, aged 14", "RF_HIDDEN_MEN",
     "Professionals did not know the partner was living in the home."),
    ("risk_factors", "Child V, aged 14", "RF_UNSAFE_SLEEP", "The baby was sleeping in the parents' bed."),
    ("harm_types", "Child V, aged 14", "HT_PHYSICAL_ABUSE", "Child V had a spiral fracture of the arm."),
    ("harm_types", "Child V, aged 14", "HT_NEGLECT", "Child V's basic needs were not met."),
    ("harm_types", "Child V, aged 14", "HT_SEXUAL_ABUSE", "Child V was sexually assaulted by an uncle."),
    ("harm_types", "Child V, aged 14", "HT_EMOTIONAL_ABUSE", "Child V was constantly belittled and shouted at."),
    ("harm_types", "Child V, aged 14", "HT_CRIMINAL_EXPLOITATION", "Child V was coerced into carrying drugs."),
    ("harm_types", "Child V, aged 14", "HT_SUICIDE", "Child V was found hanged at home."),
]


@pytest.mark.parametrize("field, subject, code, sentence", IN_OTHER_WORDS)
def test_findings_in_other_words(field, subject, code, sentence):
    rec = record(f"Fictional example about {subject}.\n\n{sentence}")
    assert code in codes(rec, field), (code, sentence)


def test_a_delay_followed_by_any_word():
    rec = record("Fictional example about Child V, aged 6.\n\nThe assessment was delayed for several months.")
    assert "PT_DELAY_DRIFT" in codes(rec, "practice_themes")
    rec = record("Fictional example about Child V, aged 6.\n\nChild V had delayed speech.")
    assert "PT_DELAY_DRIFT" not in codes(rec, "practice_themes")


def test_a_parents_own_childhood_and_a_sentence_after_the_incident_are_not_current_risks():
    rec = record("Fictional example about Child V, aged 14.\n\nThe mother had grown up with domestic violence.")
    assert "RF_DOMESTIC_ABUSE" not in codes(rec, "risk_factors")
    rec = record("Fictional example about Baby V.\n\nThe father received a custodial sentence for the assault.")
    assert "RF_CRIMINALITY" not in codes(rec, "risk_factors")


def test_a_parents_low_mood_is_not_the_childs_and_a_young_mothers_care_history_is_hers():
    rec = record("Fictional example about Child V, aged 14.\n\nThe mother's records describe her low mood.")
    assert "RF_MENTAL_ILL_HEALTH" in codes(rec, "risk_factors")
    assert "RF_CHILD_MENTAL_HEALTH" not in codes(rec, "risk_factors")
    rec = record("Fictional example about Baby V, aged 3 weeks.\n\nThe mother was 19 and had been a looked after "
                 "child until she was 18.")
    assert {"RF_YOUNG_PARENT", "RF_PARENT_ADVERSE_CHILDHOOD"} <= codes(rec, "risk_factors")
    assert "RF_LOOKED_AFTER" not in codes(rec, "risk_factors")


def test_a_sexual_assault_is_not_physical_abuse():
    rec = record("Fictional example about Child V, aged 14.\n\nChild V was sexually assaulted by an uncle.")
    assert "HT_PHYSICAL_ABUSE" not in codes(rec, "harm_types")


def test_every_item_of_a_negated_list_joined_by_or_is_negated():
    rec = record("Fictional case. There was no domestic abuse, parental drug use or mental ill health in the family.")
    assert not codes(rec, "risk_factors") & {"RF_DOMESTIC_ABUSE", "RF_SUBSTANCE_MISUSE", "RF_MENTAL_ILL_HEALTH"}
    found = record("Fictional case. The flat had no working heating, and the mother's depression had returned.")
    assert "RF_MENTAL_ILL_HEALTH" in codes(found, "risk_factors")


def test_an_agency_missing_a_meeting_is_not_the_family_disengaging():
    agency = record("Fictional case. At the conference the GP did not attend and sent no report.")
    assert "RF_NON_ENGAGEMENT" not in codes(agency, "risk_factors")
    family = record("Fictional case. The mother did not attend the clinic and the GP was told.")
    assert "RF_NON_ENGAGEMENT" in codes(family, "risk_factors")


def test_an_adult_seen_alone_is_not_the_child_seen_alone():
    adult = record("Fictional case. The father was described as supportive but was never seen alone by any professional.")
    assert "PT_CHILD_FOCUS" not in codes(adult, "practice_themes")
    child = record("Fictional case. Child Q7 was never seen alone by any professional.")
    assert "PT_CHILD_FOCUS" in codes(child, "practice_themes")


@pytest.mark.parametrize("text, code", [
    ("He was also under the supervision of the youth justice service after a conviction.", "PT_SUPERVISION"),
    ("She was treated on the special care baby unit for neonatal abstinence syndrome.", "PT_SUBSTANCE_EVIDENCE"),
    ("The partnership agreed that the case met the threshold for a child safeguarding practice review.",
     "PT_ESCALATION_THRESHOLDS"),
    ("The GP practice was not informed of the father's identity and could not link his records.",
     "PT_RACE_CULTURE_IDENTITY"),
])
def test_a_word_of_a_theme_in_another_sense_is_not_the_theme(text, code):
    assert code not in codes(record("Fictional case. " + text), "practice_themes")


@pytest.mark.parametrize("text, code", [
    ("Her supervision did not challenge the plan.", "PT_SUPERVISION"),
    ("Her claims of abstinence were accepted without testing.", "PT_SUBSTANCE_EVIDENCE"),
    ("The referral was judged not to meet the threshold for a social care assessment.", "PT_ESCALATION_THRESHOLDS"),
    ("The child's cultural identity was not considered in the plan.", "PT_RACE_CULTURE_IDENTITY"),
])
def test_the_same_words_in_the_themes_sense_still_are(text, code):
    assert code in codes(record("Fictional case. " + text), "practice_themes")


@pytest.mark.parametrize("sentence", [
    "National research links parental substance misuse with adolescent suicide.",
    "Research cited by the reviewer indicates that young people whose parents misuse drugs are at risk.",
    "No parent was known to misuse drugs.",
    "The mother was asked directly about drug use and said she had never used drugs.",
])
def test_research_context_denials_and_questions_are_not_a_risk(sentence):
    assert "RF_SUBSTANCE_MISUSE" not in codes(record(f"Fictional case. Child Q7 lived with her mother. {sentence}"),
                                              "risk_factors")


def test_a_siblings_child_protection_plan_is_earlier_involvement_not_the_childs_plan():
    sibling = record("Fictional case. Child Q7 was two. When her brother was a toddler he had been subject to a child "
                     "protection plan because of their mother's drinking.")
    assert "RF_CHILD_PROTECTION_PLAN" not in codes(sibling, "risk_factors")
    assert "RF_PREVIOUS_CHILD_PROTECTION" in codes(sibling, "risk_factors")
    together = record("Fictional case. Child Q7, aged four, and two older siblings were made the subject of child "
                      "protection plans under the category of neglect.")
    assert "RF_CHILD_PROTECTION_PLAN" in codes(together, "risk_factors")


def test_curiosity_yields_to_the_specific_theme_its_sentences_make():
    """"Nobody asked about the father" is a finding about fathers; curiosity stays where a sentence is only about it."""
    about_father = record("Fictional case. Child Q7 was a baby. Key Learning: No one asked about the baby's father "
                          "or sought to involve him.")
    assert "PT_FATHERS_AND_MEN" in codes(about_father, "practice_themes")
    assert "PT_PROFESSIONAL_CURIOSITY" not in codes(about_father, "practice_themes")
    both = record("Fictional case. Child Q7 was a baby. Key Learning: No one asked about the baby's father or sought "
                  "to involve him. The parents' explanations were accepted at face value.")
    assert "PT_PROFESSIONAL_CURIOSITY" in codes(both, "practice_themes")


def test_an_adults_convictions_are_not_the_young_persons_offending():
    rec = record("Fictional case. Child Q7 was fifteen. Her mother's boyfriend moved in. He had previous convictions "
                 "for supplying drugs. Mr H was a registered sex offender with previous convictions.")
    assert "RF_CHILD_OFFENDING" not in codes(rec, "risk_factors")
    assert "RF_CRIMINALITY" in codes(rec, "risk_factors")


@pytest.mark.parametrize("code, sentence", [
    ("RF_SOCIAL_ISOLATION", 'She told the midwife she had "no one to ring".'),
    ("RF_SOCIAL_ISOLATION", "They moved to a flat where they knew no one."),
    ("RF_SOCIAL_ISOLATION", "She had no relatives in this country."),
    ("RF_SOCIAL_ISOLATION", "Neither parent had family nearby."),
    ("RF_SOCIAL_ISOLATION", "The review found that the mother's isolation was not recognised."),
    ("RF_DOMESTIC_ABUSE", "After the injury she described being hit and kept without money."),
    ("RF_DOMESTIC_ABUSE", "The police were called after arguments in which the father pushed the mother against a wall."),
    ("RF_DOMESTIC_ABUSE", "Her husband had controlled the family's money and taken her passport."),
    ("RF_DOMESTIC_ABUSE", "There had been violence between her mother and her mother's partner."),
    ("RF_DOMESTIC_ABUSE", "The baby's father had been arrested twice for assaulting her."),
    ("RF_POOR_HOME_CONDITIONS", "The home was repeatedly described by the health visitor as cluttered and cold."),
    ("RF_POOR_HOME_CONDITIONS", "Rubbish and empty bottles filled the kitchen, and there was rotting food."),
    ("RF_POOR_HOME_CONDITIONS", "The plan was made because of the condition of the home."),
])
def test_a_risk_said_in_other_words_is_coded(code, sentence):
    assert code in codes(record(f"Fictional case. Child Q7 lived with her mother. {sentence}"), "risk_factors")
