"""Cue lexicons for rule-based answer analysis.

Patterns run on lower-cased sentences with straight apostrophes (see `text.normalise`).
They encode how candidates actually phrase each part of an answer, so when a labelled answer
is misread the fix belongs here, with the phrase that was missed.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Irregular past forms that narrate something done; regular ones are caught by "-ed".
IRREGULAR_ACTION_PAST = _words(
    """began bought brought broke built caught chose cut dealt did drew drove dug fought gave
    got held hit kept laid led left lent made met paid put ran rang rebuilt redid rewrote rode
    sat sent set shut sold spent split spoke stood struck swept taught told took threw undid
    went won wrote"""
)

# Past verbs after "I"/"we" that set a scene, state a wish or report a state of mind:
# not steps the candidate took.
NON_ACTION_PAST = _words(
    """was were had felt liked loved hated enjoyed wanted needed hoped expected joined noticed
    realized realised saw knew learned learnt seemed used owned believed thought considered
    assumed guessed wished worried preferred appreciated remembered forgot happened
    lived studied graduated grew"""
)

# Verbs that mean a number or state moved: evidence of a result whoever the subject is.
OUTCOME_STEMS = frozenset(
    {
        "increas",
        "decreas",
        "reduc",
        "improv",
        "grew",
        "sav",
        "doubl",
        "tripl",
        "halv",
        "boost",
        "lower",
        "fell",
        "ros",
        "recover",
        "retain",
        "renew",
        "sign",
        "won",
        "exceed",
        "achiev",
        "eliminat",
        "prevent",
        "avoid",
        "expand",
        "becam",
        "drop",
        "climb",
        "declin",
    }
)

_PRON = r"(?:i|we)"
_ADVERB = (
    r"(?:(?:then|also|first|just|finally|eventually|quickly|immediately|personally|"
    r"actually|basically|really|mostly|again|later|next|even|initially|only)\s+)?"
)

STORY_SITUATION = [
    re.compile(
        r"\b(?:at|in|with|for|on) (?:my|our|a|an|the|one) (?:\w+ ){0,2}?(?:job|role|company|team|"
        r"position|internship|employer|startup|firm|agency|business|department|client|"
        r"organisation|organization|bank|retailer|consultancy)\b"
    ),
    re.compile(r"\bwhen i (?:was|joined|started|took over|worked|first|moved|arrived)\b"),
    re.compile(
        r"\b(?:last|this past|earlier this|one|that) (?:year|quarter|month|week|spring|summer|"
        r"fall|autumn|winter|monday|tuesday|wednesday|thursday|friday|morning|day|time)\b"
    ),
    re.compile(r"\b(?:\w+ )?(?:years?|months?|weeks?) ago\b"),
    re.compile(r"\bin (?:19|20)\d\d\b|\bback in\b|\bat the time\b|\ba while ago\b"),
    re.compile(
        r"\b(?:in|last|early|late|by) (?:january|february|march|april|may|june|july|august|"
        r"september|october|november|december)\b"
    ),
    re.compile(r"\bi (?:was|worked) (?:as|at|on|in|for|the|a|an|part of|working|leading)\b"),
    re.compile(
        r"\b(?:there was|there were|we had|we were|it was|the team was|the team had|"
        r"the company was|the company had)\b(?! (?:able|going) to)"
    ),
    re.compile(r"\bour (?:\w+ ){0,3}?(?:was|were|kept|had|used to)\b"),
    re.compile(r"\bthe (?:situation|context|background|problem|issue|challenge) (?:was|is)\b"),
    re.compile(r"\bi (?:noticed|realized|realised|spotted|found out|inherited)\b"),
    re.compile(r"\bwe (?:noticed|realized|realised|saw|went through|were \w+ing)\b"),
]

STORY_TASK = [
    re.compile(
        r"\bmy (?:task|job|role|responsibility|goal|assignment|mandate|brief|aim|objective|"
        r"part|remit|priority) (?:was|is|had been)\b"
    ),
    re.compile(
        r"\bi was (?:asked|tasked|responsible|in charge|assigned|supposed|expected|brought in|"
        r"hired|given|the one|accountable|the only)\b"
    ),
    re.compile(r"\b(?:i|we) (?:needed|had|wanted|were asked|were trying) to\b"),
    re.compile(
        r"\b(?:the|our) (?:goal|objective|aim|target|task|deadline|mission|ask|brief) "
        r"(?:was|is)\b"
    ),
    re.compile(r"\b(?:up to me|on me to|landed on me|fell to me|my call|my responsibility)\b"),
    re.compile(r"\bi (?:took it on|took on|took ownership|volunteered|owned)\b"),
    re.compile(r"\basked me to\b|\bwanted me to\b|\bneeded me to\b|\bso it was on me\b"),
]

STORY_RESULT = [
    re.compile(
        r"\b(?:as a result|in the end|the result|the outcome|ultimately|by the end|at the end of|"
        r"(?:which|this|that|it) led to|resulted in|ended up|end result|the upshot|net result|"
        r"in total)\b"
    ),
    re.compile(
        r"\bwent (?:from|up|down|away)\b|\bcame back\b|\bwas back\b|\bback to normal\b|"
        r"\bhas been stable\b|\bstayed (?:about|roughly|the same|flat|stable)\b"
    ),
    re.compile(r"\b(?:on time|ahead of schedule|under budget|before the deadline)\b"),
    re.compile(
        r"\b(?:got promoted|was promoted|is still (?:used|running|in use)|became the standard|"
        r"stopped getting|no (?:grievance|complaints?|incidents?) (?:was|were) raised|"
        r"asked me to run|adopted (?:it|the)|rolled it out)\b"
    ),
    re.compile(r"^by (?:the|then|that point|\w+day|next)\b"),
    re.compile(r"\bcut (?:\w+ ){0,3}?(?:by|from|in half)\b"),
    re.compile(r"\bclosed (?:it|the deal|the contract|the account|the round)\b"),
    re.compile(r"\b(?:\w+ )(?:days?|weeks?|months?|quarters?) later\b"),
    re.compile(r"\bfrom (?:\w+ ){0,3}?to (?:\w+ ){0,2}?(?:percent|%|seconds|minutes|hours|days)"),
]
# "now ..." or "after that ..." only mean a result near the end of a story.
STORY_LATE_RESULT = re.compile(
    r"\b(?:(?:and|so) now|now (?:everyone|the team|we|they|it|our|every|all)|since then|"
    r"after that)\b"
)

CASE_SITUATION = [
    re.compile(r"\b(?:clarify|clarifying|assume|assuming|assumption|let's say|let's assume)\b"),
    re.compile(
        r"\bi(?:'d| would) (?:first )?(?:want to |like to |need to )?(?:ask|know|understand|"
        r"confirm|check whether|check that|clarify|find out)\b"
    ),
    re.compile(
        r"\b(?:first|before (?:designing|anything|i|we|talking|going)).{0,40}\b(?:check|"
        r"confirm|ask|understand|know)\b"
    ),
    re.compile(r"\b(?:is it|are they|did (?:our|the|they|anything)|does it|was it)\b.*\?"),
    re.compile(r"\bdepends on (?:whether|what|who|how)\b"),
]

CASE_TASK = [
    re.compile(
        r"\b(?:the|our|my|their) (?:goal|objective|aim|real question|key question|question|"
        r"priority) (?:is|here is|would be|should be)\b"
    ),
    re.compile(r"\b(?:we're|we are|i'm|i am) trying to\b|\bsuccess (?:would|means|looks)\b"),
    re.compile(r"\bwhat (?:we|i) (?:want|need) (?:is|to)\b|\bthe point is to\b"),
]

CASE_ACTION = [
    re.compile(
        r"\b(?:i|we)(?:'d| would| will|'ll| should| could| can) (?:first |then |also |next |"
        r"probably |start by |want to )?(?!(?:like|love|want|say|think|guess|imagine|expect|be|"
        r"assume|ask|know|understand|clarify|recommend|go with|pick|choose|rather)\b)[a-z]+"
    ),
    re.compile(r"\b(?:first|second|third|then|next|finally),? (?:i|we)(?:'d| would)\b"),
    re.compile(r"\b(?:break (?:it|this|revenue|the problem) (?:down|into)|segment|decompose)\b"),
    re.compile(r"\bmy (?:first )?(?:step|approach|plan) (?:is|would be)\b"),
    re.compile(r"\b(?:for the algorithm|for storage|for the data model|to size|sizing)\b"),
]

CASE_RESULT = [
    re.compile(
        r"\b(?:my recommendation|i(?:'d| would)? recommend|i recommend|my conclusion|"
        r"in summary|to summari[sz]e|to sum up|bottom line|so the answer|"
        r"my (?:final |best |rough )?(?:answer|estimate|guess)|final (?:answer|estimate|number)|"
        r"my advice|i(?:'d| would) advise|my call would be|the decision i'd make)\b"
    ),
    re.compile(
        r"\b(?:i(?:'d| would) (?:go with|pick|choose|launch|ship|propose)|"
        r"if i had to (?:pick|choose|decide))\b"
    ),
    re.compile(
        r"\b(?:that gives|comes to|works out to|which gives)\b.{0,20}\b(?:about|roughly|"
        r"around|\d)"
    ),
    re.compile(r"^(?:so|overall),? (?:about|roughly|around|that's|the total)\b"),
    # A bare estimate is still an estimate: "about a million, I'd say".
    re.compile(
        r"^(?:about|roughly|around|approximately|somewhere around) (?:\d|an? |one |two |three |"
        r"four |five |six |seven |eight |nine |ten |half )[^,;]*,? i(?:'d| would) (?:say|estimate|"
        r"guess|put it)\b"
    ),
]

SIGNPOSTS_START = re.compile(
    r"^(?:first|firstly|first of all|second|secondly|third|thirdly|then|next|finally|lastly|"
    r"after that|to start|to begin|overall|in summary|to summari[sz]e|to sum up|in short|one|"
    r"two|three|four|so in short)\b"
)
SIGNPOSTS_ANY = re.compile(
    r"\b(?:there (?:are|were) (?:two|three|four|a few) (?:things|reasons|steps|parts|areas|"
    r"levers|options|ways)|two things|three things|the first (?:one|thing|step|is)|"
    r"the second (?:one|thing|step|is)|as a result|the situation was|my task was|"
    r"the result was|in the end|to give (?:you )?some context|the context was)\b"
)

NUMBER_WORDS = _words(
    """two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion dozen"""
)
QUANTITY_UNITS = _words(
    """percent percentage points point pts x times seconds second minutes minute hours hour
    days day weeks week months month quarters quarter years year ms milliseconds dollars
    dollar euros euro pounds k million millions thousand thousands hundred hundreds billion
    users customers clients employees hires people members drivers stores seats accounts
    tickets orders requests deals leads calls meetings sign-ups signups visitors sessions
    bookings units items rows records servers instances nodes gigabytes terabytes megabytes
    gb tb mb"""
)
# "A quarter of the hires" is a quantity; "a quarter" or "a week" alone is a span of time,
# not a number of outcome (issue 15).
MULTIPLIERS = re.compile(
    r"\b(?:doubled|tripled|quadrupled|halved|twice|three times|ten times|(?:a|one) (?:half|third|"
    r"quarter|fifth|tenth) of|by (?:half|a (?:third|quarter))|\d+(?:\.\d+)?x)\b"
)
_NUMERIC = re.compile(r"[$€£]?\d[\d,]*(?:\.\d+)?\s*(?:%|k\b|m\b|x\b|ms\b)?")

# Named tools and methods across the five roles (single words, then phrases). Only
# distinctive names: "go", "spring" or "segment" are ordinary words far more often.
TOOL_WORDS = _words(
    """
    sql python java javascript typescript golang rust kotlin swift react node.js nodejs django
    flask fastapi kubernetes k8s docker terraform aws gcp azure postgres postgresql mysql
    mongodb dynamodb redis kafka rabbitmq elasticsearch spark airflow dbt snowflake bigquery
    redshift looker tableau excel pandas numpy jupyter git github gitlab jenkins circleci
    datadog grafana prometheus sentry opentelemetry jira confluence figma amplitude mixpanel
    salesforce hubspot pipedrive gong workday bamboohr greenhouse successfactors slack notion
    bant meddic meddpicc spiced okr okrs kpi kpis nps csat roi ltv cac mrr arr postmortem
    post-mortem retrospective scrum kanban ci/cd graphql grpc webhook webhooks websocket crdt
    regression bayesian arima prophet bcrypt argon2 seaborn metabase enps hris ats
    """
)
TOOL_PHRASES = frozenset(
    {
        "power bi",
        "github actions",
        "google analytics",
        "sales navigator",
        "a/b test",
        "a/b testing",
        "logistic regression",
        "cohort analysis",
        "funnel analysis",
        "difference in differences",
        "power analysis",
        "power calculation",
        "confidence interval",
        "churn rate",
        "feature flag",
        "load test",
        "flame graph",
        "query plan",
        "rest api",
        "token bucket",
        "sliding window",
        "merit matrix",
        "structured interview",
        "stay interviews",
        "exit interviews",
        "mutual action plan",
        "business case",
        "leveling framework",
        "engagement survey",
        "regression test",
        "race condition",
        "composite index",
        "root cause",
        "roi calculator",
        "compa-ratio",
        "quarterly business review",
        "pre-boarding checklist",
        "scorecard",
        "control group",
        "holdout",
    }
)

# Stories told in the present ("so I sit down with her and we go through it"): a narrated
# step after "so/then/and", not a habit ("I always try") or a state ("I think").
NARRATIVE_PRESENT = re.compile(
    r"\b(?:so|then|and) (?:i|we) (?:(?:really|also|then|still|actually|basically|even|only|"
    r"just|quickly|finally)\s+)?([a-z']+)\b"
)
# Present-tense verbs that describe a habit or a state of mind rather than a narrated step.
NOT_NARRATED = _words(
    """always usually generally often normally typically tend try think believe feel guess
    find like love want need know mean hope am is are have do would will can could should
    might may must never don't didn't can't won't wasn't i'm i've i'd we're we've we'd"""
)

ACTION_SUBJECT = re.compile(rf"\b{_PRON}\s+{_ADVERB}([a-z]+)\b")
