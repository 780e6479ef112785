"""Coaching accuracy on the labelled answer corpus (tests/fixtures/coaching_corpus).

Each typed answer is analysed and scored the way a report scores a typed answer (no audio,
no camera), then compared with its labels:
- pairwise: for every two answers to the same question with different quality ranks
  (strong 4 > vague 3 > rambling/hedged 2 > off-topic/few words 1), is the better one scored
  higher? Ties count half. Per dimension and for the overall score. Communication leaves
  off-topic answers out (an answer to another question can be worded clearly);
- follow_up: for answers labelled with a gap, does the engine's follow-up probe that gap?
- false_off_topic: on-topic answers (every quality but off_topic) flagged off topic;
- result: story and case answers labelled with whether a result (or a recommendation or
  final estimate) was stated, against the analysis.

Printed for the tuning part and the held-back part (no threshold was fitted on it).

    .venv/bin/python bench/coaching.py [--split tuning|held|all] [--misses]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from moodlens.coaching.analysis import AnswerAnalysis, analyze_answer
from moodlens.coaching.content import Question, load_content
from moodlens.coaching.engine import probe_gap
from moodlens.coaching.scoring import AnswerEvidence, AnswerScores, score_answer

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "coaching_corpus"
RANK = {"strong": 4, "vague": 3, "rambling": 2, "hedged": 2, "off_topic": 1, "few_words": 1}
PAIR_DIMENSIONS = ("overall", "communication", "structure", "relevance")
# Off-topic answers carry no communication rank (see the module docstring).
UNRANKED: dict[str, frozenset[str]] = {"communication": frozenset({"off_topic"})}
SPLITS = ("tuning", "held")


@dataclass(frozen=True)
class Labelled:
    id: str
    split: str
    question: Question
    quality: str
    gap: str | None
    result: bool | None
    text: str


@dataclass(frozen=True)
class Judged:
    item: Labelled
    analysis: AnswerAnalysis
    scores: AnswerScores
    probe: str | None

    def score(self, dimension: str) -> float:
        if dimension == "overall":
            return self.scores.overall.score
        return self.scores.dimensions[dimension].score


def load_corpus(folder: Path = CORPUS) -> list[Labelled]:
    content = load_content()
    out: list[Labelled] = []
    for path in sorted(folder.glob("*.yaml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            question = content.question(block["question"])
            if question is None:
                raise ValueError(f"{path.name}: unknown question {block['question']}")
            for a in block["answers"]:
                out.append(
                    Labelled(
                        id=a["id"],
                        split=block["split"],
                        question=question,
                        quality=a["quality"],
                        gap=a.get("gap"),
                        result=a.get("result"),
                        text=" ".join(a["text"].split()),
                    )
                )
    return out


def judge(item: Labelled) -> Judged:
    q = item.question
    analysis = analyze_answer(q, item.text, None)
    ev = AnswerEvidence(index=0, analysis=analysis, question_id=q.id, transcript=item.text)
    scores = score_answer(ev, role=q.role, round_type=q.round)
    return Judged(item, analysis, scores, probe_gap(analysis))


def pairwise(judged: Sequence[Judged], dimension: str) -> tuple[float, int, list[str]]:
    """Share of correctly ordered pairs (ties half), pair count, and the misordered pairs."""
    skip = UNRANKED.get(dimension, frozenset())
    by_question: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        if j.item.quality in RANK and j.item.quality not in skip:
            by_question[j.item.question.id].append(j)
    good = 0.0
    n = 0
    misses: list[str] = []
    for group in by_question.values():
        for a, b in combinations(group, 2):
            ra, rb = RANK[a.item.quality], RANK[b.item.quality]
            if ra == rb:
                continue
            hi, lo = (a, b) if ra > rb else (b, a)
            n += 1
            diff = hi.score(dimension) - lo.score(dimension)
            if diff > 1e-9:
                good += 1
            elif abs(diff) <= 1e-9:
                good += 0.5
                misses.append(f"{hi.item.id} = {lo.item.id}")
            else:
                misses.append(
                    f"{hi.item.id} {hi.score(dimension):.1f} < {lo.item.id} "
                    f"{lo.score(dimension):.1f}"
                )
    return (good / n if n else 1.0), n, misses


def metrics(judged: Sequence[Judged]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    out: dict[str, Any] = {"answers": len(judged)}
    misses: dict[str, list[str]] = {}
    for d in PAIR_DIMENSIONS:
        acc, n, miss = pairwise(judged, d)
        out[f"pairwise_{d}"] = round(acc, 3)
        out[f"pairs_{d}"] = n
        misses[f"pairwise_{d}"] = miss
    gapped = [j for j in judged if j.item.gap]
    hits = [j for j in gapped if j.probe == j.item.gap]
    out["follow_up_hits"] = f"{len(hits)}/{len(gapped)}"
    out["follow_up_rate"] = round(len(hits) / len(gapped), 3) if gapped else 1.0
    misses["follow_up"] = [
        f"{j.item.id}: wanted {j.item.gap}, probed {j.probe} {list(j.analysis.gaps)}"
        for j in gapped
        if j.probe != j.item.gap
    ]
    on_topic = [j for j in judged if j.item.quality != "off_topic"]
    flagged = [j for j in on_topic if j.analysis.off_topic]
    off = [j for j in judged if j.item.quality == "off_topic"]
    out["false_off_topic"] = f"{len(flagged)}/{len(on_topic)}"
    out["off_topic_caught"] = f"{sum(j.analysis.off_topic for j in off)}/{len(off)}"
    misses["false_off_topic"] = [j.item.id for j in flagged]
    misses["off_topic_missed"] = [j.item.id for j in off if not j.analysis.off_topic]
    labelled = [
        j
        for j in judged
        if j.item.result is not None and j.item.question.format in ("story", "case")
    ]
    right = [j for j in labelled if j.analysis.has_result == j.item.result]
    out["result_right"] = f"{len(right)}/{len(labelled)}"
    out["result_rate"] = round(len(right) / len(labelled), 3) if labelled else 1.0
    misses["result"] = [
        f"{j.item.id}: label {j.item.result}, found {j.analysis.star.get('result')!r}"
        for j in labelled
        if j.analysis.has_result != j.item.result
    ]
    return out, misses


def run(splits: Iterable[str]) -> dict[str, tuple[dict[str, Any], dict[str, list[str]]]]:
    corpus = load_corpus()
    judged = [judge(item) for item in corpus]
    return {s: metrics([j for j in judged if s == "all" or j.item.split == s]) for s in splits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], action="append")
    parser.add_argument("--misses", action="store_true", help="also print what went wrong")
    args = parser.parse_args()
    results = run(args.split or [*SPLITS, "all"])
    report = {s: (m | {"misses": miss} if args.misses else m) for s, (m, miss) in results.items()}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
