"""Skills and duties found in job text, questions chosen toward them, talking points."""

from __future__ import annotations

from moodlens.coaching.content import load_content
from moodlens.coaching.job_match import AnswerText, extract_profile, skill_coverage
from moodlens.coaching.job_questions import (
    DUTY_SLOTS,
    AttemptPoints,
    JobFocus,
    choose_main,
    skill_fit,
    talking_points,
)
from tests.practice.jobs import BACKEND_JOB

SALES_JOB = """Account Executive, Mid-Market
You will own a territory of mid-market accounts and close new business.
- Build pipeline through outbound prospecting and events.
- Negotiate pricing and contracts with procurement teams.
- Partner with customer success on renewals and upsell.
- Report forecast accuracy to the sales director every week.
We want someone who can handle objections calmly and who keeps the CRM up to date.
"""


def test_skills_come_from_the_vocabulary_and_the_texts_own_terms() -> None:
    profile = extract_profile(BACKEND_JOB)
    by_name = {s.name: s for s in profile.skills}
    assert {"reliability and incidents", "mentoring", "sql", "python"} <= set(by_name)
    # Recurring words the vocabulary does not know, kept with their own spelling.
    assert {"Kafka", "invoicing", "reconciliation"} <= set(by_name)
    assert by_name["Kafka"].source == "text"
    # Each skill quotes the job sentence that named it.
    assert "Mentor junior engineers" in by_name["mentoring"].evidence
    # Words every posting uses are not skills.
    assert not {"experience", "years", "team", "role"} & {n.lower() for n in by_name}


def test_duties_are_the_texts_listed_duties() -> None:
    profile = extract_profile(BACKEND_JOB)
    phrases = [d.phrase for d in profile.duties]
    assert any(p.startswith("own the reliability of the billing platform") for p in phrases)
    assert any(p.startswith("mentor junior engineers") for p in phrases)
    sales = extract_profile(SALES_JOB)
    assert [d.verb for d in sales.duties][:4] == ["own", "build", "negotiate", "partner"]
    assert {"negotiation", "sales pipeline", "account management"} <= {s.name for s in sales.skills}


def test_extraction_is_deterministic() -> None:
    assert extract_profile(BACKEND_JOB) == extract_profile(BACKEND_JOB)
    profile = extract_profile(BACKEND_JOB)
    assert type(profile).from_dict(profile.to_dict()) == profile


def test_duty_slots_ask_a_question_drawn_from_the_job() -> None:
    content = load_content()
    bank = content.bank_for(content.template("sde-behavioral-medium")).questions
    profile = extract_profile(BACKEND_JOB)
    slot = min(DUTY_SLOTS)
    choice = choose_main(profile, bank[1:], bank[1], slot, used_focus=set())
    assert choice is not None and choice.question is None
    assert choice.text.startswith("This role will own the reliability of the billing platform")
    assert "Tell me about a time you" in choice.text
    # The next duty slot takes the next duty, not the same one again.
    again = choose_main(profile, bank[1:], bank[1], slot, used_focus={choice.focus.name})
    assert again is not None and again.focus.name != choice.focus.name


def test_other_slots_pick_a_bank_question_that_fits_a_job_skill() -> None:
    content = load_content()
    bank = content.bank_for(content.template("sde-behavioral-medium")).questions
    profile = extract_profile(BACKEND_JOB)
    pick = max(bank, key=lambda q: q.target_seconds)
    choice = choose_main(profile, bank, pick, 2, used_focus=set())
    assert choice is not None and choice.question is not None
    skill = next(s for s in profile.skills if s.name == choice.focus.name)
    assert skill_fit(skill, choice.question) > 0
    assert choice.text == f"This role asks for {skill.name}. {choice.question.text}"
    # Never longer than the engine's pick (its time budget), never far from its difficulty.
    assert choice.question.target_seconds <= pick.target_seconds
    # The opener stays the engine's.
    assert choose_main(profile, bank, pick, 0, used_focus=set()) is None


def test_talking_points_tick_and_quote_the_latest_attempt_that_made_them() -> None:
    focus = JobFocus("skill", "mentoring", ("mentor", "code review"), "Mentor junior engineers")
    points = talking_points(
        {"how you helped": ("paired", "walked through")},
        focus,
        [
            AttemptPoints(1, "I helped a bit.", []),
            AttemptPoints(
                2,
                "I paired with her for a week. I also set up a code review rota.",
                ["how you helped", "mentoring (named in the job)"],
            ),
        ],
        "Describe a time you helped a teammate who was stuck.",
    )
    assert [(p.name, p.hit, p.attempt_no) for p in points] == [
        ("how you helped", True, 2),
        ("mentoring (named in the job)", True, 2),
    ]
    assert points[0].quote == "I paired with her for a week."
    assert points[1].quote == "I also set up a code review rota."
    assert points[1].source == "job"


def test_coverage_splits_covered_skills_from_those_that_never_came_up() -> None:
    profile = extract_profile(BACKEND_JOB)
    answers = [
        AnswerText("q1", 1, 1, "I was on call when the outage hit. I fixed the Kafka consumer."),
        AnswerText("q1", 1, 2, "I mentored two engineers through the fix."),
    ]
    result = {s.name: quotes for s, quotes in skill_coverage(profile, answers)}
    assert result["Kafka"][0].text == "I fixed the Kafka consumer."
    assert result["mentoring"][0].attempt_no == 2
    assert result["sql"] == []


def test_wrapped_lines_of_a_paragraph_are_one_sentence_again() -> None:
    """Pasted and PDF text breaks sentences across lines; a heading or a bullet does not
    run into the next line."""
    wrapped = (
        "Product Manager, Growth\n"
        "As a PM on Growth you will run experiments with engineering and\n"
        "design every week. You will partner with marketing on\n"
        "launches and talk to customers.\n"
        "Requirements\n"
        "- Experience with SQL\n"
        "- Clear writing\n"
    )
    phrases = [d.phrase for d in extract_profile(wrapped).duties]
    assert "partner with marketing on launches and talk to customers" in phrases
    skills = {s.name: s for s in extract_profile(wrapped).skills}
    assert skills["experimentation"].evidence.endswith("with engineering and design every week.")
    assert skills["sql"].evidence == "Experience with SQL"
