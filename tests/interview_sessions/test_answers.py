from __future__ import annotations

from moodlens.coaching.analysis import analyze_answer
from moodlens.coaching.content import load_content
from moodlens.coaching.engine import MINOR_GAPS, answer_verdict
from tests.interview_sessions.answers import WEAK_ANSWERS, strong_answer


def test_simulation_answers_are_what_they_claim_for_every_bank_question() -> None:
    content = load_content()
    for bank in content.banks.values():
        for q in bank.questions:
            strong = analyze_answer(q, strong_answer(q), None)
            assert answer_verdict(strong) == "strong", (q.id, strong.gaps)
            assert not [g for g in strong.gaps if g not in MINOR_GAPS], (q.id, strong.gaps)
            for text in WEAK_ANSWERS:
                weak = analyze_answer(q, text, None)
                assert answer_verdict(weak) == "weak", (q.id, text)
                assert "too_short" in weak.gaps
