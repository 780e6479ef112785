"""The packaged interview content loads, covers every combination and follows the rules."""

from __future__ import annotations

import copy
import re
import string
from collections import Counter
from typing import Any

import pytest

from moodlens.coaching.content import (
    DIFFICULTIES,
    GAPS,
    MIN_QUESTIONS_PER_BANK,
    ROLES,
    ROUND_TYPES,
    Content,
    load_content,
    parse_content,
)
from moodlens.coaching.content_files import ContentError, read_raw_files
from moodlens.coaching.wording import find_banned_words


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def test_sixty_templates_one_per_role_round_difficulty(content: Content) -> None:
    combos = Counter((t.role, t.round, t.difficulty) for t in content.templates)
    assert len(content.templates) == 60
    assert set(combos) == {(r, k, d) for r in ROLES for k in ROUND_TYPES for d in DIFFICULTIES}
    assert max(combos.values()) == 1


def test_template_ids_are_stable_and_readable(content: Content) -> None:
    for t in content.templates:
        assert t.id == f"{t.role}-{t.round}-{t.difficulty}"
        assert t.title and t.description and "\n" not in t.description
        assert content.bank_for(t).role == t.role and content.bank_for(t).round == t.round
        lo, hi = (DIFFICULTIES.index(d) for d in t.config.difficulty_range)
        assert lo <= DIFFICULTIES.index(t.config.start_difficulty) <= hi
        assert 0 < t.config.max_follow_ups <= 2


def test_find_templates_filters(content: Content) -> None:
    assert len(content.find_templates(role="sales")) == 12
    assert len(content.find_templates(round_type="case", difficulty="hard")) == 5
    assert [t.id for t in content.find_templates("hr", "hr", "easy")] == ["hr-hr-easy"]


def test_every_bank_has_enough_questions_spread_over_difficulties(content: Content) -> None:
    assert len(content.banks) == 20
    for bank in content.banks.values():
        assert len(bank.questions) >= MIN_QUESTIONS_PER_BANK, bank.id
        by_level = Counter(q.difficulty for q in bank.questions)
        assert all(by_level[d] >= 4 for d in DIFFICULTIES), (bank.id, by_level)
        assert any(q.opener for q in bank.questions), bank.id


def test_a_thirty_minute_session_never_runs_out_of_questions(content: Content) -> None:
    # Even with no follow-ups, 30 minutes of main questions (answer + 15 s transition)
    # fits in every bank without repeats.
    for bank in content.banks.values():
        seconds = sorted(q.target_seconds + 15 for q in bank.questions)
        assert sum(seconds) >= 30 * 60, bank.id


def test_ids_are_unique_across_all_content(content: Content) -> None:
    ids = [t.id for t in content.templates]
    ids += [q.id for b in content.banks.values() for q in b.questions]
    ids += [c.id for cs in content.closing.values() for c in cs]
    assert len(ids) == len(set(ids))
    texts = [q.text.lower() for b in content.banks.values() for q in b.questions]
    assert len(texts) == len(set(texts))


def test_every_question_is_complete(content: Content) -> None:
    for bank in content.banks.values():
        for q in bank.questions:
            assert q.id.startswith(f"{bank.id}-"), q.id
            assert q.text.rstrip().endswith(("?", ".")), q.id
            assert len(q.key_points) >= 3, q.id
            assert all(len(s) >= 2 for s in q.key_points.values()), q.id
            assert q.stresses, q.id
            assert 45 <= q.target_seconds <= 240, q.id


def test_every_gap_has_a_probe_for_every_question(content: Content) -> None:
    for bank in content.banks.values():
        for q in bank.questions:
            for gap in GAPS:
                wordings = content.probes_for(q, gap)
                assert wordings, (q.id, gap)
                assert all(w.strip().endswith("?") or "." in w for w in wordings)


def test_every_gap_has_a_default_without_placeholders(content: Content) -> None:
    for gap in GAPS:
        wordings = content.probe_defaults.probes[gap]["any"]
        plain = [w for w in wordings if not any(f for _, f, _, _ in string.Formatter().parse(w))]
        assert plain, gap


def test_closing_questions_per_round(content: Content) -> None:
    for rnd in ROUND_TYPES:
        assert len(content.closing[rnd]) >= 3


def _all_texts(content: Content) -> list[str]:
    texts = [f"{t.title} {t.description}" for t in content.templates]
    for bank in content.banks.values():
        for q in bank.questions:
            texts.append(q.text)
            texts.extend(q.key_points)
            texts.extend(w for ws in q.probes.values() for w in ws)
    texts.extend(
        w for by in content.probe_defaults.probes.values() for ws in by.values() for w in ws
    )
    texts.extend(c.text for cs in content.closing.values() for c in cs)
    return texts


def test_no_emotion_or_inner_state_words_anywhere(content: Content) -> None:
    offenders = [(t, find_banned_words(t)) for t in _all_texts(content) if find_banned_words(t)]
    assert offenders == []
    # The list itself must catch the words the EU AI Act rule names.
    for word in ("nervous", "confident", "anxious", "emotion", "Emotions", "feel"):
        assert find_banned_words(f"You seem {word} today") == [word.lower()]
    assert find_banned_words("a 95% confidence interval") == []


def test_version_records_declared_version_and_content_digest(content: Content) -> None:
    assert re.fullmatch(r"\d{4}\.\d+\.\d+\+[0-9a-f]{8}", content.version)
    raw = read_raw_files()
    assert parse_content(raw).version == content.version
    changed = copy.deepcopy(raw)
    changed["questions/sde-hr.yaml"]["questions"][0]["text"] += " Briefly."
    assert parse_content(changed).version != content.version


def _broken(edit: Any) -> str:
    raw = copy.deepcopy(read_raw_files())
    edit(raw)
    with pytest.raises(ContentError) as err:
        parse_content(raw)
    return str(err.value)


def test_validation_reports_problems() -> None:
    assert "no template for sde/hr/easy" in _broken(
        lambda raw: raw["templates.yaml"]["templates"].pop(0)
    )

    def shrink(raw: Any) -> None:
        raw["questions/sales-case.yaml"]["questions"] = raw["questions/sales-case.yaml"][
            "questions"
        ][:10]

    assert "sales-case: 10 questions" in _broken(shrink)

    def emotional(raw: Any) -> None:
        raw["questions/hr-hr.yaml"]["questions"][0]["text"] = "Were you nervous today?"

    assert "inner-state wording" in _broken(emotional)

    def bad_placeholder(raw: Any) -> None:
        raw["questions/sde-hr.yaml"]["questions"][0]["probes"] = {"too_long": ["Say {mood}?"]}

    assert "unknown placeholder" in _broken(bad_placeholder)

    def duplicate(raw: Any) -> None:
        qs = raw["questions/product-hr.yaml"]["questions"]
        qs[1]["id"] = qs[0]["id"]

    assert "duplicate id product-hr-01" in _broken(duplicate)
