"""Issue 15's goals, measured by bench/coaching.py on the labelled corpus.

tests/fixtures/coaching_corpus holds 250 typed answers written for this (24 questions over
every role, round and answer format; strong, vague, rambling, hedged, off-topic, a few
words, and answers with one known gap). Half the questions were used while tuning the
rules and thresholds; the other half ("held") was not looked at while tuning.

The goals are asserted on both parts: on the tuning part, and on the held-back part, which
no threshold was fitted on (measured there after the rules were frozen: overall 0.981,
communication 0.981, structure 0.942, relevance 0.955, follow-ups 69/72, results 60/60, no
on-topic answer called off topic).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from bench.coaching import RANK, load_corpus, run

GOALS: dict[str, float] = {
    "pairwise_overall": 0.95,
    "pairwise_communication": 0.85,
    "pairwise_structure": 0.85,
    "pairwise_relevance": 0.85,
    "follow_up_rate": 0.93,
    "result_rate": 0.95,
}
# Off-topic answers must mostly be caught too (they are what pairwise and follow-ups miss
# when they are not): asserted at the level measured when the thresholds were frozen.
OFF_TOPIC_CAUGHT_FLOOR = 0.80


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Any]]:
    return {split: m for split, (m, _) in run(["tuning", "held"]).items()}


def test_corpus_is_large_and_covers_every_role_round_and_format() -> None:
    corpus = load_corpus()
    assert len(corpus) >= 240
    assert len({a.id for a in corpus}) == len(corpus)
    assert {a.question.role for a in corpus} == {"sde", "product", "data_analyst", "sales", "hr"}
    assert {a.question.round for a in corpus} == {"hr", "behavioral", "technical_intro", "case"}
    assert {a.question.format for a in corpus} == {"story", "explain", "motivation", "case"}
    qualities = Counter(a.quality for a in corpus)
    assert all(qualities[q] >= 20 for q in RANK)
    assert {a.split for a in corpus} == {"tuning", "held"}
    # Answers are written, not generated from one template: few share an opening.
    openings = Counter(" ".join(a.text.split()[:4]).lower() for a in corpus)
    assert openings.most_common(1)[0][1] <= 4


@pytest.mark.parametrize("split", ["tuning", "held"])
@pytest.mark.parametrize("measure", sorted(GOALS))
def test_goals_are_met(results: dict[str, dict[str, Any]], split: str, measure: str) -> None:
    assert results[split][measure] >= GOALS[measure], results[split]


@pytest.mark.parametrize("split", ["tuning", "held"])
def test_most_off_topic_answers_are_caught(results: dict[str, dict[str, Any]], split: str) -> None:
    caught, total = (int(n) for n in results[split]["off_topic_caught"].split("/"))
    assert caught / total >= OFF_TOPIC_CAUGHT_FLOOR, results[split]


@pytest.mark.parametrize("split", ["tuning", "held"])
def test_no_on_topic_answer_is_called_off_topic(
    results: dict[str, dict[str, Any]], split: str
) -> None:
    assert results[split]["false_off_topic"].startswith("0/"), results[split]
