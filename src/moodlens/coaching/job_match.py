"""Skills and duties a job description names, and where answers covered them (issue 18).

Deterministic and offline: the text is matched against the skill vocabulary of
`content/job_skills.yaml` (terms on light stems, whole words, as the answer analyser matches
key points), plus the text's own recurring terms (a tool or domain word the vocabulary does
not know, e.g. "Kafka" or "payroll") and the duties it lists ("Own the billing platform").
Every skill carries the job sentence that named it, so each suggestion traces to the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from moodlens.coaching.text import STOPWORDS, normalise, split_sentences, stem_string, tokens


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


SkillSource = Literal["vocabulary", "text"]

MAX_VOCAB_SKILLS = 16
MAX_TEXT_TERMS = 6
MAX_DUTIES = 8
DUTY_MAX_WORDS = 16
EVIDENCE_CHARS = 220

_BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25aa\u25cf>]+|\d{1,2}[.)])\s*")
_LEAD_IN = re.compile(
    r"^(?:you will|you'll|you would|in this role,? you will|responsibilities include|"
    r"the role (?:owns|involves)|this role (?:owns|involves)|responsible for|you are "
    r"responsible for|your job is to)\s+",
    re.IGNORECASE,
)
# Verbs a listed duty starts with ("Own the billing platform", "You will lead ...").
DUTY_VERBS = _word_set(
    """
    own lead build design develop manage drive partner collaborate define run maintain
    analyze analyse mentor improve deliver launch negotiate recruit support write create
    ship scale implement coordinate present prospect close establish oversee handle
    conduct monitor optimize prioritize review translate grow hire train resolve
    plan report identify architect automate investigate advise
    """
)
# Words every job description uses that name no skill.
_GENERIC = _word_set(
    """
    ability able about across also applicant applicants apply benefit benefits bonus
    candidate candidates company companies day days degree equal etc every excellent
    experience experienced familiarity familiar good great help high ideal include
    including job join knowledge least level looking make must new nice offer
    opportunity opportunities others part people plus position preferred qualification
    qualifications related required requirements responsibilities responsibility role
    roles salary skill skills strong team teams time title understanding using want way
    ways well work working world year years will within without based best bring closely
    environment fast global growing hands help impact key love mission paced passionate
    range remote seeking solid support thrive track value values what whom wide senior
    junior engineer engineers engineering manager managers specialist analyst analysts
    associate intern staff principal head director lead systems system
    """
)


@dataclass(frozen=True)
class VocabularySkill:
    name: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class JobSkill:
    """A skill the job text names: from the vocabulary or one of the text's own terms."""

    name: str
    terms: tuple[str, ...]
    source: SkillSource
    evidence: str
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "terms": list(self.terms),
            "source": self.source,
            "evidence": self.evidence,
            "mentions": self.mentions,
        }


@dataclass(frozen=True)
class JobDuty:
    """A duty the text lists, as written ("own the billing platform's reliability")."""

    phrase: str
    verb: str
    terms: tuple[str, ...]
    skills: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "verb": self.verb,
            "terms": list(self.terms),
            "skills": list(self.skills),
        }


@dataclass(frozen=True)
class JobProfile:
    skills: tuple[JobSkill, ...]
    duties: tuple[JobDuty, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "skills": [s.to_dict() for s in self.skills],
            "duties": [d.to_dict() for d in self.duties],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobProfile:
        skills = tuple(
            JobSkill(
                name=str(s["name"]),
                terms=tuple(str(t) for t in s.get("terms", ())),
                source="text" if s.get("source") == "text" else "vocabulary",
                evidence=str(s.get("evidence", "")),
                mentions=int(s.get("mentions", 1)),
            )
            for s in data.get("skills", ())
        )
        duties = tuple(
            JobDuty(
                phrase=str(d["phrase"]),
                verb=str(d.get("verb", "")),
                terms=tuple(str(t) for t in d.get("terms", ())),
                skills=tuple(str(t) for t in d.get("skills", ())),
            )
            for d in data.get("duties", ())
        )
        return cls(skills, duties)


@cache
def skill_vocabulary() -> tuple[VocabularySkill, ...]:
    """The packaged skill vocabulary (`content/job_skills.yaml`)."""
    raw = resources.files("moodlens.content").joinpath("job_skills.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    return tuple(
        VocabularySkill(str(s["name"]), tuple(str(t) for t in s["terms"])) for s in data["skills"]
    )


def _blocks(text: str) -> list[str]:
    """Bullets, headings and paragraphs, with a paragraph's wrapped lines joined again (a
    pasted or PDF text breaks sentences across lines)."""
    blocks: list[str] = []
    joinable = False
    for raw in text.replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            joinable = False
            continue
        bullet = _BULLET.match(line) is not None
        body = _BULLET.sub("", line).strip()
        if joinable and not bullet and blocks:
            blocks[-1] = f"{blocks[-1]} {body}"
        else:
            blocks.append(body)
        last = blocks[-1]
        # A short line without an end mark is a heading; one that ends a sentence is complete.
        joinable = not last.endswith((".", "!", "?", ":", ";")) and len(last.split()) >= 6
    return blocks


def segments(text: str) -> list[str]:
    """The text's bullets and sentences, without bullet marks."""
    out: list[str] = []
    for block in _blocks(text):
        out.extend(s.strip() for s in split_sentences(block) if s.strip())
    return out


def term_in(term: str, haystack_stems: str) -> bool:
    """Whether `term` (a word or phrase) occurs, on stems and whole words."""
    phrase = stem_string(term)
    return phrase.strip() != "" and phrase in haystack_stems


def _clip(sentence: str, limit: int = EVIDENCE_CHARS) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "\u2026"


def extract_profile(text: str, vocabulary: Sequence[VocabularySkill] | None = None) -> JobProfile:
    """The skills and duties `text` names, most mentioned first."""
    vocab = skill_vocabulary() if vocabulary is None else vocabulary
    segs = segments(text)
    stemmed = [stem_string(s) for s in segs]
    found: list[tuple[int, int, JobSkill]] = []
    for skill in vocab:
        hits = [i for i, h in enumerate(stemmed) if any(term_in(t, h) for t in skill.terms)]
        if hits:
            js = JobSkill(skill.name, skill.terms, "vocabulary", _clip(segs[hits[0]]), len(hits))
            found.append((-len(hits), hits[0], js))
    found.sort(key=lambda f: (f[0], f[1]))
    skills = [f[2] for f in found[:MAX_VOCAB_SKILLS]]
    skills += _text_terms(segs, skills)
    duties = _duties(segs, skills)
    return JobProfile(tuple(skills), tuple(duties))


def _text_terms(segs: Sequence[str], known: Sequence[JobSkill]) -> list[JobSkill]:
    """Recurring words of the text no vocabulary skill covers: named tools and domains."""
    covered = {stem_string(t).strip() for s in known for t in s.terms}
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, str]] = {}
    for i, seg in enumerate(segs):
        seen: set[str] = set()
        for raw in re.findall(r"[A-Za-z][A-Za-z0-9+#.-]*[A-Za-z0-9+#]|[A-Za-z]", seg):
            word = normalise(raw)
            if len(word) < 3 or word in STOPWORDS or word in _GENERIC or word in DUTY_VERBS:
                continue
            key = stem_string(word).strip()
            if not key or key in covered or key in seen:
                continue
            seen.add(key)
            counts[key] += 1
            first.setdefault(key, (i, raw))
    picked: list[JobSkill] = []
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]][0])):
        idx, raw = first[key]
        # A term named once counts when it is a proper name or a tool ("Kafka", "C++").
        if n < 2 and not (raw[0].isupper() and not segs[idx].startswith(raw)):
            continue
        picked.append(JobSkill(raw, (normalise(raw),), "text", _clip(segs[idx]), n))
        if len(picked) >= MAX_TEXT_TERMS:
            break
    return picked


def _duties(segs: Sequence[str], skills: Sequence[JobSkill]) -> list[JobDuty]:
    duties: list[JobDuty] = []
    seen: set[str] = set()
    for seg in segs:
        body = _LEAD_IN.sub("", seg.strip())
        words = body.split()
        if len(words) < 3:
            continue
        verb = normalise(words[0]).strip(",:;")
        if verb not in DUTY_VERBS:
            continue
        phrase = re.split(r"[;:]", body)[0].strip().rstrip(".!")
        cut = phrase.split()
        if len(cut) > DUTY_MAX_WORDS:
            head = ",".join(phrase.split(",")[:1]).split()
            cut = head if 3 <= len(head) <= DUTY_MAX_WORDS else cut[:DUTY_MAX_WORDS]
        phrase = " ".join(cut).rstrip(",")
        phrase = phrase[0].lower() + phrase[1:]
        key = stem_string(phrase)
        if key in seen:
            continue
        seen.add(key)
        hay = stem_string(seg)
        terms = tuple(
            dict.fromkeys(
                t
                for t in tokens(phrase)[1:]
                if t not in STOPWORDS and t not in _GENERIC and len(t) > 2
            )
        )
        matched = tuple(s.name for s in skills if any(term_in(t, hay) for t in s.terms))
        duties.append(JobDuty(phrase, verb, terms, matched))
        if len(duties) >= MAX_DUTIES:
            break
    return duties


# --- answers against the job ---------------------------------------------------------------


@dataclass(frozen=True)
class AnswerText:
    """One attempt at a question, for coverage: which question, which attempt, what was said."""

    question_id: str
    sequence_no: int
    attempt_no: int
    transcript: str


@dataclass(frozen=True)
class Quote:
    question_id: str
    sequence_no: int
    attempt_no: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "sequence_no": self.sequence_no,
            "attempt_no": self.attempt_no,
            "text": self.text,
        }


def quote_for(terms: Sequence[str], transcript: str, exclude: str = "") -> str | None:
    """The first sentence of `transcript` that uses one of `terms` (not counting terms that
    only repeat `exclude`, the question's own words)."""
    asked = stem_string(exclude) if exclude else " "
    phrases = [t for t in terms if t.strip() and stem_string(t) not in asked]
    for sentence in split_sentences(transcript):
        hay = stem_string(sentence)
        if any(term_in(t, hay) for t in phrases):
            return _clip(sentence)
    return None


def skill_coverage(
    profile: JobProfile, answers: Sequence[AnswerText]
) -> list[tuple[JobSkill, list[Quote]]]:
    """Each job skill with the answers' sentences that used it (empty: it never came up)."""
    out: list[tuple[JobSkill, list[Quote]]] = []
    for skill in profile.skills:
        quotes: list[Quote] = []
        for a in answers:
            text = quote_for(skill.terms, a.transcript)
            if text is not None:
                quotes.append(Quote(a.question_id, a.sequence_no, a.attempt_no, text))
        out.append((skill, quotes))
    return out
