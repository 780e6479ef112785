"""Per-answer scoring: monotonicity, evidence handling, factor wording and output shape."""

from __future__ import annotations

import dataclasses

import pytest

from moodlens.coaching.scoring.answer import score_answer
from moodlens.coaching.scoring.config import load_config
from moodlens.coaching.scoring.evidence import AnswerEvidence
from tests.coaching.answer_evidence import STAR_FULL, analysis, evidence, face, full, speech, width


def test_more_fillers_never_raise_communication() -> None:
    last = 101.0
    for n in range(0, 30):
        rate = n / 1.5
        s = score_answer(evidence(analysis(), speech(filler_count=n, filler_per_min=rate), face()))
        score = s.dimensions["communication"].score
        assert score <= last + 1e-9, (n, score, last)
        last = score
    assert last < 70


def test_more_fillers_never_raise_communication_even_on_weak_evidence() -> None:
    weak = analysis(word_count=25)
    scores = [
        score_answer(evidence(weak, speech(speaking_s=10, filler_count=n, filler_per_min=n * 6.0)))
        .dimensions["communication"]
        .score
        for n in range(0, 8)
    ]
    assert scores == sorted(scores, reverse=True)


def test_stated_result_raises_structure() -> None:
    no_result = analysis(star={**STAR_FULL, "result": None}, star_coverage=0.75, has_result=False)
    without = score_answer(evidence(no_result, speech(), face()))
    with_result = full()
    assert with_result.dimensions["structure"].score > without.dimensions["structure"].score
    texts = [f.text for f in without.dimensions["structure"].negatives()]
    assert any("No measurable result stated" in t for t in texts)
    positives = [f.text for f in with_result.dimensions["structure"].positives()]
    assert any("900 ms to 200 ms" in t for t in positives)


def test_has_result_alone_raises_structure() -> None:
    a = analysis(has_result=False)
    b = analysis(has_result=True)
    sa = score_answer(evidence(a, speech())).dimensions["structure"].score
    sb = score_answer(evidence(b, speech())).dimensions["structure"].score
    assert sb > sa


def test_key_point_coverage_and_specifics_raise_relevance() -> None:
    lo = score_answer(
        evidence(
            analysis(
                key_point_coverage=0.25, key_points_covered=["a"], key_points_missed=["b", "c", "d"]
            ),
            speech(),
        )
    )
    hi = score_answer(
        evidence(
            analysis(key_point_coverage=1.0, key_points_covered=list("abcd"), key_points_missed=[]),
            speech(),
        )
    )
    assert hi.dimensions["relevance"].score > lo.dimensions["relevance"].score
    few = score_answer(evidence(analysis(specificity_count=0, specifics=[]), speech()))
    many = score_answer(evidence(analysis(specificity_count=4), speech()))
    assert many.dimensions["relevance"].score > few.dimensions["relevance"].score
    assert any("No numbers" in f.text for f in few.dimensions["relevance"].negatives())


def test_off_topic_caps_relevance_and_says_so() -> None:
    s = score_answer(
        evidence(
            analysis(
                off_topic=True,
                key_point_coverage=1.0,
                key_points_covered=["a", "b"],
                key_points_missed=[],
            ),
            speech(),
        )
    )
    rel = s.dimensions["relevance"]
    assert rel.score <= load_config().off_topic_cap + 1e-9
    assert rel.negatives()[0].key == "off_topic"


def test_weak_text_evidence_widens_band_and_shrinks_toward_baseline() -> None:
    strong = score_answer(evidence(analysis(word_count=180), speech()), role="sde")
    weak = score_answer(evidence(analysis(word_count=25), speech()), role="sde")
    baseline = load_config().role("sde").baseline["structure"]
    assert width(weak, "structure") > width(strong, "structure")
    assert width(weak, "relevance") > width(strong, "relevance")
    assert strong.dimensions["structure"].value.band == "high"
    assert weak.dimensions["structure"].value.band in ("low", "medium")
    assert abs(weak.dimensions["structure"].score - baseline) < abs(
        strong.dimensions["structure"].score - baseline
    )
    assert any("Short answer" in w for w in weak.dimensions["structure"].warnings)


def test_little_evidence_is_not_a_good_score() -> None:
    # Issue 15 reversed the old rule ("weak evidence does not punish a poor short answer as
    # hard"): pulling a 20-word answer toward the role baseline let saying almost nothing
    # outrank real but vague answers. Now it scores no better than the long poor answer, with
    # a wider band and a warning that says why.
    poor = dict(
        star={k: None for k in STAR_FULL},
        star_coverage=0.0,
        has_result=False,
        signposting_count=0,
        specificity_count=0,
        specifics=[],
        key_point_coverage=0.0,
        key_points_covered=[],
        key_points_missed=["a", "b"],
    )
    long_poor = score_answer(evidence(analysis(word_count=200, **poor), speech()))
    short_poor = score_answer(evidence(analysis(word_count=20, **poor), speech()))
    cfg = load_config()
    for dim in ("structure", "relevance"):
        # Low ("needs work"), not the role's typical score; where inside the low range a
        # 20-word answer lands is uncertain, and the band says so.
        assert short_poor.dimensions[dim].score < cfg.levels["developing"] - 10
        assert short_poor.dimensions[dim].score < cfg.role(None).baseline[dim] - 15
        assert width(short_poor, dim) > width(long_poor, dim)
        assert short_poor.dimensions[dim].value.band == "low"
    assert any("too little to judge" in w for w in short_poor.dimensions["structure"].warnings)


def test_uncertain_transcript_widens_band() -> None:
    sure = score_answer(evidence(analysis(), speech(asr_confidence=0.95)))
    unsure = score_answer(evidence(analysis(), speech(asr_confidence=0.5)))
    for dim in ("structure", "relevance", "communication"):
        assert width(unsure, dim) > width(sure, dim)
    assert any("uncertain" in w for w in unsure.dimensions["structure"].warnings)


def test_face_rarely_seen_widens_delivery_band() -> None:
    seen = score_answer(evidence(analysis(), speech(), face(seen_ratio=0.95)))
    rarely = score_answer(evidence(analysis(), speech(), face(seen_ratio=0.4)))
    assert width(rarely, "confidence") > width(seen, "confidence")
    assert any("Face in view only 40%" in w for w in rarely.dimensions["confidence"].warnings)


def test_audio_only_still_scores_delivery_from_voice_and_latency() -> None:
    with_face = full()
    audio = score_answer(evidence(analysis(), speech(), None))
    d = audio.dimensions["confidence"]
    assert 0 <= d.score <= 100
    assert d.value.band != "high"
    assert width(audio, "confidence") > width(with_face, "confidence")
    keys = {f.key for f in d.factors}
    assert keys <= {"vocal", "latency"} and keys
    assert any("No camera data" in w for w in d.warnings)
    slow = score_answer(evidence(analysis(), speech(response_latency_s=9.0), None))
    assert slow.dimensions["confidence"].score < d.score


def test_typed_answer_without_audio_scores_text_dimensions() -> None:
    s = score_answer(evidence(analysis(), None, None))
    assert s.dimensions["structure"].value.band == "high"
    comm = s.dimensions["communication"]
    assert comm.value.band != "high"
    assert any("No audio" in w for w in comm.warnings)


def test_long_latency_lowers_delivery_and_technical_rounds_allow_more() -> None:
    quick = score_answer(evidence(analysis(), speech(response_latency_s=1.0), face()))
    slow = score_answer(evidence(analysis(), speech(response_latency_s=6.0), face()))
    assert slow.dimensions["confidence"].score < quick.dimensions["confidence"].score
    assert any(f.key == "latency" for f in slow.dimensions["confidence"].negatives())
    tech = score_answer(
        evidence(analysis(), speech(response_latency_s=6.0), face()),
        role="sde",
        round_type="technical_intro",
    )
    assert tech.dimensions["confidence"].score > slow.dimensions["confidence"].score


def test_steadier_face_and_more_attention_raise_delivery() -> None:
    jittery = score_answer(evidence(analysis(), speech(), face(composure=35.0)))
    away = score_answer(evidence(analysis(), speech(), face(attention=0.4)))
    base = full()
    assert jittery.dimensions["confidence"].score < base.dimensions["confidence"].score
    assert away.dimensions["confidence"].score < base.dimensions["confidence"].score


def test_pace_outside_band_is_a_negative_factor() -> None:
    fast = score_answer(evidence(analysis(), speech(wpm=205.0), face()))
    negs = fast.dimensions["communication"].negatives()
    assert any(f.key == "pace" and "fast" in f.text for f in negs)
    # Too little speech to judge pace: no pace verdict at all.
    short = score_answer(evidence(analysis(word_count=20), speech(speaking_s=8.0, wpm=220.0)))
    assert all(f.key != "pace" for f in short.dimensions["communication"].factors)


def test_filler_factor_wording_carries_evidence_and_norm() -> None:
    s = score_answer(evidence(analysis(), speech(filler_count=7, filler_per_min=4.7), face()))
    neg = [f for f in s.dimensions["communication"].negatives() if f.key == "fillers"]
    assert neg and neg[0].text.startswith("7 fillers in 1 min 30 s (4.7 per minute)")
    assert "3 per minute" in neg[0].text
    assert neg[0].sources  # literature is cited


def test_empty_typed_answer_scores_low_and_delivery_is_not_measured() -> None:
    # Before issue 15 an empty answer scored the role baseline on every dimension.
    cfg = load_config()
    empty = analysis(
        word_count=0,
        star={},
        star_coverage=0.0,
        has_result=False,
        signposting_count=0,
        key_points_covered=[],
        key_points_missed=[],
        specificity_count=0,
        specifics=[],
        hedges=[],
        hedges_count=0,
    )
    s = score_answer(evidence(empty, None, None), role="Sales")
    for dim in ("communication", "structure", "relevance"):
        assert s.dimensions[dim].score == pytest.approx(cfg.evidence.thin_answer_score)
        assert s.dimensions[dim].value.band == "low"
    delivery = s.dimensions["confidence"]
    assert not delivery.measured and delivery.level == "not measured"
    assert s.to_dict()["scores"]["confidence"]["measured"] is False


def test_weak_speech_evidence_still_shrinks_to_the_role_baseline() -> None:
    cfg = load_config()
    sales = cfg.role("sales")
    # A full-length answer the recogniser was unsure of: the wording is doubtful, not thin.
    unsure = score_answer(evidence(analysis(), speech(asr_confidence=0.2)), role="Sales")
    sure = score_answer(evidence(analysis(), speech(asr_confidence=0.95)), role="Sales")
    for dim in ("structure", "relevance"):
        gap_unsure = abs(unsure.dimensions[dim].score - sales.baseline[dim])
        gap_sure = abs(sure.dimensions[dim].score - sales.baseline[dim])
        assert gap_unsure < gap_sure


def test_typed_overall_leaves_unmeasured_delivery_out() -> None:
    cfg = load_config()
    s = score_answer(evidence(analysis(), None, None))
    dims = s.dimensions
    used = ("communication", "structure", "relevance")
    expected = sum(cfg.weights[d] * dims[d].score for d in used) / sum(cfg.weights[d] for d in used)
    assert s.overall.score == pytest.approx(expected, abs=0.01)


def test_output_shape_matches_report_json() -> None:
    d = full().to_dict()
    assert set(d["scores"]) == {"communication", "confidence", "structure", "relevance"}
    for v in d["scores"].values():
        assert {"score", "band", "interval", "factors"} <= set(v)
        assert v["band"] in ("low", "medium", "high")
        lo, hi = v["interval"]
        assert 0 <= lo <= v["score"] <= hi <= 100
        for f in v["factors"]:
            assert f["effect"] in ("+", "-") and f["text"]
    assert d["scoring_version"] == load_config().version
    assert {"score", "band", "interval"} <= set(d["overall"])


def test_answer_analysis_protocol_accepts_other_frozen_dataclasses() -> None:
    @dataclasses.dataclass(frozen=True)
    class Theirs:
        star: dict[str, str | None]
        star_coverage: float
        has_result: bool
        signposting_count: int
        key_points_covered: list[str]
        key_points_missed: list[str]
        key_point_coverage: float
        off_topic: bool
        specificity_count: int
        specifics: list[str]
        ownership_ratio: float
        hedges_count: int
        hedges: list[str]
        word_count: int
        length_ratio: float | None
        gaps: list[str]
        answer_format: str
        rubric: dict[str, str | None]
        semantic_z: float | None
        text_fillers: int | None

    theirs = Theirs(**{f.name: getattr(analysis(), f.name) for f in dataclasses.fields(Theirs)})
    ours = full()
    s = score_answer(
        AnswerEvidence(index=0, analysis=theirs, speech=speech(), face=face(), question_id="q1")
    )
    assert s.dimensions["structure"].score == ours.dimensions["structure"].score


def test_missing_filler_rate_is_derived_from_the_count() -> None:
    given = score_answer(evidence(analysis(), speech(filler_count=6, filler_per_min=6 / 1.25)))
    derived = score_answer(evidence(analysis(), speech(filler_count=6, filler_per_min=None)))
    assert derived.metrics["filler_per_min"] == pytest.approx(6 / 1.25)
    assert derived.dimensions["communication"].score == pytest.approx(
        given.dimensions["communication"].score
    )
