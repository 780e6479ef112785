"""Word lists for language habits (`language_habits.py`): hedges, weak openers, habit words.

Entries are lower-case token sequences with straight apostrophes. When a labelled answer is
misread the fix belongs here, with the phrase that was missed or wrongly counted.

The rule for "I think" (and "I believe", "I guess", "I suppose"): said before a claim it is a
hedge, whatever the claim is. "I think the key trade-off is latency" counts, because the
listener hears a softened claim either way; the report shows it so the candidate can decide.
It is not a hedge when "think" names the act of thinking ("I think about churn every week",
"I thought it through", "when I think of that project") or is what a clause is about ("what
I think is...", "how I think about risk"): see THINK_ACTIVITY_AFTER and CLAUSE_BEFORE.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _seqs(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.split()) for line in text.strip().splitlines() if line.strip())


HEDGES = _seqs(
    """
    i think
    i guess
    i suppose
    i believe
    i feel like
    i'd say
    i would say
    i'm not sure
    i am not sure
    i don't know
    i'm not really sure
    maybe
    perhaps
    probably
    possibly
    kind of
    sort of
    kinda
    sorta
    somewhat
    more or less
    it seems
    it seems like
    hopefully
    pretty much
    a little bit
    """
)
# Hedges whose first word is a verb of thinking: the "I think" rule applies to them.
THINK_HEDGES = frozenset({("i", "think"), ("i", "guess"), ("i", "suppose"), ("i", "believe")})
# "I think about/of/through...": thinking as an activity, not a softened claim.
THINK_ACTIVITY_AFTER = _words(
    """about of through back over differently hard carefully outside ahead aloud"""
)
# "what I think", "when I think": the clause is about the thought, not hedging a claim.
CLAUSE_BEFORE = _words("""what when how whenever whatever if as""")
# "what kind of tool", "this sort of problem": nouns, not hedges.
KIND_OF_NOUN_BEFORE = _words(
    """what this that the any some a an one every which same these those all other different
    right wrong certain"""
)
# "I believe in": a conviction, not a hedge.
BELIEVE_IN = "in"

# Weak openers: at the start of the answer or of a sentence (after any um/uh before them).
OPENERS = _seqs(
    """
    so um
    so uh
    so erm
    um so
    uh so
    so yeah
    yeah so
    okay so
    ok so
    so basically
    basically
    i mean
    to be honest
    honestly
    to be fair
    that's a great question
    that's a good question
    great question
    good question
    """
)
# Weak only as the very first words of an answer (a throat-clearing start); inside an answer
# "so" and "well" link ideas.
ANSWER_START_OPENERS = _seqs(
    """
    so
    well
    """
)
LEADING_FILLERS = frozenset({"um", "uh", "erm", "er", "ah", "uhm", "hmm", "mm"})

# Vague or intensifying words people fall back on: repeated beyond the answer's length, they
# are a habit (the threshold scales with length, see language_habits.habit_threshold).
HABIT_WORDS = _words(
    """really actually very just literally super obviously definitely totally absolutely
    basically honestly stuff things thing whatever awesome amazing cool pretty quite
    extremely incredibly huge crazy basically essentially simply clearly seriously"""
)

# Function words: never a repeat on their own, and an n-gram needs a word outside them.
STOP_WORDS = _words(
    """a about above after again all also am an and any are as at be because been before
    being both but by can could did do does doing don't down during each few for from
    further had has have having he her here hers him his how i i'd i'll i'm i've if in
    into is it it's its me more most my no nor not now of off on once only or other our
    ours out over own same she should so some such than that that's the their them then
    there these they this those through to too under until up was we we'd we're we've were
    what when where which while who whom why will with would you your yours yeah um uh
    like okay ok well get got go went one two make made us let let's there's they're
    didn't wasn't isn't can't won't i'd also lot lots way much many every even still back
    new first last said say says know think mean kind sort bit"""
)
