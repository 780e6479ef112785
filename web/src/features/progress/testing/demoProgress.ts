// Real answers of GET /v1/users/me/progress and /insights for the `moodlens demo` account (four
// improving sessions); the plan is cut to two days. `satisfies` keeps them in step with the API.
import type { Insights, Progress } from "../types";

export const demoProgress = {
 "session_count": 4,
 "labels": {
  "communication": "Communication",
  "confidence": "Delivery",
  "structure": "Structure",
  "relevance": "Relevance"
 },
 "trends": {
  "overall": {
   "points": [
    {
     "session_id": "08df7691-debd-47d9-bd58-5b6667da1905",
     "ended_at": "2026-11-01T18:02:42+00:00",
     "score": 58.4
    },
    {
     "session_id": "20346ceb-76fa-41e5-8014-462b210cb58c",
     "ended_at": "2026-11-08T18:02:45+00:00",
     "score": 63.4
    },
    {
     "session_id": "f9fa0348-5bf0-4835-88b0-ba53c88afef9",
     "ended_at": "2026-11-15T18:03:35+00:00",
     "score": 73.4
    },
    {
     "session_id": "90d28246-ea19-43b9-aec9-7c40fe2e2493",
     "ended_at": "2026-11-22T18:03:27+00:00",
     "score": 84.1
    }
   ],
   "slope_per_session": 8.71,
   "direction": "improving"
  },
  "communication": {
   "points": [
    {
     "session_id": "08df7691-debd-47d9-bd58-5b6667da1905",
     "ended_at": "2026-11-01T18:02:42+00:00",
     "score": 60.7
    },
    {
     "session_id": "20346ceb-76fa-41e5-8014-462b210cb58c",
     "ended_at": "2026-11-08T18:02:45+00:00",
     "score": 71.7
    },
    {
     "session_id": "f9fa0348-5bf0-4835-88b0-ba53c88afef9",
     "ended_at": "2026-11-15T18:03:35+00:00",
     "score": 75.5
    },
    {
     "session_id": "90d28246-ea19-43b9-aec9-7c40fe2e2493",
     "ended_at": "2026-11-22T18:03:27+00:00",
     "score": 90.5
    }
   ],
   "slope_per_session": 9.32,
   "direction": "improving"
  },
  "confidence": {
   "points": [
    {
     "session_id": "08df7691-debd-47d9-bd58-5b6667da1905",
     "ended_at": "2026-11-01T18:02:42+00:00",
     "score": 74.9
    },
    {
     "session_id": "20346ceb-76fa-41e5-8014-462b210cb58c",
     "ended_at": "2026-11-08T18:02:45+00:00",
     "score": 71.4
    },
    {
     "session_id": "f9fa0348-5bf0-4835-88b0-ba53c88afef9",
     "ended_at": "2026-11-15T18:03:35+00:00",
     "score": 83.2
    },
    {
     "session_id": "90d28246-ea19-43b9-aec9-7c40fe2e2493",
     "ended_at": "2026-11-22T18:03:27+00:00",
     "score": 96.1
    }
   ],
   "slope_per_session": 7.54,
   "direction": "improving"
  },
  "structure": {
   "points": [
    {
     "session_id": "08df7691-debd-47d9-bd58-5b6667da1905",
     "ended_at": "2026-11-01T18:02:42+00:00",
     "score": 47.5
    },
    {
     "session_id": "20346ceb-76fa-41e5-8014-462b210cb58c",
     "ended_at": "2026-11-08T18:02:45+00:00",
     "score": 46.5
    },
    {
     "session_id": "f9fa0348-5bf0-4835-88b0-ba53c88afef9",
     "ended_at": "2026-11-15T18:03:35+00:00",
     "score": 60.4
    },
    {
     "session_id": "90d28246-ea19-43b9-aec9-7c40fe2e2493",
     "ended_at": "2026-11-22T18:03:27+00:00",
     "score": 66.6
    }
   ],
   "slope_per_session": 7.12,
   "direction": "improving"
  },
  "relevance": {
   "points": [
    {
     "session_id": "08df7691-debd-47d9-bd58-5b6667da1905",
     "ended_at": "2026-11-01T18:02:42+00:00",
     "score": 48.0
    },
    {
     "session_id": "20346ceb-76fa-41e5-8014-462b210cb58c",
     "ended_at": "2026-11-08T18:02:45+00:00",
     "score": 62.0
    },
    {
     "session_id": "f9fa0348-5bf0-4835-88b0-ba53c88afef9",
     "ended_at": "2026-11-15T18:03:35+00:00",
     "score": 74.0
    },
    {
     "session_id": "90d28246-ea19-43b9-aec9-7c40fe2e2493",
     "ended_at": "2026-11-22T18:03:27+00:00",
     "score": 81.4
    }
   ],
   "slope_per_session": 11.22,
   "direction": "improving"
  }
 },
 "sessions_per_week": [
  {
   "week_start": "2026-10-26",
   "count": 1
  },
  {
   "week_start": "2026-11-02",
   "count": 1
  },
  {
   "week_start": "2026-11-09",
   "count": 1
  },
  {
   "week_start": "2026-11-16",
   "count": 1
  },
  {
   "week_start": "2026-11-23",
   "count": 0
  }
 ],
 "avg_sessions_per_week_4w": 0.75,
 "improvement_after_3": {
  "overall": 15.0,
  "communication": 14.8,
  "confidence": 8.3,
  "structure": 12.9,
  "relevance": 26.0
 },
 "improvement_since_first": {
  "overall": 25.7,
  "communication": 29.8,
  "confidence": 21.2,
  "structure": 19.1,
  "relevance": 33.4
 },
 "versions": [
  "scoring-1.0.0"
 ],
 "sessions": [
  {
   "session_id": "08df7691-debd-47d9-bd58-5b6667da1905",
   "ended_at": "2026-11-01T18:02:42+00:00",
   "title": "Software Engineer · Behavioral · Medium",
   "role": "sde",
   "round_type": "behavioral",
   "overall": 58.4,
   "dimensions": {
    "communication": 60.7,
    "confidence": 74.9,
    "structure": 47.5,
    "relevance": 48.0
   }
  },
  {
   "session_id": "20346ceb-76fa-41e5-8014-462b210cb58c",
   "ended_at": "2026-11-08T18:02:45+00:00",
   "title": "Software Engineer · Behavioral · Medium",
   "role": "sde",
   "round_type": "behavioral",
   "overall": 63.4,
   "dimensions": {
    "communication": 71.7,
    "confidence": 71.4,
    "structure": 46.5,
    "relevance": 62.0
   }
  },
  {
   "session_id": "f9fa0348-5bf0-4835-88b0-ba53c88afef9",
   "ended_at": "2026-11-15T18:03:35+00:00",
   "title": "Software Engineer · Behavioral · Medium",
   "role": "sde",
   "round_type": "behavioral",
   "overall": 73.4,
   "dimensions": {
    "communication": 75.5,
    "confidence": 83.2,
    "structure": 60.4,
    "relevance": 74.0
   }
  },
  {
   "session_id": "90d28246-ea19-43b9-aec9-7c40fe2e2493",
   "ended_at": "2026-11-22T18:03:27+00:00",
   "title": "Software Engineer · Behavioral · Medium",
   "role": "sde",
   "round_type": "behavioral",
   "overall": 84.1,
   "dimensions": {
    "communication": 90.5,
    "confidence": 96.1,
    "structure": 66.6,
    "relevance": 81.4
   }
  }
 ],
 "latest_comparison": {
  "available": true,
  "previous_session_id": "f9fa0348-5bf0-4835-88b0-ba53c88afef9",
  "overall": {
   "current": 84.1,
   "previous": 73.4,
   "delta": 10.7,
   "direction": "better"
  },
  "dimensions": {
   "communication": {
    "current": 90.5,
    "previous": 75.5,
    "delta": 15.0,
    "direction": "better"
   },
   "confidence": {
    "current": 96.1,
    "previous": 83.2,
    "delta": 12.9,
    "direction": "better"
   },
   "structure": {
    "current": 66.6,
    "previous": 60.4,
    "delta": 6.2,
    "direction": "better"
   },
   "relevance": {
    "current": 81.4,
    "previous": 74.0,
    "delta": 7.4,
    "direction": "better"
   }
  },
  "versions_differ": false,
  "metrics": {
   "asr_confidence": {
    "current": null,
    "previous": null,
    "delta": null,
    "direction": null
   },
   "attention": {
    "current": 0.946,
    "previous": 0.8,
    "delta": 0.146,
    "direction": "better"
   },
   "composure": {
    "current": 89.98,
    "previous": 77.798,
    "delta": 12.182,
    "direction": "better"
   },
   "duration_s": {
    "current": 38.957,
    "previous": 21.979,
    "delta": 16.978,
    "direction": null
   },
   "face_seen_ratio": {
    "current": 1.0,
    "previous": 0.937,
    "delta": 0.063,
    "direction": null
   },
   "filler_count": {
    "current": 0.0,
    "previous": 0.667,
    "delta": -0.667,
    "direction": null
   },
   "filler_per_min": {
    "current": 0.0,
    "previous": 1.823,
    "delta": -1.823,
    "direction": "better"
   },
   "has_result": {
    "current": 0.75,
    "previous": 0.5,
    "delta": 0.25,
    "direction": "better"
   },
   "hedges_per_100_words": {
    "current": 0.0,
    "previous": 0.0,
    "delta": 0.0,
    "direction": "same"
   },
   "key_point_coverage": {
    "current": 0.875,
    "previous": 0.812,
    "delta": 0.063,
    "direction": "better"
   },
   "latency_s": {
    "current": 1.2,
    "previous": 2.5,
    "delta": -1.3,
    "direction": "better"
   },
   "length_ratio": {
    "current": 0.28,
    "previous": 0.207,
    "delta": 0.073,
    "direction": null
   },
   "long_pause_count": {
    "current": 0.0,
    "previous": 1.0,
    "delta": -1.0,
    "direction": "better"
   },
   "looking_away_ratio": {
    "current": 0.0,
    "previous": 0.112,
    "delta": -0.112,
    "direction": null
   },
   "off_topic": {
    "current": 0.0,
    "previous": 0.0,
    "delta": 0.0,
    "direction": null
   },
   "ownership_ratio": {
    "current": 0.683,
    "previous": 0.508,
    "delta": 0.175,
    "direction": "better"
   },
   "sentence_words": {
    "current": 17.812,
    "previous": 14.042,
    "delta": 3.77,
    "direction": null
   },
   "signposting_count": {
    "current": 0.25,
    "previous": 0.0,
    "delta": 0.25,
    "direction": "better"
   },
   "smile_share": {
    "current": 0.0,
    "previous": 0.0,
    "delta": 0.0,
    "direction": null
   },
   "specificity_count": {
    "current": 3.0,
    "previous": 2.25,
    "delta": 0.75,
    "direction": "better"
   },
   "star_coverage": {
    "current": 0.75,
    "previous": 0.688,
    "delta": 0.062,
    "direction": "better"
   },
   "volume_dbfs": {
    "current": null,
    "previous": null,
    "delta": null,
    "direction": null
   },
   "word_count": {
    "current": 71.75,
    "previous": 52.5,
    "delta": 19.25,
    "direction": null
   },
   "wpm": {
    "current": 125.186,
    "previous": 121.257,
    "delta": 3.929,
    "direction": "same"
   }
  }
 }
} satisfies Progress;

export const demoInsights = {
 "session_count": 4,
 "latest_session_id": "90d28246-ea19-43b9-aec9-7c40fe2e2493",
 "daily_minutes": 20,
 "weak_areas": [
  {
   "dimension": "structure",
   "label": "Structure",
   "score": 61.0
  },
  {
   "dimension": "relevance",
   "label": "Relevance",
   "score": 74.6
  },
  {
   "dimension": "communication",
   "label": "Communication",
   "score": 82.0
  },
  {
   "dimension": "confidence",
   "label": "Delivery",
   "score": 88.0
  }
 ],
 "weekly_plan": {
  "start": "2026-11-22",
  "today": "2026-11-25",
  "daily_minutes": 20,
  "focus": [
   "structure",
   "relevance"
  ],
  "focus_labels": [
   "Structure",
   "Relevance"
  ],
  "days": [
   {
    "date": "2026-11-25",
    "total_minutes": 20,
    "items": [
     {
      "id": "2026-11-25-0-star-skeleton",
      "drill_id": "star-skeleton",
      "title": "STAR skeleton in four lines",
      "dimension": "structure",
      "minutes": 15,
      "how": [
       "Pick a past project. Write one line each for Situation, Task, Action, Result.",
       "Speak it in 90 seconds: 15 s situation, 15 s task, 45 s action, 15 s result.",
       "Repeat with a second story until each part comes out in order without notes."
      ],
      "done": false,
      "done_at": null
     },
     {
      "id": "2026-11-25-1-timed-answer",
      "drill_id": "timed-answer",
      "title": "Answer inside the time box",
      "dimension": "structure",
      "minutes": 5,
      "how": [
       "Set a 2-minute timer and answer a question; stop when it rings.",
       "If you ran over, cut the set-up; if you finished early, add the action and result.",
       "Repeat with two more questions."
      ],
      "done": false,
      "done_at": null
     }
    ]
   },
   {
    "date": "2026-11-26",
    "total_minutes": 20,
    "items": [
     {
      "id": "2026-11-26-0-filler-spotting",
      "drill_id": "filler-spotting",
      "title": "Filler spotting on replay",
      "dimension": "communication",
      "minutes": 8,
      "how": [
       "Replay one answer from your last report with the transcript open.",
       "Mark each filler and hedge, then note what came just before it (usually a new idea).",
       "Say the same answer again, starting each new idea with a full stop and a pause."
      ],
      "done": false,
      "done_at": null
     },
     {
      "id": "2026-11-26-1-signpost-ladder",
      "drill_id": "signpost-ladder",
      "title": "Signpost every step",
      "dimension": "structure",
      "minutes": 8,
      "how": [
       "Answer one question saying “first”, “then”, “as a result” at each step.",
       "For a technical or case question, open with “I'll cover three things: …”.",
       "Replay and check each step is marked."
      ],
      "done": false,
      "done_at": null
     },
     {
      "id": "2026-11-26-2-restate-the-question",
      "drill_id": "restate-the-question",
      "title": "Restate the question first",
      "dimension": "relevance",
      "minutes": 4,
      "how": [
       "For three questions, start with one sentence restating what is being asked.",
       "Check that your last sentence answers that same sentence."
      ],
      "done": false,
      "done_at": null
     }
    ]
   }
  ],
  "drills_version": "drills-1.0.0",
  "done_count": 0,
  "item_count": 5
 }
} satisfies Insights;
