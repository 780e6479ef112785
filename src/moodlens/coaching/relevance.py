"""Is an answer about the question? Word statistics and meaning over the whole question bank.

Plain word overlap fails both ways: "data", "changed" or "customers" appear in answers to
almost any question, so a rambling answer about something else still "covers" key points.
Weighting shared words by how rare they are across all 320 questions (inverse document
frequency) and ignoring key-point synonyms that many questions share makes the off-topic call
rest on the words that actually identify a topic.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from numpy.typing import NDArray

from moodlens.coaching import semantic
from moodlens.coaching.content import Content, load_content
from moodlens.coaching.text import content_stems, stem_string

# A synonym used by this many questions or more says little about which question it answers.
GENERIC_SYNONYM_DF = 5
# Below this IDF-weighted overlap, and with no specific key point, an answer is off topic.
OFF_TOPIC_RELEVANCE = 8.0
# Topicality (semantic z + capped word overlap / 8 + half a point per key point covered)
# below which an answer of 25+ words is off topic. Set on the corpus's tuning part, under
# the lowest on-topic answer (0.58) with a margin: calling a real answer off topic is the
# worse mistake, so the line sits low (docs/adr/0006).
OFF_TOPIC_TOPICALITY = 0.45
# Up to this topicality an answer is still off topic when its meaning is also far from the
# question's wording itself (wording z below OFF_TOPIC_WORDING_Z): "I really like
# TypeScript..." asked about a code-review disagreement shares the field, not the question.
OFF_TOPIC_TOPICALITY_WORDING = 1.5
OFF_TOPIC_WORDING_Z = 0.3
OVERLAP_CAP = 16.0
# An answer in the question's own field can still answer another question ("A p-value is
# the probability..." asked why they want the job). It is off topic when more than this
# share of its role's other bank questions fit it better than its own, judged by the same
# topicality. On the fitted part no on-topic answer went past 0.40 and most off-topic
# answers past 0.60: "most other questions are a better match" is the class, not a line
# under one answer.
OFF_TOPIC_RIVAL_SHARE = 0.5
# ...and only below this topicality: an answer with a clear hold on its own question's
# meaning and key points is not called off topic because it also fits others.
OFF_TOPIC_RIVAL_TOPICALITY = 3.0


@dataclass(frozen=True)
class TopicModel:
    stem_df: Mapping[str, int]
    question_count: int
    generic_synonyms: frozenset[str]

    def idf(self, stem: str) -> float:
        return math.log(self.question_count / max(self.stem_df.get(stem, 0), 1))

    def relevance(
        self, topic_text: str, key_points: Mapping[str, Sequence[str]], answer: str
    ) -> float:
        """IDF-weighted count of content words the answer shares with question + key points."""
        topic = content_stems(topic_text)
        for synonyms in key_points.values():
            for s in synonyms:
                topic |= content_stems(s)
        return sum(self.idf(s) for s in topic & content_stems(answer))

    def specific_points(self, key_points: Mapping[str, Sequence[str]], answer: str) -> list[str]:
        """Key points evidenced by a synonym that few questions share."""
        haystack = stem_string(answer)
        return [
            name
            for name, synonyms in key_points.items()
            if any(
                (p := stem_string(s)) in haystack and p not in self.generic_synonyms
                for s in synonyms
            )
        ]


@cache
def topic_model(content: Content | None = None) -> TopicModel:
    """Statistics of `content` (the packaged content by default), computed once."""
    content = content or load_content()
    questions = [q for b in content.banks.values() for q in b.questions]
    stem_df: Counter[str] = Counter()
    synonym_df: Counter[str] = Counter()
    for q in questions:
        stems = content_stems(q.text)
        phrases: set[str] = set()
        for synonyms in q.key_points.values():
            for s in synonyms:
                stems |= content_stems(s)
                phrases.add(stem_string(s))
        stem_df.update(stems)
        synonym_df.update(phrases)
    generic = frozenset(p for p, n in synonym_df.items() if n >= GENERIC_SYNONYM_DF)
    return TopicModel(dict(stem_df), len(questions), generic)


def topic_text(text: str, key_points: Mapping[str, Sequence[str]]) -> str:
    """What a question is about, as one text: its wording, key-point names and synonyms."""
    return " ".join([text, *key_points, *(s for syn in key_points.values() for s in syn)])


@dataclass(frozen=True)
class SemanticZ:
    """Closeness to the question's whole topic, and to its wording alone (see SemanticTopics)."""

    topic: float
    wording: float


@dataclass(frozen=True)
class BankEntry:
    """One bank question as the rival check needs it."""

    text: str
    role: str | None
    key_points: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class SemanticTopics:
    """Every bank question as two WordLlama vectors (coaching/semantic.py): its whole topic
    (wording, key-point names and synonyms) and its wording alone.

    `z()` says how much closer an answer is to its own question than to the typical question
    of the bank, in standard deviations over all bank questions: raw cosine similarity of
    mean-pooled embeddings runs high for any fluent English, so only the contrast carries
    meaning. A paraphrase that shares no words with the question still scores well; an
    answer to a different question scores near or below zero.
    """

    topics: NDArray[np.float32]
    wordings: NDArray[np.float32]
    entries: tuple[BankEntry, ...] = ()

    def z(self, text: str, key_points: Mapping[str, Sequence[str]], answer: str) -> SemanticZ:
        vec = semantic.embed(answer)
        return SemanticZ(
            topic=_z(
                self.topics @ vec, semantic.cosine(_question_vec(topic_text(text, key_points)), vec)
            ),
            wording=_z(self.wordings @ vec, semantic.cosine(_question_vec(text), vec)),
        )

    def rival_share(
        self,
        question_text: str,
        answer: str,
        own_topicality: float,
        rival_topicality: Callable[[BankEntry, float], float],
    ) -> float | None:
        """Share of the other questions of the own question's role whose topicality for
        `answer` beats `own_topicality`. `rival_topicality(entry, z)` adds word overlap and
        key points to the semantic z. None when the question is not in the bank (a
        follow-up, a custom question): there is no field to compare within."""
        own = next((i for i, e in enumerate(self.entries) if e.text == question_text), None)
        if own is None:
            return None
        role = self.entries[own].role
        sims = self.topics @ semantic.embed(answer)
        mean, spread = float(sims.mean()), float(sims.std())
        if spread <= 1e-9:
            return None
        rivals = [i for i, e in enumerate(self.entries) if i != own and e.role == role and role]
        if not rivals:
            return None
        better = sum(
            rival_topicality(self.entries[i], (float(sims[i]) - mean) / spread) > own_topicality
            for i in rivals
        )
        return better / len(rivals)


@lru_cache(maxsize=4096)
def _question_vec(text: str) -> semantic.Vector:
    # Questions repeat across every answer to them; answers do not.
    return semantic.embed(text)


def _z(sims: NDArray[np.float32], own: float) -> float:
    spread = float(sims.std())
    return (float(own) - float(sims.mean())) / spread if spread > 1e-9 else 0.0


@cache
def semantic_topics(content: Content | None = None) -> SemanticTopics:
    """Vectors of `content`'s questions (the packaged content by default), built once."""
    content = content or load_content()
    questions = [q for b in content.banks.values() for q in b.questions]
    topics = [semantic.embed(topic_text(q.text, q.key_points)) for q in questions]
    wordings = [semantic.embed(q.text) for q in questions]
    entries = tuple(BankEntry(q.text, q.role, q.key_points) for q in questions)
    return SemanticTopics(np.stack(topics), np.stack(wordings), entries)
