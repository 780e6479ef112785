"""Speech pipeline: decode, VAD, ASR, word timing, fillers, metrics (pure; numpy in,
dataclasses out). Nothing is imported here so that importing a submodule stays cheap.

Entry points:
- offline: ``analyze.analyze_file`` / ``analyze_samples`` (blocking), or
  ``analyze.prepare`` -> recognise each ``plan.utterances[i].audio`` -> ``analyze.finish``;
- live: ``stream.StreamAnalyzer`` (per session) + ``asr_pool.AsrPool`` (per process);
- building blocks: ``vad``, ``asr``, ``words``, ``fillers``, ``acoustic``, ``metrics``.
"""
