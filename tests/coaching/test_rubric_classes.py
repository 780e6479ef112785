"""Classes of mistake the corpus measurement still showed (issue 15), one new phrasing each.

Written for questions outside the labelled corpus, so they check the rule, not an answer the
thresholds saw: a textbook illustration is not the candidate's own example; "it has its
limitations" is not a trade-off; "you clearly value good engineering" is not a specific
about the employer; an answer in the question's field that answers another question of the
bank is off topic; a point made under hedges does not make the answer more on topic.
"""

from __future__ import annotations

from moodlens.coaching.analysis import analyze_answer
from moodlens.coaching.content import Question, load_content
from moodlens.coaching.engine import probe_gap


def _q(qid: str) -> Question:
    q = load_content().question(qid)
    assert q is not None
    return q


HASH_MAP = (
    "A hash map turns each key into a number with a hash function and uses that number to "
    "pick a bucket in an array, so a lookup jumps straight to one bucket instead of scanning. "
    "Two keys can share a bucket, and chaining keeps a short list there. "
)


def test_a_textbook_illustration_is_not_the_candidate_s_own_example() -> None:
    q = _q("sde-technical_intro-05")
    textbook = HASH_MAP + (
        "For instance, a phone book keyed by name finds Smith without reading every page. "
        "The catch is that a poor hash function sends everything to one bucket."
    )
    a = analyze_answer(q, textbook, None)
    assert a.rubric["example"] is None
    assert probe_gap(a) == "no_example"
    own = HASH_MAP + (
        "For instance, in my last job we used one to cache user sessions and cut login time. "
        "The catch is that a poor hash function sends everything to one bucket."
    )
    assert analyze_answer(q, own, None).rubric["example"] is not None


def test_a_bare_mention_of_limitations_is_not_a_trade_off() -> None:
    q = _q("sde-technical_intro-05")
    body = HASH_MAP + "At my last job I used one to cache sessions for our login service. "
    bare = analyze_answer(q, body + "Like anything, it has its limitations.", None)
    assert bare.rubric["trade_off"] is None
    assert probe_gap(bare) == "no_tradeoff"
    said = analyze_answer(
        q, body + "The limitation is that iteration order is not guaranteed.", None
    )
    assert said.rubric["trade_off"] is not None


def test_phrases_that_fit_any_employer_are_not_specifics() -> None:
    q = _q("product-hr-02")  # "Why do you want to be a product manager here?"
    generic = (
        "I want to be a product manager here because you clearly value good decisions and "
        "honest feedback. I've spent four years as a designer working with engineers every day "
        "and I'd bring a strong sense of what users need. I'd like to grow into owning a "
        "roadmap."
    )
    a = analyze_answer(q, generic, None)
    assert a.rubric["specifics"] is None
    assert probe_gap(a) == "no_specifics"
    particular = generic.replace(
        "you clearly value good decisions and honest feedback",
        "your offline mode for field technicians is the feature I keep recommending to clients",
    )
    assert analyze_answer(q, particular, None).rubric["specifics"] is not None


def test_an_answer_to_another_question_of_the_same_field_is_off_topic() -> None:
    # Asked how they keep their skills current, the candidate explains a hash map.
    q = _q("sde-hr-04")
    a = analyze_answer(q, HASH_MAP + "When the array fills up, it doubles and rehashes.", None)
    assert a.off_topic
    assert probe_gap(a) == "off_topic"
    on = (
        "I keep current by building small things. Each quarter I pick one tool, last time it "
        "was Rust, and write a side project with it. I read two engineering blogs weekly and "
        "our team runs a lunch-and-learn where I presented on observability last month."
    )
    assert not analyze_answer(q, on, None).off_topic


def test_a_point_made_under_hedges_does_not_raise_the_on_topic_meaning() -> None:
    q = _q("sde-technical_intro-03")  # testing your code
    base = "That is how I usually work on most days with the team. I keep it simple."
    hedged = (
        "I think maybe I kind of write unit tests, I guess, sort of, and possibly some "
        "integration tests around the database, I suppose."
    )
    stated = "I write unit tests for the logic and integration tests around the database."
    plain = analyze_answer(q, base, None).semantic_z
    assert analyze_answer(q, f"{hedged} {base}", None).semantic_z == plain
    assert analyze_answer(q, f"{stated} {base}", None).semantic_z > plain
