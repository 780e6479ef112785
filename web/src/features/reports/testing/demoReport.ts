// A real report from `moodlens demo` (the first, weakest demo session), trimmed to two answers
// and the first 86 seconds. Typed with `satisfies` so a change to the API's shape fails here.
import type { ReportReady } from "../types";

export const demoReport = {
 "status": "ready",
 "report_version": 1,
 "built_at": "2026-11-01T18:02:42+00:00",
 "scoring_version": "scoring-1.0.0",
 "drills_version": "drills-1.0.0",
 "session": {
  "id": "08df7691-debd-47d9-bd58-5b6667da1905",
  "title": "Software Engineer · Behavioral · Medium",
  "role": "sde",
  "round_type": "behavioral",
  "difficulty": "medium",
  "started_at": "2026-11-01T18:00:00+00:00",
  "ended_at": "2026-11-01T18:02:42+00:00",
  "duration_s": 86.0,
  "answered": 2,
  "unanswered": 0,
  "has_camera": true,
  "has_voice": true
 },
 "labels": {
  "communication": "Communication",
  "confidence": "Delivery",
  "structure": "Structure",
  "relevance": "Relevance"
 },
 "overall": {
  "score": 58.4,
  "band": "high",
  "interval": [
   52.4,
   64.4
  ]
 },
 "dimensions": {
  "communication": {
   "score": 60.7,
   "band": "high",
   "interval": [
    54.0,
    67.3
   ],
   "label": "Communication",
   "level": "developing",
   "factors": [
    {
     "text": "Direct wording: few hedges (in 4 of 4 answers)",
     "effect": "+",
     "key": "hedges",
     "dimension": "communication",
     "sources": [
      "Hosman, L. A. (1989). The evaluative consequences of hesitations, hedges, and intensifiers: powerful and powerless speech styles. Human Communication Research 15(3)."
     ],
     "answer_index": null
    },
    {
     "text": "Sentences average 10 words — easy to follow aloud (in 3 of 4 answers)",
     "effect": "+",
     "key": "sentence_length",
     "dimension": "communication",
     "sources": [
      "MoodLens product norms (DESIGN §8b), set from the studies above."
     ],
     "answer_index": null
    },
    {
     "text": "4 fillers in 31 s (7.9 per minute) — strong answers usually stay at or under 3 per minute (in 3 of 4 answers)",
     "effect": "-",
     "key": "fillers",
     "dimension": "communication",
     "sources": [
      "Clark, H. H. & Fox Tree, J. E. (2002). Using uh and um in spontaneous speaking. Cognition 84(1)."
     ],
     "answer_index": null
    },
    {
     "text": "6 pauses over 2 s in 38 s — a 1-2 s pause reads as thinking; longer ones lose the thread (in 2 of 4 answers)",
     "effect": "-",
     "key": "long_pauses",
     "dimension": "communication",
     "sources": [
      "Goldman-Eisler, F. (1968). Psycholinguistics: Experiments in Spontaneous Speech. Academic Press."
     ],
     "answer_index": null
    },
    {
     "text": "Pace 81 wpm — slow; 120-160 wpm keeps the listener with you (in 2 of 4 answers)",
     "effect": "-",
     "key": "pace",
     "dimension": "communication",
     "sources": [
      "Tauroza, S. & Allison, D. (1990). Speech rates in British English. Applied Linguistics 11(1)."
     ],
     "answer_index": null
    }
   ],
   "warnings": [
    "1 of 4 answers had weak evidence for this score; it is a rough guide."
   ],
   "measured": true
  },
  "confidence": {
   "score": 74.9,
   "band": "high",
   "interval": [
    70.0,
    79.7
   ],
   "label": "Delivery",
   "level": "strong",
   "factors": [
    {
     "text": "Steady, audible voice (answer 4)",
     "effect": "+",
     "key": "vocal",
     "dimension": "confidence",
     "sources": [
      "Campione, E. & Véronis, J. (2002). A large-scale multilingual study of silent pause duration. Speech Prosody 2002."
     ],
     "answer_index": 3
    },
    {
     "text": "Head and face steady through most of the answer (steadiness 78/100) (answer 4)",
     "effect": "+",
     "key": "composure",
     "dimension": "confidence",
     "sources": [
      "Casiez, G., Roussel, N. & Vogel, D. (2012). 1€ filter: a simple speed-based low-pass filter for noisy input in interactive systems. CHI 2012."
     ],
     "answer_index": 3
    },
    {
     "text": "Started answering after a normal pause to think (4.5 s) (in 2 of 4 answers)",
     "effect": "+",
     "key": "latency",
     "dimension": "confidence",
     "sources": [
      "Stivers, T. et al. (2009). Universals and cultural variation in turn-taking in conversation. PNAS 106(26)."
     ],
     "answer_index": null
    }
   ],
   "warnings": [
    "1 of 4 answers had weak evidence for this score; it is a rough guide."
   ],
   "measured": true
  },
  "structure": {
   "score": 47.5,
   "band": "high",
   "interval": [
    41.4,
    53.6
   ],
   "label": "Structure",
   "level": "needs work",
   "factors": [
    {
     "text": "Clear ownership: says what you did yourself (75% “I”) (in 3 of 4 answers)",
     "effect": "+",
     "key": "ownership",
     "dimension": "structure",
     "sources": [
      "MoodLens product norms (DESIGN §8b), set from the studies above."
     ],
     "answer_index": null
    },
    {
     "text": "No measurable result stated — end with what changed, ideally with a number (in 4 of 4 answers)",
     "effect": "-",
     "key": "result",
     "dimension": "structure",
     "sources": [
      "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
     ],
     "answer_index": null
    },
    {
     "text": "Covers situation and action; missing task and result (in 4 of 4 answers)",
     "effect": "-",
     "key": "star",
     "dimension": "structure",
     "sources": [
      "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
     ],
     "answer_index": null
    },
    {
     "text": "About 16% of the expected length — add the action and the result (in 4 of 4 answers)",
     "effect": "-",
     "key": "length",
     "dimension": "structure",
     "sources": [
      "MoodLens product norms (DESIGN §8b), set from the studies above."
     ],
     "answer_index": null
    }
   ],
   "warnings": [
    "1 of 4 answers had weak evidence for this score; it is a rough guide."
   ],
   "measured": true
  },
  "relevance": {
   "score": 48.0,
   "band": "high",
   "interval": [
    41.9,
    54.1
   ],
   "label": "Relevance",
   "level": "needs work",
   "factors": [
    {
     "text": "No numbers, named tools or concrete outcomes — add at least one (in 4 of 4 answers)",
     "effect": "-",
     "key": "specificity",
     "dimension": "relevance",
     "sources": [
      "MoodLens product norms (DESIGN §8b), set from the studies above."
     ],
     "answer_index": null
    },
    {
     "text": "Covers 0 of 4 expected points; missing “how you reproduced it”, “your debugging method”, “the root cause” (in 2 of 4 answers)",
     "effect": "-",
     "key": "key_points",
     "dimension": "relevance",
     "sources": [
      "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
     ],
     "answer_index": null
    }
   ],
   "warnings": [
    "1 of 4 answers had weak evidence for this score; it is a rough guide."
   ],
   "measured": true
  }
 },
 "summary_text": "Overall 58/100 (likely range 52-64). Strongest area: Delivery (75). Focus next: Structure (48). Biggest single fix: No numbers, named tools or concrete outcomes — add at least one (in 4 of 4 answers). Start with the drill “Land the result with a number” (10 min).",
 "strengths": [
  {
   "text": "Direct wording: few hedges (in 4 of 4 answers)",
   "dimension": "communication",
   "key": "hedges",
   "answer_index": null
  },
  {
   "text": "Sentences average 10 words — easy to follow aloud (in 3 of 4 answers)",
   "dimension": "communication",
   "key": "sentence_length",
   "answer_index": null
  },
  {
   "text": "Steady, audible voice (answer 4)",
   "dimension": "confidence",
   "key": "vocal",
   "answer_index": 3
  }
 ],
 "improvements": [
  {
   "text": "No numbers, named tools or concrete outcomes — add at least one (in 4 of 4 answers)",
   "dimension": "relevance",
   "key": "specificity",
   "answer_index": null
  },
  {
   "text": "No measurable result stated — end with what changed, ideally with a number (in 4 of 4 answers)",
   "dimension": "structure",
   "key": "result",
   "answer_index": null
  },
  {
   "text": "Covers situation and action; missing task and result (in 4 of 4 answers)",
   "dimension": "structure",
   "key": "star",
   "answer_index": null
  }
 ],
 "drills": [
  {
   "id": "result-first",
   "title": "Land the result with a number",
   "dimension": "structure",
   "targets": [
    "result",
    "specificity"
   ],
   "minutes": 10,
   "how": [
    "List five things you achieved, each with a number (time saved, %, users, money).",
    "Answer a behavioural question and end with one of those results in one sentence.",
    "Then try opening with the result and telling the story after it."
   ],
   "why": "Answers without a stated outcome leave the interviewer to guess the impact.",
   "priority": "high",
   "reason": "Targets: No numbers, named tools or concrete outcomes — add at least one (in 4 of 4 answers)"
  },
  {
   "id": "specifics-bank",
   "title": "Build a bank of specifics",
   "dimension": "relevance",
   "targets": [
    "specificity",
    "result"
   ],
   "minutes": 12,
   "how": [
    "For each of three projects, write the numbers, tools and named outcomes involved.",
    "Answer one question using at least three of them."
   ],
   "why": "Numbers, tools and outcomes make an answer concrete and believable.",
   "priority": "medium",
   "reason": "Targets: No measurable result stated — end with what changed, ideally with a number (in 4 of 4 answers)"
  },
  {
   "id": "star-skeleton",
   "title": "STAR skeleton in four lines",
   "dimension": "structure",
   "targets": [
    "star",
    "length"
   ],
   "minutes": 15,
   "how": [
    "Pick a past project. Write one line each for Situation, Task, Action, Result.",
    "Speak it in 90 seconds: 15 s situation, 15 s task, 45 s action, 15 s result.",
    "Repeat with a second story until each part comes out in order without notes."
   ],
   "why": "Structured answers are easier to follow and to score; STAR is the common frame.",
   "priority": "medium",
   "reason": "Targets: Covers situation and action; missing task and result (in 4 of 4 answers)"
  }
 ],
 "metrics": {
  "wpm": 101.069,
  "filler_per_min": 5.848,
  "filler_count": 3.0,
  "long_pause_count": 3.333,
  "hedges_per_100_words": 1.081,
  "sentence_words": 11.271,
  "composure": 71.326,
  "attention": 0.733,
  "face_seen_ratio": 0.951,
  "looking_away_ratio": 0.185,
  "smile_share": 0.0,
  "latency_s": 3.833,
  "volume_dbfs": null,
  "star_coverage": 0.5,
  "has_result": 0.0,
  "signposting_count": 0.0,
  "length_ratio": 0.206,
  "ownership_ratio": 0.662,
  "word_count": 41.5,
  "key_point_coverage": 0.438,
  "specificity_count": 0.25,
  "off_topic": 0.5,
  "duration_s": 29.43,
  "asr_confidence": null
 },
 "answers": [
  {
   "index": 0,
   "question_id": "6c428421-81f5-4731-ad04-f1e5fc9dfcba",
   "sequence_no": 1,
   "question_text": "Tell me about a project you're proud of. What was your part in it?",
   "question_source": "template",
   "follow_up_reason": null,
   "input_mode": "voice",
   "asked_at": 3.0,
   "start": 7.3,
   "end": 44.85,
   "duration_s": 37.55,
   "transcript": "Um, so I worked on a, like, a website thing at my last job. We built it together as a team and, uh, it was pretty good I guess. People used it. I did some of the backend stuff, you know, and some other things too. It went fine overall.",
   "word_count": 50,
   "segments": [
    {
     "type": "word",
     "text": "Um,",
     "start": 7.5,
     "end": 7.79,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 7.79,
     "end": 10.76,
     "filler": null,
     "duration_s": 2.97
    },
    {
     "type": "word",
     "text": "so",
     "start": 10.76,
     "end": 11.03,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "I",
     "start": 11.1,
     "end": 11.37,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "worked",
     "start": 11.43,
     "end": 11.73,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "on",
     "start": 11.77,
     "end": 12.01,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "a,",
     "start": 12.11,
     "end": 12.39,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "like,",
     "start": 12.89,
     "end": 13.14,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 13.14,
     "end": 16.25,
     "filler": null,
     "duration_s": 3.11
    },
    {
     "type": "word",
     "text": "a",
     "start": 16.25,
     "end": 16.49,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "website",
     "start": 16.59,
     "end": 16.89,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "thing",
     "start": 16.93,
     "end": 17.19,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "at",
     "start": 17.26,
     "end": 17.53,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "my",
     "start": 17.6,
     "end": 17.88,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "last",
     "start": 17.94,
     "end": 18.2,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "job.",
     "start": 18.27,
     "end": 18.57,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "We",
     "start": 19.12,
     "end": 19.39,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "built",
     "start": 19.46,
     "end": 19.75,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "it",
     "start": 19.8,
     "end": 20.1,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "together",
     "start": 20.13,
     "end": 20.43,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "as",
     "start": 20.47,
     "end": 20.72,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "a",
     "start": 20.81,
     "end": 21.09,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "team",
     "start": 21.14,
     "end": 21.39,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "and,",
     "start": 21.48,
     "end": 21.73,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 21.73,
     "end": 24.17,
     "filler": null,
     "duration_s": 2.44
    },
    {
     "type": "word",
     "text": "uh,",
     "start": 24.17,
     "end": 24.47,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "it",
     "start": 24.93,
     "end": 25.2,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "was",
     "start": 25.26,
     "end": 25.51,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "pretty",
     "start": 25.6,
     "end": 25.86,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "good",
     "start": 25.94,
     "end": 26.19,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "I",
     "start": 26.27,
     "end": 26.55,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "guess.",
     "start": 26.61,
     "end": 26.86,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 26.86,
     "end": 27.76,
     "filler": null,
     "duration_s": 0.89
    },
    {
     "type": "word",
     "text": "People",
     "start": 27.76,
     "end": 28.05,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "used",
     "start": 28.09,
     "end": 28.35,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "it.",
     "start": 28.43,
     "end": 28.7,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 28.7,
     "end": 31.84,
     "filler": null,
     "duration_s": 3.14
    },
    {
     "type": "word",
     "text": "I",
     "start": 31.84,
     "end": 32.14,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "did",
     "start": 32.18,
     "end": 32.41,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "some",
     "start": 32.52,
     "end": 32.76,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "of",
     "start": 32.85,
     "end": 33.13,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "the",
     "start": 33.19,
     "end": 33.43,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "backend",
     "start": 33.53,
     "end": 33.78,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "stuff,",
     "start": 33.86,
     "end": 34.15,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 34.15,
     "end": 37.07,
     "filler": null,
     "duration_s": 2.92
    },
    {
     "type": "word",
     "text": "you",
     "start": 37.07,
     "end": 37.37,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "know,",
     "start": 37.41,
     "end": 37.69,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 37.69,
     "end": 40.59,
     "filler": null,
     "duration_s": 2.91
    },
    {
     "type": "word",
     "text": "and",
     "start": 40.59,
     "end": 40.85,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "some",
     "start": 40.93,
     "end": 41.22,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "other",
     "start": 41.27,
     "end": 41.53,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "things",
     "start": 41.6,
     "end": 41.85,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "too.",
     "start": 41.94,
     "end": 42.24,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 42.24,
     "end": 43.16,
     "filler": null,
     "duration_s": 0.92
    },
    {
     "type": "word",
     "text": "It",
     "start": 43.16,
     "end": 43.45,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "went",
     "start": 43.49,
     "end": 43.74,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "fine",
     "start": 43.83,
     "end": 44.13,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "overall.",
     "start": 44.17,
     "end": 44.45,
     "filler": false,
     "duration_s": null
    }
   ],
   "fillers": [
    {
     "text": "um",
     "start": 7.5,
     "end": 7.79,
     "kind": "filled_pause"
    },
    {
     "text": "like",
     "start": 12.89,
     "end": 13.14,
     "kind": "discourse"
    },
    {
     "text": "uh",
     "start": 24.17,
     "end": 24.47,
     "kind": "filled_pause"
    },
    {
     "text": "you know",
     "start": 37.07,
     "end": 37.69,
     "kind": "discourse"
    }
   ],
   "pauses": [
    {
     "start": 7.79,
     "end": 10.76,
     "duration_s": 2.97,
     "long": true
    },
    {
     "start": 12.39,
     "end": 12.89,
     "duration_s": 0.5,
     "long": false
    },
    {
     "start": 13.14,
     "end": 16.25,
     "duration_s": 3.11,
     "long": true
    },
    {
     "start": 18.57,
     "end": 19.12,
     "duration_s": 0.55,
     "long": false
    },
    {
     "start": 21.73,
     "end": 24.17,
     "duration_s": 2.44,
     "long": true
    },
    {
     "start": 24.47,
     "end": 24.93,
     "duration_s": 0.46,
     "long": false
    },
    {
     "start": 26.86,
     "end": 27.76,
     "duration_s": 0.89,
     "long": false
    },
    {
     "start": 28.7,
     "end": 31.84,
     "duration_s": 3.14,
     "long": true
    },
    {
     "start": 34.15,
     "end": 37.07,
     "duration_s": 2.92,
     "long": true
    },
    {
     "start": 37.69,
     "end": 40.59,
     "duration_s": 2.91,
     "long": true
    },
    {
     "start": 42.24,
     "end": 43.16,
     "duration_s": 0.92,
     "long": false
    }
   ],
   "scores": {
    "communication": {
     "score": 49.8,
     "band": "medium",
     "interval": [
      38.4,
      61.1
     ],
     "label": "Communication",
     "level": "needs work",
     "factors": [
      {
       "text": "Sentences average 10 words — easy to follow aloud",
       "effect": "+",
       "key": "sentence_length",
       "dimension": "communication",
       "sources": [
        "MoodLens product norms (DESIGN §8b), set from the studies above."
       ],
       "answer_index": 0
      },
      {
       "text": "Direct wording: only 1 hedge in 50 words",
       "effect": "+",
       "key": "hedges",
       "dimension": "communication",
       "sources": [
        "Hosman, L. A. (1989). The evaluative consequences of hesitations, hedges, and intensifiers: powerful and powerless speech styles. Human Communication Research 15(3)."
       ],
       "answer_index": 0
      },
      {
       "text": "4 fillers in 38 s (6.5 per minute) — strong answers usually stay at or under 3 per minute",
       "effect": "-",
       "key": "fillers",
       "dimension": "communication",
       "sources": [
        "Clark, H. H. & Fox Tree, J. E. (2002). Using uh and um in spontaneous speaking. Cognition 84(1)."
       ],
       "answer_index": 0
      },
      {
       "text": "6 pauses over 2 s in 38 s — a 1-2 s pause reads as thinking; longer ones lose the thread",
       "effect": "-",
       "key": "long_pauses",
       "dimension": "communication",
       "sources": [
        "Goldman-Eisler, F. (1968). Psycholinguistics: Experiments in Spontaneous Speech. Academic Press."
       ],
       "answer_index": 0
      },
      {
       "text": "Pace 81 wpm — slow; 120-160 wpm keeps the listener with you",
       "effect": "-",
       "key": "pace",
       "dimension": "communication",
       "sources": [
        "Tauroza, S. & Allison, D. (1990). Speech rates in British English. Applied Linguistics 11(1)."
       ],
       "answer_index": 0
      }
     ],
     "warnings": [],
     "measured": true
    },
    "confidence": {
     "score": 70.4,
     "band": "high",
     "interval": [
      61.7,
      79.0
     ],
     "label": "Delivery",
     "level": "strong",
     "factors": [
      {
       "text": "Started answering after a normal pause to think (4.5 s)",
       "effect": "+",
       "key": "latency",
       "dimension": "confidence",
       "sources": [
        "Stivers, T. et al. (2009). Universals and cultural variation in turn-taking in conversation. PNAS 106(26)."
       ],
       "answer_index": 0
      }
     ],
     "warnings": [],
     "measured": true
    },
    "structure": {
     "score": 48.7,
     "band": "medium",
     "interval": [
      37.7,
      59.7
     ],
     "label": "Structure",
     "level": "needs work",
     "factors": [
      {
       "text": "Clear ownership: says what you did yourself (75% “I”)",
       "effect": "+",
       "key": "ownership",
       "dimension": "structure",
       "sources": [
        "MoodLens product norms (DESIGN §8b), set from the studies above."
       ],
       "answer_index": 0
      },
      {
       "text": "No measurable result stated — end with what changed, ideally with a number",
       "effect": "-",
       "key": "result",
       "dimension": "structure",
       "sources": [
        "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
       ],
       "answer_index": 0
      },
      {
       "text": "Covers situation and action; missing task and result",
       "effect": "-",
       "key": "star",
       "dimension": "structure",
       "sources": [
        "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
       ],
       "answer_index": 0
      },
      {
       "text": "About 31% of the expected length — add the action and the result",
       "effect": "-",
       "key": "length",
       "dimension": "structure",
       "sources": [
        "MoodLens product norms (DESIGN §8b), set from the studies above."
       ],
       "answer_index": 0
      }
     ],
     "warnings": [],
     "measured": true
    },
    "relevance": {
     "score": 39.4,
     "band": "medium",
     "interval": [
      28.4,
      50.4
     ],
     "label": "Relevance",
     "level": "needs work",
     "factors": [
      {
       "text": "Covers 1 of 4 expected points; missing “the project's purpose”, “your own role”, “the impact”",
       "effect": "-",
       "key": "key_points",
       "dimension": "relevance",
       "sources": [
        "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
       ],
       "answer_index": 0
      },
      {
       "text": "No numbers, named tools or concrete outcomes — add at least one",
       "effect": "-",
       "key": "specificity",
       "dimension": "relevance",
       "sources": [
        "MoodLens product norms (DESIGN §8b), set from the studies above."
       ],
       "answer_index": 0
      }
     ],
     "warnings": [],
     "measured": true
    }
   },
   "overall": {
    "score": 52.6,
    "band": "medium",
    "interval": [
     42.1,
     63.1
    ]
   },
   "metrics": {
    "wpm": 81.18,
    "filler_per_min": 6.494,
    "filler_count": 4.0,
    "long_pause_count": 6.0,
    "hedges_per_100_words": 2.0,
    "sentence_words": 10.0,
    "composure": 68.953,
    "attention": 0.719,
    "face_seen_ratio": 0.919,
    "looking_away_ratio": 0.176,
    "smile_share": 0.0,
    "latency_s": 4.5,
    "volume_dbfs": null,
    "star_coverage": 0.5,
    "has_result": 0.0,
    "signposting_count": 0.0,
    "length_ratio": 0.308,
    "ownership_ratio": 0.75,
    "word_count": 50.0,
    "key_point_coverage": 0.25,
    "specificity_count": 0.0,
    "off_topic": 1.0,
    "duration_s": 37.555,
    "asr_confidence": null
   },
   "analysis": {
    "answer_format": "story",
    "star_expected": true,
    "star": {
     "situation": "Um, so I worked on a, like, a website thing at my last job.",
     "task": null,
     "action": "Um, so I worked on a, like, a website thing at my last job.",
     "result": null
    },
    "star_coverage": 0.5,
    "key_points_covered": [
     "technical choices"
    ],
    "key_points_missed": [
     "the project's purpose",
     "your own role",
     "the impact"
    ],
    "specifics": [],
    "hedges": [
     "i guess"
    ],
    "gaps": [
     "off_topic",
     "missing_result",
     "no_numbers"
    ],
    "word_count": 50
   },
   "warnings": [],
   "event_indices": [
    0,
    1,
    2,
    4,
    5,
    6,
    7,
    8,
    9,
    10
   ]
  },
  {
   "index": 1,
   "question_id": "69579036-4f58-422e-9e1c-5083c7dcdcc8",
   "sequence_no": 2,
   "question_text": "Tell me about a bug that took you much longer to track down than you expected.",
   "question_source": "template",
   "follow_up_reason": null,
   "input_mode": "voice",
   "asked_at": 48.85,
   "start": 53.15,
   "end": 83.97,
   "duration_s": 30.82,
   "transcript": "Uh, there was this bug once that took a long time. Um, it was, like, really hard to find. We looked at it for a while and, you know, eventually it got fixed. I think it was something with the config or whatever.",
   "word_count": 43,
   "segments": [
    {
     "type": "word",
     "text": "Uh,",
     "start": 53.35,
     "end": 53.63,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "there",
     "start": 54.06,
     "end": 54.36,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "was",
     "start": 54.4,
     "end": 54.66,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "this",
     "start": 54.73,
     "end": 54.99,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "bug",
     "start": 55.07,
     "end": 55.37,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "once",
     "start": 55.41,
     "end": 55.71,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "that",
     "start": 55.74,
     "end": 56.04,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "took",
     "start": 56.08,
     "end": 56.32,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "a",
     "start": 56.42,
     "end": 56.71,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "long",
     "start": 56.76,
     "end": 57.0,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "time.",
     "start": 57.09,
     "end": 57.35,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 57.35,
     "end": 60.5,
     "filler": null,
     "duration_s": 3.15
    },
    {
     "type": "word",
     "text": "Um,",
     "start": 60.5,
     "end": 60.76,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 60.76,
     "end": 63.95,
     "filler": null,
     "duration_s": 3.19
    },
    {
     "type": "word",
     "text": "it",
     "start": 63.95,
     "end": 64.23,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "was,",
     "start": 64.29,
     "end": 64.53,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 64.53,
     "end": 65.23,
     "filler": null,
     "duration_s": 0.7
    },
    {
     "type": "word",
     "text": "like,",
     "start": 65.23,
     "end": 65.51,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "really",
     "start": 65.94,
     "end": 66.22,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "hard",
     "start": 66.27,
     "end": 66.52,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "to",
     "start": 66.61,
     "end": 66.89,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "find.",
     "start": 66.95,
     "end": 67.22,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 67.22,
     "end": 70.67,
     "filler": null,
     "duration_s": 3.45
    },
    {
     "type": "word",
     "text": "We",
     "start": 70.67,
     "end": 70.95,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "looked",
     "start": 71.01,
     "end": 71.28,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "at",
     "start": 71.35,
     "end": 71.62,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "it",
     "start": 71.69,
     "end": 71.97,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "for",
     "start": 72.02,
     "end": 72.32,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "a",
     "start": 72.36,
     "end": 72.62,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "while",
     "start": 72.7,
     "end": 72.99,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "and,",
     "start": 73.03,
     "end": 73.27,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 73.27,
     "end": 77.0,
     "filler": null,
     "duration_s": 3.73
    },
    {
     "type": "word",
     "text": "you",
     "start": 77.0,
     "end": 77.31,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "know,",
     "start": 77.34,
     "end": 77.62,
     "filler": true,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 77.62,
     "end": 78.33,
     "filler": null,
     "duration_s": 0.72
    },
    {
     "type": "word",
     "text": "eventually",
     "start": 78.33,
     "end": 78.58,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "it",
     "start": 78.67,
     "end": 78.95,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "got",
     "start": 79.01,
     "end": 79.31,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "fixed.",
     "start": 79.34,
     "end": 79.63,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "pause",
     "text": "",
     "start": 79.63,
     "end": 80.29,
     "filler": null,
     "duration_s": 0.66
    },
    {
     "type": "word",
     "text": "I",
     "start": 80.29,
     "end": 80.59,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "think",
     "start": 80.63,
     "end": 80.92,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "it",
     "start": 80.97,
     "end": 81.22,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "was",
     "start": 81.3,
     "end": 81.59,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "something",
     "start": 81.64,
     "end": 81.9,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "with",
     "start": 81.98,
     "end": 82.21,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "the",
     "start": 82.31,
     "end": 82.61,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "config",
     "start": 82.65,
     "end": 82.93,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "or",
     "start": 82.99,
     "end": 83.27,
     "filler": false,
     "duration_s": null
    },
    {
     "type": "word",
     "text": "whatever.",
     "start": 83.33,
     "end": 83.57,
     "filler": false,
     "duration_s": null
    }
   ],
   "fillers": [
    {
     "text": "uh",
     "start": 53.35,
     "end": 53.63,
     "kind": "filled_pause"
    },
    {
     "text": "um",
     "start": 60.5,
     "end": 60.76,
     "kind": "filled_pause"
    },
    {
     "text": "like",
     "start": 65.23,
     "end": 65.51,
     "kind": "discourse"
    },
    {
     "text": "you know",
     "start": 77.0,
     "end": 77.62,
     "kind": "discourse"
    }
   ],
   "pauses": [
    {
     "start": 53.63,
     "end": 54.06,
     "duration_s": 0.43,
     "long": false
    },
    {
     "start": 57.35,
     "end": 60.5,
     "duration_s": 3.15,
     "long": true
    },
    {
     "start": 60.76,
     "end": 63.95,
     "duration_s": 3.19,
     "long": true
    },
    {
     "start": 64.53,
     "end": 65.23,
     "duration_s": 0.7,
     "long": false
    },
    {
     "start": 65.51,
     "end": 65.94,
     "duration_s": 0.43,
     "long": false
    },
    {
     "start": 67.22,
     "end": 70.67,
     "duration_s": 3.45,
     "long": true
    },
    {
     "start": 73.27,
     "end": 77.0,
     "duration_s": 3.73,
     "long": true
    },
    {
     "start": 77.62,
     "end": 78.33,
     "duration_s": 0.72,
     "long": false
    },
    {
     "start": 79.63,
     "end": 80.29,
     "duration_s": 0.66,
     "long": false
    }
   ],
   "scores": {
    "communication": {
     "score": 48.8,
     "band": "medium",
     "interval": [
      36.4,
      61.1
     ],
     "label": "Communication",
     "level": "needs work",
     "factors": [
      {
       "text": "Sentences average 11 words — easy to follow aloud",
       "effect": "+",
       "key": "sentence_length",
       "dimension": "communication",
       "sources": [
        "MoodLens product norms (DESIGN §8b), set from the studies above."
       ],
       "answer_index": 1
      },
      {
       "text": "Direct wording: only 1 hedge in 43 words",
       "effect": "+",
       "key": "hedges",
       "dimension": "communication",
       "sources": [
        "Hosman, L. A. (1989). The evaluative consequences of hesitations, hedges, and intensifiers: powerful and powerless speech styles. Human Communication Research 15(3)."
       ],
       "answer_index": 1
      },
      {
       "text": "4 fillers in 31 s (7.9 per minute) — strong answers usually stay at or under 3 per minute",
       "effect": "-",
       "key": "fillers",
       "dimension": "communication",
       "sources": [
        "Clark, H. H. & Fox Tree, J. E. (2002). Using uh and um in spontaneous speaking. Cognition 84(1)."
       ],
       "answer_index": 1
      },
      {
       "text": "4 pauses over 2 s in 31 s — a 1-2 s pause reads as thinking; longer ones lose the thread",
       "effect": "-",
       "key": "long_pauses",
       "dimension": "communication",
       "sources": [
        "Goldman-Eisler, F. (1968). Psycholinguistics: Experiments in Spontaneous Speech. Academic Press."
       ],
       "answer_index": 1
      },
      {
       "text": "Pace 85 wpm — slow; 120-160 wpm keeps the listener with you",
       "effect": "-",
       "key": "pace",
       "dimension": "communication",
       "sources": [
        "Tauroza, S. & Allison, D. (1990). Speech rates in British English. Applied Linguistics 11(1)."
       ],
       "answer_index": 1
      }
     ],
     "warnings": [
      "Only 14 s of speech: this score leans on the typical level for the role."
     ],
     "measured": true
    },
    "confidence": {
     "score": 69.4,
     "band": "medium",
     "interval": [
      60.2,
      78.6
     ],
     "label": "Delivery",
     "level": "developing",
     "factors": [
      {
       "text": "Started answering after a normal pause to think (4.5 s)",
       "effect": "+",
       "key": "latency",
       "dimension": "confidence",
       "sources": [
        "Stivers, T. et al. (2009). Universals and cultural variation in turn-taking in conversation. PNAS 106(26)."
       ],
       "answer_index": 1
      }
     ],
     "warnings": [],
     "measured": true
    },
    "structure": {
     "score": 47.4,
     "band": "medium",
     "interval": [
      35.7,
      59.1
     ],
     "label": "Structure",
     "level": "needs work",
     "factors": [
      {
       "text": "Clear ownership: says what you did yourself (50% “I”)",
       "effect": "+",
       "key": "ownership",
       "dimension": "structure",
       "sources": [
        "MoodLens product norms (DESIGN §8b), set from the studies above."
       ],
       "answer_index": 1
      },
      {
       "text": "No measurable result stated — end with what changed, ideally with a number",
       "effect": "-",
       "key": "result",
       "dimension": "structure",
       "sources": [
        "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
       ],
       "answer_index": 1
      },
      {
       "text": "Covers situation and action; missing task and result",
       "effect": "-",
       "key": "star",
       "dimension": "structure",
       "sources": [
        "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
       ],
       "answer_index": 1
      },
      {
       "text": "About 25% of the expected length — add the action and the result",
       "effect": "-",
       "key": "length",
       "dimension": "structure",
       "sources": [
        "MoodLens product norms (DESIGN §8b), set from the studies above."
       ],
       "answer_index": 1
      }
     ],
     "warnings": [],
     "measured": true
    },
    "relevance": {
     "score": 31.0,
     "band": "medium",
     "interval": [
      19.3,
      42.7
     ],
     "label": "Relevance",
     "level": "needs work",
     "factors": [
      {
       "text": "Covers 0 of 4 expected points; missing “how you reproduced it”, “your debugging method”, “the root cause”",
       "effect": "-",
       "key": "key_points",
       "dimension": "relevance",
       "sources": [
        "Levashina, J., Hartwell, C. J., Morgeson, F. P. & Campion, M. A. (2014). The structured employment interview: narrative and quantitative review of the research literature. Personnel Psychology 67(1)."
       ],
       "answer_index": 1
      },
      {
       "text": "No numbers, named tools or concrete outcomes — add at least one",
       "effect": "-",
       "key": "specificity",
       "dimension": "relevance",
       "sources": [
        "MoodLens product norms (DESIGN §8b), set from the studies above."
       ],
       "answer_index": 1
      }
     ],
     "warnings": [],
     "measured": true
    }
   },
   "overall": {
    "score": 50.0,
    "band": "medium",
    "interval": [
     38.8,
     61.3
    ]
   },
   "metrics": {
    "wpm": 85.385,
    "filler_per_min": 7.943,
    "filler_count": 4.0,
    "long_pause_count": 4.0,
    "hedges_per_100_words": 2.326,
    "sentence_words": 10.75,
    "composure": 67.018,
    "attention": 0.69,
    "face_seen_ratio": 0.933,
    "looking_away_ratio": 0.179,
    "smile_share": 0.0,
    "latency_s": 4.5,
    "volume_dbfs": null,
    "star_coverage": 0.5,
    "has_result": 0.0,
    "signposting_count": 0.0,
    "length_ratio": 0.252,
    "ownership_ratio": 0.5,
    "word_count": 43.0,
    "key_point_coverage": 0.0,
    "specificity_count": 0.0,
    "off_topic": 1.0,
    "duration_s": 30.816,
    "asr_confidence": null
   },
   "analysis": {
    "answer_format": "story",
    "star_expected": true,
    "star": {
     "situation": "Uh, there was this bug once that took a long time.",
     "task": null,
     "action": "We looked at it for a while and, you know, eventually it got fixed.",
     "result": null
    },
    "star_coverage": 0.5,
    "key_points_covered": [],
    "key_points_missed": [
     "how you reproduced it",
     "your debugging method",
     "the root cause",
     "preventing a repeat"
    ],
    "specifics": [],
    "hedges": [
     "i think"
    ],
    "gaps": [
     "off_topic",
     "missing_result",
     "no_numbers"
    ],
    "word_count": 43
   },
   "warnings": [
    "Only 14 s of speech: this score leans on the typical level for the role."
   ],
   "event_indices": [
    3,
    11,
    12,
    13,
    14,
    15,
    16,
    17
   ]
  }
 ],
 "events": [
  {
   "type": "filler_burst",
   "label": "Filler burst",
   "start": 7.5,
   "end": 37.07,
   "answer_index": 0,
   "count": 4
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 7.79,
   "end": 10.76,
   "answer_index": 0,
   "duration_s": 2.97
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 13.14,
   "end": 16.25,
   "answer_index": 0,
   "duration_s": 3.11
  },
  {
   "type": "pace_slow",
   "label": "Slow pace",
   "start": 20.0,
   "end": 152.0,
   "answer_index": 1,
   "mean_wpm": 64.8
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 21.73,
   "end": 24.17,
   "answer_index": 0,
   "duration_s": 2.44
  },
  {
   "type": "attention_dip",
   "label": "Facing away",
   "start": 27.0,
   "end": 38.0,
   "answer_index": 0,
   "baseline": 93.6,
   "lowest": 0.3
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 28.7,
   "end": 31.84,
   "answer_index": 0,
   "duration_s": 3.14
  },
  {
   "type": "face_out_of_view",
   "label": "Face out of view",
   "start": 29.0,
   "end": 31.0,
   "answer_index": 0
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 34.15,
   "end": 37.07,
   "answer_index": 0,
   "duration_s": 2.92
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 37.69,
   "end": 40.59,
   "answer_index": 0,
   "duration_s": 2.91
  },
  {
   "type": "attention_recovery",
   "label": "Facing the camera again",
   "start": 39.0,
   "end": 39.0,
   "answer_index": 0,
   "dip_start": 27.0
  },
  {
   "type": "filler_burst",
   "label": "Filler burst",
   "start": 53.35,
   "end": 77.0,
   "answer_index": 1,
   "count": 4
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 57.35,
   "end": 60.5,
   "answer_index": 1,
   "duration_s": 3.15
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 60.76,
   "end": 63.95,
   "answer_index": 1,
   "duration_s": 3.19
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 67.22,
   "end": 70.67,
   "answer_index": 1,
   "duration_s": 3.45
  },
  {
   "type": "attention_dip",
   "label": "Facing away",
   "start": 70.0,
   "end": 79.0,
   "answer_index": 1,
   "baseline": 93.6,
   "lowest": 0.4
  },
  {
   "type": "long_pause",
   "label": "Long pause",
   "start": 73.27,
   "end": 77.0,
   "answer_index": 1,
   "duration_s": 3.73
  },
  {
   "type": "attention_recovery",
   "label": "Facing the camera again",
   "start": 81.0,
   "end": 81.0,
   "answer_index": 1,
   "dip_start": 70.0
  }
 ],
 "event_types": {
  "composure_dip": {
   "label": "Steadiness dip",
   "description": "Head and face movement stayed above your own usual level in this session for at least 3 seconds."
  },
  "composure_recovery": {
   "label": "Steadiness back",
   "description": "Head and face movement settled back toward your usual level."
  },
  "attention_dip": {
   "label": "Facing away",
   "description": "You faced away from the camera (or out of its view) more than usual for at least 3 seconds."
  },
  "attention_recovery": {
   "label": "Facing the camera again",
   "description": "You were back to facing the camera as usual."
  },
  "face_out_of_view": {
   "label": "Face out of view",
   "description": "The camera saw no face for at least 2 seconds."
  },
  "long_pause": {
   "label": "Long pause",
   "description": "A silence of 2 seconds or more inside an answer."
  },
  "filler_burst": {
   "label": "Filler burst",
   "description": "Three or more fillers (um, uh, like...) within 30 seconds."
  },
  "pace_spike": {
   "label": "Fast pace",
   "description": "Above 180 words per minute for 20 seconds or more."
  },
  "pace_slow": {
   "label": "Slow pace",
   "description": "Below 100 words per minute for 20 seconds or more."
  }
 },
 "timeline": {
  "t": [
   0.0,
   1.0,
   2.0,
   3.0,
   4.0,
   5.0,
   6.0,
   7.0,
   8.0,
   9.0,
   10.0,
   11.0,
   12.0,
   13.0,
   14.0,
   15.0,
   16.0,
   17.0,
   18.0,
   19.0,
   20.0,
   21.0,
   22.0,
   23.0,
   24.0,
   25.0,
   26.0,
   27.0,
   28.0,
   29.0,
   30.0,
   31.0,
   32.0,
   33.0,
   34.0,
   35.0,
   36.0,
   37.0,
   38.0,
   39.0,
   40.0,
   41.0,
   42.0,
   43.0,
   44.0,
   45.0,
   46.0,
   47.0,
   48.0,
   49.0,
   50.0,
   51.0,
   52.0,
   53.0,
   54.0,
   55.0,
   56.0,
   57.0,
   58.0,
   59.0,
   60.0,
   61.0,
   62.0,
   63.0,
   64.0,
   65.0,
   66.0,
   67.0,
   68.0,
   69.0,
   70.0,
   71.0,
   72.0,
   73.0,
   74.0,
   75.0,
   76.0,
   77.0,
   78.0,
   79.0,
   80.0,
   81.0,
   82.0,
   83.0,
   84.0,
   85.0
  ],
  "attention": [
   95.7,
   95.1,
   94.2,
   93.8,
   93.6,
   94.1,
   94.4,
   94.5,
   94.6,
   94.6,
   95.4,
   96.1,
   96.4,
   95.9,
   95.1,
   94.7,
   94.5,
   94.1,
   93.9,
   93.8,
   94.3,
   94.0,
   93.6,
   93.4,
   93.5,
   93.6,
   92.3,
   53.7,
   27.6,
   14.2,
   7.3,
   3.7,
   1.9,
   1.0,
   0.5,
   0.3,
   44.5,
   67.3,
   80.5,
   88.5,
   91.4,
   94.3,
   95.9,
   96.6,
   95.8,
   95.3,
   95.0,
   95.7,
   96.1,
   95.7,
   95.5,
   95.3,
   96.6,
   94.3,
   93.5,
   93.1,
   93.6,
   93.9,
   95.4,
   94.6,
   94.3,
   94.2,
   94.4,
   95.7,
   95.6,
   96.2,
   95.8,
   96.3,
   95.9,
   86.2,
   44.3,
   22.7,
   11.7,
   6.0,
   3.1,
   1.6,
   0.8,
   0.4,
   45.6,
   68.9,
   81.9,
   88.6,
   92.2,
   94.3,
   95.4,
   95.8
  ],
  "composure": [
   87.7,
   86.4,
   85.6,
   85.1,
   87.5,
   88.9,
   88.6,
   84.3,
   80.6,
   78.3,
   76.9,
   71.2,
   73.4,
   69.5,
   71.1,
   68.8,
   68.8,
   68.8,
   70.7,
   71.8,
   72.9,
   72.6,
   71.2,
   70.4,
   70.2,
   70.1,
   69.6,
   64.3,
   56.2,
   55.2,
   56.6,
   59.6,
   62.4,
   65.6,
   68.4,
   68.4,
   67.8,
   65.6,
   65.0,
   64.7,
   66.9,
   68.2,
   66.9,
   66.2,
   69.4,
   76.1,
   80.2,
   84.7,
   86.8,
   88.1,
   88.9,
   90.3,
   91.1,
   83.7,
   78.5,
   75.3,
   73.3,
   72.1,
   72.5,
   72.7,
   74.6,
   75.0,
   75.2,
   75.4,
   68.1,
   66.2,
   65.1,
   66.0,
   66.6,
   61.4,
   58.2,
   59.0,
   59.5,
   59.7,
   60.4,
   59.4,
   55.6,
   54.0,
   57.4,
   61.6,
   64.2,
   65.7,
   67.8,
   69.5,
   75.2,
   81.0
  ],
  "face_in_view": [
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   false,
   false,
   true,
   true,
   true,
   true,
   true,
   false,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   false,
   true,
   false,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true
  ],
  "pace_wpm": [
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   51.0,
   60.0,
   66.0,
   66.0,
   66.0,
   72.0,
   81.0,
   87.0,
   87.0,
   93.0,
   93.0,
   90.0,
   84.0,
   87.0,
   96.0,
   96.0,
   96.0,
   87.0,
   84.0,
   81.0,
   72.0,
   69.0,
   72.0,
   72.0,
   81.0,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   null,
   42.0,
   36.0,
   45.0,
   54.0,
   63.0,
   60.0,
   60.0,
   60.0,
   57.0,
   48.0,
   48.0,
   42.0,
   42.0,
   48.0,
   57.0,
   57.0,
   57.0,
   57.0,
   60.0,
   69.0,
   78.0,
   78.0,
   69.0,
   60.0,
   51.0,
   54.0,
   60.0,
   66.0,
   72.0,
   81.0,
   90.0,
   null,
   null
  ],
  "speaking": [
   false,
   false,
   false,
   false,
   false,
   false,
   false,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   false,
   false,
   false,
   false,
   false,
   false,
   false,
   false,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   true,
   false,
   false
  ],
  "answer_spans": [
   [
    7.3,
    44.85
   ],
   [
    53.15,
    83.97
   ]
  ],
  "series": {
   "t": "Seconds from the start of the session.",
   "attention": "Facing the camera, 0-100 (smoothed; null while no camera data).",
   "composure": "Head and face steadiness, 0-100 (smoothed; null while no face was seen).",
   "face_in_view": "Whether a face was in view that second (null without camera data).",
   "pace_wpm": "Rolling speaking pace in words per minute (null while not measured).",
   "speaking": "Whether you were speaking that second (null while not measured)."
  }
 },
 "warnings": [],
 "disclaimer": "These scores describe observable delivery and wording in one practice session. They are coaching aids, not a judgement of you or a prediction of any hiring decision; do not over-interpret them. Camera cues are visible behaviour only (face in view, facing the camera, head and face movement) and are never read as an inner state.",
 "comparison": {
  "available": false,
  "session_id": "08df7691-debd-47d9-bd58-5b6667da1905",
  "previous_session_id": null,
  "previous_ended_at": null,
  "previous_title": null
 }
} satisfies ReportReady;
