"""Typed loader for the interview content in `moodlens.content` (templates, question banks).

The YAML files are data written for this product; this module turns them into frozen pydantic
models, checks them as a whole (coverage, unique ids, probes for every gap, wording rules) and
caches the result. `load_content()` raises `ContentError` listing every problem at once, so a
bad edit fails start-up and the content tests instead of a live session. Reading the files
from the package is `content_files.py`.

Layout of `src/moodlens/content/`:
- `templates.yaml`: `content_version` and the 60 templates (role x round x difficulty).
- `questions/<role>-<round>.yaml` (`kind: bank`): the main questions of one role x round.
- `questions/defaults.yaml` (`kind: probe_defaults`): generic follow-up probes per gap, with
  optional per-answer-format variants; a question's own `probes` override them.
- `questions/closing.yaml` (`kind: closing`): closing questions per round.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from moodlens.coaching.content_files import ContentError, digest, read_raw_files
from moodlens.coaching.wording import find_banned_words

Role = Literal["sde", "product", "data_analyst", "sales", "hr"]
RoundType = Literal["hr", "behavioral", "technical_intro", "case"]
Difficulty = Literal["easy", "medium", "hard"]
Dimension = Literal["communication", "structure", "relevance", "confidence"]
# "story": a past experience (STAR expected); "case": a problem worked live (clarify, goal,
# approach, recommendation map onto S, T, A, R); "explain": knowledge or a walkthrough;
# "motivation": reasons and preferences (why this role, strengths).
AnswerFormat = Literal["story", "case", "explain", "motivation"]
Gap = Literal[
    "missing_situation",
    "missing_action",
    "missing_result",
    "no_numbers",
    "vague_we",
    "off_topic",
    "too_short",
    "too_long",
    # Format rubrics (coaching/rubric.py): explain and motivation answers.
    "no_example",
    "no_tradeoff",
    "no_specifics",
    "no_fit",
]

ROLES: tuple[Role, ...] = get_args(Role)
ROUND_TYPES: tuple[RoundType, ...] = get_args(RoundType)
DIFFICULTIES: tuple[Difficulty, ...] = get_args(Difficulty)
DIMENSIONS: tuple[Dimension, ...] = get_args(Dimension)
ANSWER_FORMATS: tuple[AnswerFormat, ...] = get_args(AnswerFormat)
GAPS: tuple[Gap, ...] = get_args(Gap)

MIN_QUESTIONS_PER_BANK = 15
# Placeholders a probe may use; the phraser fills them from the candidate's answer.
PROBE_PLACEHOLDERS = frozenset({"echo", "key_point"})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Question(_Frozen):
    """A main interview question from a bank.

    `key_points` maps a display name (a noun phrase that reads well after "about", e.g.
    "the root cause") to the words and phrases that evidence it in an answer.
    `probes` holds question-specific follow-up wordings by gap; missing gaps fall back to
    `ProbeDefaults`. `expects_numbers` defaults by format (story and case answers should
    quantify; explanations and motivations need not).
    """

    id: str
    bank: str = ""
    role: Role | None = None
    round: RoundType | None = None
    text: str
    difficulty: Difficulty
    format: AnswerFormat
    target_seconds: int = Field(ge=20, le=300)
    stresses: tuple[Dimension, ...] = Field(min_length=1)
    key_points: dict[str, tuple[str, ...]] = Field(min_length=2)
    probes: dict[Gap, tuple[str, ...]] = Field(default_factory=dict)
    opener: bool = False
    expects_numbers: bool | None = None

    @property
    def wants_numbers(self) -> bool:
        if self.expects_numbers is not None:
            return self.expects_numbers
        return self.format in ("story", "case")


class ClosingQuestion(_Frozen):
    """A question that ends a round ("Is there anything you'd like to ask us?")."""

    id: str
    text: str
    target_seconds: int = Field(ge=20, le=180)


class TemplateConfig(_Frozen):
    """Engine settings of a template.

    The engine starts at `start_difficulty` and steps one level up after a strong answer and
    one down after a weak one, never leaving `difficulty_range` (inclusive) unless the bank has
    no unasked question left inside it.
    """

    question_bank: str
    difficulty_range: tuple[Difficulty, Difficulty]
    start_difficulty: Difficulty
    stress_dimensions: tuple[Dimension, ...] = Field(min_length=1)
    max_follow_ups: int = Field(ge=0, le=2)


class Template(_Frozen):
    id: str
    role: Role
    round: RoundType
    difficulty: Difficulty
    title: str
    description: str
    config: TemplateConfig


class QuestionBank(_Frozen):
    kind: Literal["bank"]
    id: str
    role: Role
    round: RoundType
    questions: tuple[Question, ...]


class ProbeDefaults(_Frozen):
    """Generic probes: gap -> answer format (or "any") -> wordings."""

    kind: Literal["probe_defaults"]
    probes: dict[Gap, dict[AnswerFormat | Literal["any"], tuple[str, ...]]]


class ClosingFile(_Frozen):
    kind: Literal["closing"]
    closing: dict[RoundType, tuple[ClosingQuestion, ...]]


class TemplatesFile(_Frozen):
    content_version: str
    templates: tuple[Template, ...]


class Content:
    """All content, indexed. Build with `load_content()`; treat as read-only."""

    def __init__(
        self,
        version: str,
        templates: tuple[Template, ...],
        banks: Mapping[str, QuestionBank],
        probe_defaults: ProbeDefaults,
        closing: Mapping[RoundType, tuple[ClosingQuestion, ...]],
    ) -> None:
        self.version = version
        self.templates = templates
        self.banks = dict(banks)
        self.probe_defaults = probe_defaults
        self.closing = dict(closing)
        self._templates = {t.id: t for t in templates}
        self._questions = {q.id: q for b in self.banks.values() for q in b.questions}
        self._closing = {c.id: c for cs in self.closing.values() for c in cs}

    def template(self, template_id: str) -> Template:
        try:
            return self._templates[template_id]
        except KeyError:
            raise KeyError(f"unknown template {template_id!r}") from None

    def find_templates(
        self,
        role: Role | None = None,
        round_type: RoundType | None = None,
        difficulty: Difficulty | None = None,
    ) -> list[Template]:
        """Templates matching every given filter, in file order."""
        return [
            t
            for t in self.templates
            if (role is None or t.role == role)
            and (round_type is None or t.round == round_type)
            and (difficulty is None or t.difficulty == difficulty)
        ]

    def bank_for(self, template: Template) -> QuestionBank:
        return self.banks[template.config.question_bank]

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    def closing_question(self, question_id: str) -> ClosingQuestion | None:
        return self._closing.get(question_id)

    def probes_for(self, question: Question, gap: Gap) -> tuple[str, ...]:
        """Wordings for probing `gap` after `question`: its own, else the format default."""
        own = question.probes.get(gap)
        if own:
            return own
        by_format = self.probe_defaults.probes.get(gap, {})
        return by_format.get(question.format) or by_format.get("any") or ()


def parse_content(raw_files: Mapping[str, Any]) -> Content:
    """Build and validate `Content` from parsed YAML documents keyed by relative path."""
    problems: list[str] = []
    try:
        tfile = TemplatesFile.model_validate(raw_files["templates.yaml"])
    except KeyError:
        raise ContentError("templates.yaml is missing") from None
    except ValidationError as exc:
        raise ContentError(f"templates.yaml: {exc}") from exc

    banks: dict[str, QuestionBank] = {}
    defaults: ProbeDefaults | None = None
    closing: dict[RoundType, tuple[ClosingQuestion, ...]] = {}
    for path, doc in raw_files.items():
        if path == "templates.yaml":
            continue
        kind = doc.get("kind") if isinstance(doc, dict) else None
        try:
            if kind == "bank":
                bank = QuestionBank.model_validate(doc)
                qs = tuple(
                    q.model_copy(update={"bank": bank.id, "role": bank.role, "round": bank.round})
                    for q in bank.questions
                )
                if bank.id in banks:
                    problems.append(f"{path}: duplicate bank id {bank.id}")
                banks[bank.id] = bank.model_copy(update={"questions": qs})
            elif kind == "probe_defaults":
                defaults = ProbeDefaults.model_validate(doc)
            elif kind == "closing":
                closing = dict(ClosingFile.model_validate(doc).closing)
            else:
                problems.append(f"{path}: unknown kind {kind!r}")
        except ValidationError as exc:
            problems.append(f"{path}: {exc}")
    if defaults is None:
        problems.append("questions/defaults.yaml (kind: probe_defaults) is missing")
        defaults = ProbeDefaults(kind="probe_defaults", probes={})
    if problems:
        raise ContentError("\n".join(problems))

    version = f"{tfile.content_version}+{digest(raw_files)}"
    content = Content(version, tfile.templates, banks, defaults, closing)
    problems = validate_content(content)
    if problems:
        raise ContentError("\n".join(problems))
    return content


def validate_content(content: Content) -> list[str]:
    """Every consistency problem in `content` (empty when it is fit to serve)."""
    problems: list[str] = []
    seen: set[str] = set()

    def check_id(kind: str, ident: str) -> None:
        if ident in seen:
            problems.append(f"duplicate id {ident} ({kind})")
        seen.add(ident)

    def check_text(where: str, text: str) -> None:
        banned = find_banned_words(text)
        if banned:
            problems.append(f"{where}: inner-state wording {banned}")

    combos = {(t.role, t.round, t.difficulty) for t in content.templates}
    for role in ROLES:
        for rnd in ROUND_TYPES:
            for diff in DIFFICULTIES:
                if (role, rnd, diff) not in combos:
                    problems.append(f"no template for {role}/{rnd}/{diff}")
            if f"{role}-{rnd}" not in content.banks:
                problems.append(f"no question bank {role}-{rnd}")

    order = {d: i for i, d in enumerate(DIFFICULTIES)}
    for t in content.templates:
        check_id("template", t.id)
        check_text(t.id, f"{t.title} {t.description}")
        bank = content.banks.get(t.config.question_bank)
        if bank is None:
            problems.append(f"{t.id}: unknown bank {t.config.question_bank}")
        elif (bank.role, bank.round) != (t.role, t.round):
            problems.append(f"{t.id}: bank {bank.id} is for another role or round")
        lo, hi = (order[d] for d in t.config.difficulty_range)
        if not lo <= order[t.config.start_difficulty] <= hi:
            problems.append(f"{t.id}: start difficulty outside its range")

    for bank in content.banks.values():
        if len(bank.questions) < MIN_QUESTIONS_PER_BANK:
            problems.append(f"{bank.id}: {len(bank.questions)} questions (< 15)")
        for diff in DIFFICULTIES:
            if sum(q.difficulty == diff for q in bank.questions) < 4:
                problems.append(f"{bank.id}: fewer than 4 {diff} questions")
        texts = [q.text.strip().lower() for q in bank.questions]
        if len(set(texts)) != len(texts):
            problems.append(f"{bank.id}: repeated question text")
        for q in bank.questions:
            check_id("question", q.id)
            check_text(q.id, q.text)
            for name, synonyms in q.key_points.items():
                if not synonyms:
                    problems.append(f"{q.id}: key point {name!r} has no synonyms")
                check_text(f"{q.id} key point", " ".join((name, *synonyms)))
            for gap in GAPS:
                wordings = content.probes_for(q, gap)
                if not wordings:
                    problems.append(f"{q.id}: no probe for {gap}")
                for w in q.probes.get(gap, ()):
                    problems.extend(_check_probe(f"{q.id}/{gap}", w))
                    check_text(f"{q.id}/{gap}", w)

    for gap in GAPS:
        by_format = content.probe_defaults.probes.get(gap, {})
        plain = [w for ws in by_format.values() for w in ws if not _placeholders(w)]
        if "any" not in by_format or not plain:
            problems.append(
                f"defaults/{gap}: needs an 'any' entry and a wording without placeholders"
            )
        for fmt, wordings in by_format.items():
            for w in wordings:
                problems.extend(_check_probe(f"defaults/{gap}/{fmt}", w))
                check_text(f"defaults/{gap}/{fmt}", w)

    for rnd in ROUND_TYPES:
        if len(content.closing.get(rnd, ())) < 2:
            problems.append(f"closing/{rnd}: fewer than 2 closing questions")
    for cs in content.closing.values():
        for c in cs:
            check_id("closing", c.id)
            check_text(c.id, c.text)
    return problems


def _placeholders(wording: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(wording) if name is not None}


def _check_probe(where: str, wording: str) -> list[str]:
    try:
        names = _placeholders(wording)
    except ValueError as exc:
        return [f"{where}: bad template {wording!r} ({exc})"]
    unknown = names - PROBE_PLACEHOLDERS
    return [f"{where}: unknown placeholder(s) {sorted(unknown)}"] if unknown else []


@cache
def load_content() -> Content:
    """The packaged content, validated once per process."""
    return parse_content(read_raw_files())
