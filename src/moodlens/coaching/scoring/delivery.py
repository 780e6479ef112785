"""Delivery (the spec's "confidence delivery"): composure, attention, voice, response latency.

Only observable behaviour is measured: how steady the head and face are, how much the face is
in view and turned to the camera, how audible and continuous the voice is, how soon speech
starts. None of it is read as, or named as, an inner state (DESIGN §8).
"""

from __future__ import annotations

from moodlens.coaching.scoring.communication import speech_quality
from moodlens.coaching.scoring.config import RoleProfile, ScoringConfig
from moodlens.coaching.scoring.core import (
    Part,
    build_dimension,
    clamp,
    ramp_quality,
    score_value,
)
from moodlens.coaching.scoring.evidence import AnswerEvidence, SpeechEvidence
from moodlens.coaching.scoring.results import DimensionScore
from moodlens.signals.face import FaceSummary


def face_quality(face: FaceSummary | None, cfg: ScoringConfig) -> float:
    if face is None or face.attention is None:
        return 0.0
    rules = cfg.evidence
    seen_q = ramp_quality(face.seen_ratio, rules.min_face_seen, 1.0)
    return seen_q * clamp(face.n_windows / rules.min_face_windows)


def _composure(face: FaceSummary, cfg: ScoringConfig) -> Part | None:
    if face.composure is None:
        return None
    norm = cfg.norm("composure")
    c = face.composure
    return Part(
        "composure",
        norm.score(c),
        f"Head and face steady through most of the answer (steadiness {c:.0f}/100)",
        f"Frequent head or face movement (steadiness {c:.0f}/100) — settle into one position "
        "and let your hands rest",
        norm.sources,
    )


def _attention(face: FaceSummary, cfg: ScoringConfig) -> Part | None:
    if face.attention is None:
        return None
    norm = cfg.norm("attention")
    pct = f"{face.attention:.0%}"
    return Part(
        "attention",
        norm.score(face.attention),
        f"In view and facing the camera about {pct} of the time (against your own starting "
        "position)",
        f"In view and facing the camera only about {pct} of the time — look back at the lens "
        "when you make a point",
        norm.sources,
    )


def _vocal(sp: SpeechEvidence, cfg: ScoringConfig) -> Part | None:
    """Audible level, no clipping, and speech that keeps going once it has started."""
    w = cfg.sub_weights["vocal"]
    scored: list[tuple[str, float, float]] = []
    if sp.volume_dbfs is not None:
        scored.append(("volume", w["volume"], cfg.norm("volume_dbfs").score(sp.volume_dbfs)))
    if sp.clipping_ratio is not None:
        scored.append(
            ("clipping", w["clipping"], cfg.norm("clipping_ratio").score(sp.clipping_ratio))
        )
    talk_span = sp.duration_s - (sp.response_latency_s or 0.0)
    continuity = None
    if talk_span > 0 and sp.speaking_s > 0:
        continuity = clamp(sp.speaking_s / talk_span)
        scored.append(
            ("continuity", w["continuity"], cfg.norm("speech_continuity").score(continuity))
        )
    if not scored:
        return None
    total = sum(x[1] for x in scored)
    score = sum(x[1] * x[2] for x in scored) / total
    worst = min(scored, key=lambda x: x[2])[0]
    if worst == "volume" and sp.volume_dbfs is not None and sp.volume_dbfs >= -8:
        bad = f"Voice level very high ({sp.volume_dbfs:.0f} dBFS) — move back from the mic"
    elif worst == "volume":
        bad = f"Quiet voice level ({sp.volume_dbfs:.0f} dBFS) — speak up or move closer to the mic"
    elif worst == "clipping":
        bad = f"Audio clipped on {sp.clipping_ratio or 0:.1%} of samples — move back from the mic"
    else:
        bad = f"Speaking {continuity or 0:.0%} of the answer time — long silences break the flow"
    level = f" (level {sp.volume_dbfs:.0f} dBFS)" if sp.volume_dbfs is not None else ""
    sources = cfg.norm("speech_continuity").sources + cfg.norm("volume_dbfs").sources
    return Part("vocal", score, f"Steady, audible voice{level}", bad, sources)


def _latency(sp: SpeechEvidence, cfg: ScoringConfig, role: RoleProfile) -> Part | None:
    lat = sp.response_latency_s
    if lat is None:
        return None
    norm = cfg.norm("latency_s")
    scale = role.latency_scale
    immediate = norm.extra["immediate"] * scale
    normal = norm.extra["normal"] * scale
    noticeable = norm.extra["noticeable"] * scale
    how = "immediately" if lat < immediate else "after a normal pause to think"
    good = f"Started answering {how} ({lat:.1f} s)"
    if lat > noticeable:
        bad = (
            f"Took {lat:.1f} s to start — over {noticeable:.0f} s reads as a long gap; a "
            "bridging sentence (“Let me pick the best example…”) buys time"
        )
    else:
        bad = f"Took {lat:.1f} s to start — over {normal:.0f} s is noticeable to an interviewer"
    return Part(
        "latency",
        norm.score(lat, x_scale=scale),
        good,
        bad,
        norm.sources,
        effect="+" if lat <= normal else "-",
    )


def delivery_quality(ev: AnswerEvidence, cfg: ScoringConfig) -> float:
    # Voice and latency need speech but not a sure transcript, so ASR does not count here.
    voice_q = 0.0
    if ev.speech is not None:
        rules = cfg.evidence
        voice_q = ramp_quality(ev.speech.speaking_s, rules.min_speaking_s, rules.full_speaking_s)
    if ev.face is None or ev.face.attention is None:
        return voice_q * cfg.evidence.audio_only_quality
    fq = face_quality(ev.face, cfg)
    return (fq + voice_q) / 2 if ev.speech is not None else fq * 0.8


def score_delivery(ev: AnswerEvidence, cfg: ScoringConfig, role: RoleProfile) -> DimensionScore:
    if ev.speech is None and (ev.face is None or ev.face.attention is None):
        # Nothing observed: a typed answer has no delivery to judge (issue 15).
        return DimensionScore(
            dimension="confidence",
            label=cfg.labels["confidence"],
            value=score_value(role.baseline["confidence"], 50.0, cfg),
            level="not measured",
            evidence_quality=0.0,
            warnings=("Not measured: a typed answer has no voice or camera to judge delivery.",),
            measured=False,
        )
    parts: list[Part | None] = []
    warnings: list[str] = []
    face = ev.face
    if face is not None and face.attention is not None:
        parts += [_composure(face, cfg), _attention(face, cfg)]
        if face.seen_ratio < cfg.evidence.min_face_seen:
            warnings.append(
                f"Face in view only {face.seen_ratio:.0%} of the time: delivery leans on voice "
                "and timing; treat it as a rough guide."
            )
    else:
        warnings.append(
            "No camera data: delivery is judged from voice and response time only, so its "
            "range is wide."
        )
    if ev.speech is not None:
        parts += [_vocal(ev.speech, cfg), _latency(ev.speech, cfg, role)]
    sp = ev.speech
    metrics: dict[str, float | None] = {
        "composure": face.composure if face else None,
        "attention": face.attention if face else None,
        "face_seen_ratio": face.seen_ratio if face else None,
        "looking_away_ratio": face.looking_away_ratio if face else None,
        "smile_share": face.smile_share if face else None,
        "latency_s": sp.response_latency_s if sp else None,
        "volume_dbfs": sp.volume_dbfs if sp else None,
    }
    if sp is not None and speech_quality(ev, cfg) == 0.0:
        warnings.append("Almost no speech was heard for this answer.")
    return build_dimension(
        "confidence",
        [p for p in parts if p is not None],
        cfg.sub_weights["confidence"],
        delivery_quality(ev, cfg),
        cfg,
        role,
        answer_index=ev.index,
        warnings=warnings,
        metrics=metrics,
    )
