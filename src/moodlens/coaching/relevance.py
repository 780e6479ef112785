"""Is an answer about the question? Word statistics over the whole question bank.

Plain word overlap fails both ways: "data", "changed" or "customers" appear in answers to
almost any question, so a rambling answer about something else still "covers" key points.
Weighting shared words by how rare they are across all 320 questions (inverse document
frequency) and ignoring key-point synonyms that many questions share makes the off-topic call
rest on the words that actually identify a topic.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from moodlens.coaching.content import Content, load_content
from moodlens.coaching.text import content_stems, stem_string

# A synonym used by this many questions or more says little about which question it answers.
GENERIC_SYNONYM_DF = 5
# Below this IDF-weighted overlap, and with no specific key point, an answer is off topic.
OFF_TOPIC_RELEVANCE = 8.0


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
