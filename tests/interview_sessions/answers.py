"""Typed answers for session simulations, written from the asked question's own content.

A strong answer covers every key point of the question, tells a full STAR story (or a full
case: assumptions, goal, approach, recommendation) in the first person, with numbers. A weak
answer is a vague one-liner. `tests/interview_sessions/test_answers.py` checks that the
analyser agrees, so a simulation that sees a follow-up after a "strong" answer is a real
engine/API finding and not a badly written fixture.
"""

from __future__ import annotations

from moodlens.coaching.content import Question

# Vague one-liners, all different: real candidates do not repeat themselves word for word,
# and follow-ups quote the answer, so identical answers would make identical follow-ups.
WEAK_ANSWERS = (
    "I think it went fine, we sorted it out in the end.",
    "Honestly it was a while ago, but it worked out okay for everyone.",
    "We just talked it through as a team and moved on with the plan.",
    "I usually try my best and things tend to go well enough.",
    "It was a normal project, nothing special really happened there.",
    "The team handled most of it and I helped where I could.",
    "We had some issues at the start but they got resolved later.",
    "I guess I would say communication is the key to that kind of thing.",
    "Something like that happened once and we dealt with it quickly.",
    "It depends on the situation, every case is a bit different.",
    "My manager decided most of it so I followed the direction.",
    "We fixed the problem and everyone was happy with the outcome.",
    "I cannot remember the details but it went reasonably well.",
    "There was a deadline and we met it after some late nights.",
    "I would probably just ask someone more senior for advice.",
    "Things were busy so we prioritised and got through it.",
)
WEAK_ANSWER = WEAK_ANSWERS[0]


def strong_answer(q: Question) -> str:
    kps = [synonyms[0] for synonyms in q.key_points.values()]
    listed = ", ".join(kps)
    if q.format == "case":
        parts = [
            f"First, let me clarify a few assumptions: I assume we care about {kps[0]} and "
            "that the market has about 2 million users.",
            f"The goal is to decide on {kps[1]} with a clear recommendation.",
            f"My approach: I would look at {listed}, and I would size each option with rough "
            "numbers, for example 20 percent conversion and 5 dollars per user.",
            "Then I would compare the options on cost, impact and risk, and I would test the "
            "riskiest assumption first with a two-week experiment.",
            f"So my recommendation is to prioritise {kps[0]}, which I estimate adds roughly "
            "400 thousand dollars a year, and to revisit it after the first 30 days.",
        ]
    else:
        parts = [
            f"At my previous company, a logistics startup with 40 engineers, {kps[0]} was a "
            "real problem for the team last year.",
            f"My task was to handle {kps[1]} before the quarterly release.",
            f"I analysed the situation and I wrote down a plan that covered {listed}.",
            "I then met each stakeholder, I agreed the priorities with my manager, and I "
            "tracked progress every week in a shared dashboard.",
            "As a result, we shipped two weeks early, the error rate dropped by 35 percent, "
            f"and {kps[-1]} improved in the next review.",
            # Explanations want a trade-off and motivation answers reasons (issue 15).
            "The trade-off was less polish, and I want more of this work because it matters.",
        ]
    # Candidates restate the question; it also anchors topicality when the key points are
    # everyday words ("because", "now I").
    parts.append(f"That is how I would answer: {q.text[0].lower()}{q.text[1:].rstrip('?')}.")
    return " ".join(parts)


CLOSING_ANSWER = (
    "Yes, I would like to know how the team measures success in the first 90 days, and how "
    "feedback is usually given after a release."
)
