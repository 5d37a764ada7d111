"""Free response: which move on offer the trainee's own words are closest to.

Each move on offer is described by its label, its ``says``, a few words for its
strategy and the author's ``examples``. Typed words are normalised (case,
accents, contractions, a light stemmer, a small list of clinical synonyms that
map to shared concept tokens), misspelt words are corrected against the words
the beat's moves use (rapidfuzz), and each move is scored by TF-IDF cosine over
word unigrams, bigrams and character trigrams, with the IDF taken over the moves
on offer so that words every move shares count for little.

Deterministic: no randomness, no model download; ties are broken by profile
order. Under ``THRESHOLD``, or when the words share nothing with the best move
but a pronoun, the answer is "not sure" (``understood`` is None).
docs/free-response.md explains the method and the threshold.
"""

from __future__ import annotations

import copy
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..engine.vocabulary import STRATEGIES

if TYPE_CHECKING:
    from ..engine.profile_model import Move

THRESHOLD = 0.12
"""A best score below this is "not sure": the trainee rephrases or picks from the menu."""

CORRECT_CUTOFF = 85
"""How alike (rapidfuzz ratio, 0-100) an unknown word and a beat's word must be for one to be read as the other."""

PRONOUNS = frozenset("i me my you your we us our".split())
"""Kept as words (they tell moves apart) but never enough on their own for the matcher to be sure."""

CHAR_WEIGHT = 0.35
"""How much character trigrams count against whole words (they catch stems and typos the rest miss)."""

_CONTRACTIONS = [
    (r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"\blet's\b", "let us"),
    (r"n't\b", " not"), (r"'m\b", " am"), (r"'re\b", " are"), (r"'ve\b", " have"),
    (r"'ll\b", " will"), (r"'d\b", " would"), (r"'s\b", ""),
]

STOP = frozenset(
    "a an the and or but so of to in on at for with as by from is am are was were be been being it its "
    "this that these those there here just really quite very bit little maybe perhaps um uh er erm well "
    "oh ok okay like kind sort would could should might may will shall do does did have has had can "
    "then than also too if when what".split()
)
"""Words that say little about which move is meant. Pronouns stay: 'I', 'we' and 'you' tell moves apart."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "_apology": ("sorry", "apologise", "apologize", "apology", "apologies", "my bad", "forgive me",
                 "i regret", "i was wrong", "my mistake", "i messed up", "shouldn't have", "should not have"),
    "_mypart": ("my part", "my fault", "on me", "i got it wrong", "i missed", "i pushed", "i rushed",
                "i was pushing", "my responsibility", "i contributed", "i played a part", "i own"),
    "_notice": ("notice", "noticed", "noticing", "i see", "i can see", "seems", "seem", "looks like",
                "i am aware", "caught my attention", "i observe", "struck me", "picked up on", "i sense",
                "spotted", "i saw"),
    "_wonder": ("i wonder", "wondering", "curious", "i am curious"),
    "_us": ("between us", "about us", "about me", "toward me", "towards me", "with me", "in here",
            "in the room", "our relationship", "you and i", "you and me", "the two of us", "right now with"),
    "_feel": ("feel", "feeling", "feelings", "felt", "emotion", "emotions", "how does that land",
              "how is that for you", "what is that like", "what was that like"),
    "_therapy": ("therapy", "sessions", "session", "the work", "our work", "treatment", "coming here",
                 "working together"),
    "_risk": ("safe", "safety", "hurt yourself", "harm yourself", "self harm", "kill yourself", "suicide",
              "suicidal", "end your life", "ending your life", "ending it", "not be here", "not being here",
              "take your life", "end it all", "risk", "killing yourself", "kill myself", "killing myself",
              "want to die", "wanting to die", "wish you were dead", "better off dead", "better off without",
              "not wake up", "not waking up", "end things", "ending things", "self-harm", "cutting",
              "overdose", "thoughts of dying", "are you safe", "keep yourself safe", "danger", "dangerous",
              "drive drowsy", "driving tired", "hurt someone", "hurt anyone", "violent", "violence"),
    "_homework": ("homework", "thought record", "worksheet", "exercise", "task", "assignment", "practice",
                  "diary", "form"),
    "_goal": ("goal", "goals", "aim", "aims", "what you want", "what you need", "want from", "need from",
              "hope for", "hoping for", "priorities"),
    "_reassure": ("no pressure", "don't worry", "do not worry", "it is fine", "its fine", "it is okay",
                  "that is okay", "no problem", "not a problem", "it is alright", "never mind", "all good"),
    "_because": ("because", "the reason", "the point", "rationale", "evidence", "research", "the idea is",
                 "works best", "helps because", "why we"),
    "_pattern": ("pattern", "same thing", "happens with", "happened with", "reminds", "remind", "similar",
                 "echo", "like with", "like your"),
    "_family": ("mother", "mum", "mom", "father", "dad", "parents", "family", "sister", "brother",
                "husband", "wife", "partner", "boss", "manager", "colleague", "colleagues", "friends"),
    "_understand": ("understand", "makes sense", "make sense", "hear you", "i get it", "i get that",
                    "get why", "fair enough", "that is fair", "you are right", "understandable"),
    "_change": ("change", "switch", "different", "instead", "drop", "set aside", "put aside", "try something"),
    "_together": ("together", "both of us", "we could", "we can", "shall we", "let us"),
    "_defend": ("i was only", "i was just", "i did not mean", "not my fault", "you misunderstood",
                "you are wrong", "that is not what i said", "i am qualified", "i am trained", "i know what",
                "to be fair"),
    "_care": ("care", "caring", "i am glad", "glad you", "thank you", "thanks", "matters to me",
              "you matter", "i value", "appreciate"),
    "_tell": ("tell me", "say more", "more about", "go on", "talk about", "what happened", "explain"),
    "_angry": ("angry", "anger", "annoyed", "irritated", "frustrated", "frustrating", "frustration",
               "furious", "cross", "pissed", "mad", "fed up"),
    "_quiet": ("quiet", "withdrawn", "gone quiet", "shut down", "distant", "far away",
               "pulled back", "holding back"),
    "_hurt": ("hurt", "upset", "stung", "painful", "sad", "disappointed", "let down", "dismissed"),
    "_continue": ("carry on", "keep going", "move on", "get back to", "back to", "continue", "let us start",
                  "agenda", "get started", "press on"),
    "_doctor": ("gp", "doctor", "dr", "physician", "surgery", "medication", "medicine", "tablets", "pills"),
    "_praise": ("well done", "congratulations", "congrats", "brilliant", "amazing", "fantastic", "proud",
                "huge", "big deal", "impressive", "great news", "good for you"),
    "_pause": ("wait", "pause", "silence", "say nothing", "stay quiet", "stay silent", "take your time",
               "no hurry", "no rush", "let it be", "nod"),
    "_time": ("time", "minutes", "running late", "late", "clock", "end of the session", "running out"),
}
"""Concept tokens of our own: words and phrases that name the same clinical act. A concept token is
added beside the words, so 'apologise' and 'sorry' meet while the literal word still counts."""

STRATEGY_WORDS: dict[str, str] = {
    "clarify_misunderstanding": "what i meant was i did not mean misunderstanding clarify",
    "change_task_or_goal": "change try something different instead drop set aside",
    "give_rationale": "because the reason rationale the idea is helps",
    "review_goals_tasks": "goals tasks what you want from our work together review",
    "invite_feelings": "how do you feel about us about me about therapy our work",
    "acknowledge_contribution": "my part i pushed i missed on me",
    "apologise": "sorry i apologise my fault",
    "disclose_experience": "i feel i find myself my experience right now",
    "link_here_and_now": "between us here with me now pattern us",
    "link_other_relationships": "pattern like with your mother family other relationships",
    "validate_defence": "makes sense understandable of course you would",
    "empathic_reflection": "sounds like you feel it sounds",
    "redirect": "back to let us focus on",
    "open_question": "tell me more what was it like what happened",
    "attend_to_marker": "i notice i noticed i wonder what is happening",
    "warmth": "i care glad you are here thank you",
    "continue_agenda": "carry on let us get started back to the agenda",
    "defend_self": "i was only i did not mean to be fair",
    "repeat_rationale": "as i said the reason is because",
    "closing_reassurance": "no pressure do not worry it is fine",
    "push_harder": "you need to you have to try harder",
    "placate": "you are right i am sorry whatever you want",
    "professional_neutrality": "i see let us note that",
    "give_advice": "you should why not try my advice would be have you tried",
    "address_risk": "are you safe thoughts of ending your life hurting yourself suicide",
    "personal_disclosure": "when i was me too in my own life i have been through",
    "humour": "joke funny laugh at least",
}
"""A few plain words per strategy, so a move whose label and lines miss the usual phrasing is still found."""


@lru_cache(maxsize=1)
def _phrase_patterns() -> list[tuple[re.Pattern, str]]:
    out = []
    for concept, phrases in SYNONYMS.items():
        words = sorted((_expand(p) for p in phrases), key=len, reverse=True)
        out.append((re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"), concept))
    return out


_BARE = {"im": "i am", "ive": "i have", "dont": "do not", "didnt": "did not", "doesnt": "does not",
         "youre": "you are", "youve": "you have", "cant": "can not", "wont": "will not", "isnt": "is not",
         "wasnt": "was not", "thats": "that is", "whats": "what is", "u": "you", "ur": "your", "r": "are"}
"""Contractions typed without the apostrophe, and texting shorthand."""


def _expand(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    for pat, rep in _CONTRACTIONS:
        text = re.sub(pat, rep, text)
    return " ".join(_BARE.get(w, w) for w in re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=1)
def _single_word_concepts() -> dict[str, str]:
    """Stemmed one-word synonyms and their concept, so a corrected typo ('sory') still names one."""
    out: dict[str, str] = {}
    for concept, phrases in SYNONYMS.items():
        for phrase in phrases:
            flat = _expand(phrase)
            if " " not in flat:
                out.setdefault(_stem(flat), concept)
    return out


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("ly", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Normalised, stemmed content words, then the concept tokens the text names (in a fixed order)."""
    flat = _expand(text)
    concepts = [c for pat, c in _phrase_patterns() if pat.search(flat)]
    if not flat and text.strip():
        concepts.append("_pause")
    return tuple(_stem(w) for w in flat.split() if w not in STOP) + tuple(concepts)


def _features(tokens: tuple[str, ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    plain = [t for t in tokens if not t.startswith("_")]
    for t in tokens:
        out[t] = out.get(t, 0.0) + 1.0
    for a, b in zip(plain, plain[1:]):
        key = f"{a} {b}"
        out[key] = out.get(key, 0.0) + 1.0
    for t in plain:
        padded = f"<{t}>"
        for i in range(len(padded) - 2):
            key = "#" + padded[i:i + 3]
            out[key] = out.get(key, 0.0) + CHAR_WEIGHT
    return out


def move_texts(move: Move) -> list[str]:
    """What a move is known by: label, says, strategy words, then the author's examples."""
    return [move.label, move.says, STRATEGY_WORDS.get(move.strategy, STRATEGIES[move.strategy][1]),
            *move.examples]


@dataclass(frozen=True)
class Ranked:
    move: str
    score: float


@dataclass(frozen=True)
class Understanding:
    offered: list[str]
    ranked: list[Ranked]
    understood: str | None

    @property
    def runner_up(self) -> str | None:
        return self.ranked[1].move if len(self.ranked) > 1 else None

    def to_json(self) -> dict:
        return {"offered": list(self.offered),
                "ranked": [{"move": r.move, "score": r.score} for r in self.ranked],
                "understood": self.understood}


class Matcher:
    """The moves on offer at one beat, indexed once; ``rank`` many typed texts against them."""

    def __init__(self, moves: dict[str, list[str]]):
        self.offered = list(moves)
        self.docs = {mid: [words(t) for t in texts] for mid, texts in moves.items()}
        self.vocab = sorted({w for docs in self.docs.values() for d in docs for w in d if not w.startswith("_")})
        self.by_start: dict[str, list[str]] = {}
        for w in self.vocab:
            self.by_start.setdefault(w[0], []).append(w)
        df: dict[str, int] = {}
        for docs in self.docs.values():
            seen = set()
            for d in docs:
                seen |= set(_features(d))
            for f in seen:
                df[f] = df.get(f, 0) + 1
        n = len(self.offered)
        self.idf = {f: math.log((1 + n) / (1 + c)) + 1.0 for f, c in df.items()}
        self.unseen_idf = math.log(1 + n) + 1.0
        self.vectors = {mid: [self._vector(d) for d in docs] for mid, docs in self.docs.items()}
        whole = {mid: tuple(w for d in docs for w in d) for mid, docs in self.docs.items()}
        self.whole = {mid: self._vector(ws) for mid, ws in whole.items()}

    def without(self, move: str, text_index: int) -> Matcher:
        """The same matcher with one of ``move``'s texts left out (the IDF is kept): how the lint hears an example."""
        other = copy.copy(self)
        docs = self.docs[move][:text_index] + self.docs[move][text_index + 1:]
        other.vectors = {**self.vectors, move: [self._vector(d) for d in docs]}
        other.whole = {**self.whole, move: self._vector(tuple(w for d in docs for w in d))}
        return other

    def _vector(self, tokens: tuple[str, ...]) -> dict[str, float]:
        vec = {f: (1.0 + math.log(c)) * self.idf.get(f, self.unseen_idf) for f, c in _features(tokens).items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {f: v / norm for f, v in vec.items()}

    def _correct(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        """Misspelt words (not in the beat's vocabulary) become the closest word it has, when close enough."""
        from rapidfuzz import fuzz, process

        known = set(self.vocab)
        out, concepts = [], []
        for t in tokens:
            if t.startswith("_") or t in known or len(t) < 4:
                out.append(t)
                continue
            hit = process.extractOne(t, self.by_start.get(t[0], ()), scorer=fuzz.ratio, score_cutoff=CORRECT_CUTOFF)
            out.append(hit[0] if hit else t)
            concept = _single_word_concepts().get(out[-1])
            if concept and concept not in tokens and concept not in concepts:
                concepts.append(concept)
        return tuple(out) + tuple(concepts)

    def scores(self, text: str) -> dict[str, float]:
        return self._scores(self._correct(words(text)))

    def _scores(self, tokens: tuple[str, ...]) -> dict[str, float]:
        q = self._vector(tokens)
        out = {}
        for mid in self.offered:
            best = max((_cos(q, v) for v in self.vectors[mid]), default=0.0)
            out[mid] = 0.7 * best + 0.3 * _cos(q, self.whole[mid])
        return out

    def rank(self, text: str, threshold: float = THRESHOLD) -> Understanding:
        tokens = self._correct(words(text))
        scores = self._scores(tokens)
        order = sorted(range(len(self.offered)), key=lambda i: (-round(scores[self.offered[i]], 9), i))
        ranked = [Ranked(self.offered[i], round(scores[self.offered[i]], 4)) for i in order]
        top = ranked[0] if ranked else None
        sure = top is not None and top.score >= threshold and self._shares_a_word(tokens, top.move)
        return Understanding(list(self.offered), ranked, top.move if top is not None and sure else None)

    def _shares_a_word(self, tokens: tuple[str, ...], move: str) -> bool:
        """Whether the typed words and the move share a word or concept beyond a pronoun."""
        mine = {w for d in self.docs[move] for w in d}
        return any(t in mine for t in tokens if t not in PRONOUNS)


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(f, 0.0) for f, v in a.items())


EXAMPLES_FROM = 3
"""Index of the first example in ``move_texts``."""


def matcher_for(spec_moves: dict, offered: list[str]) -> Matcher:
    return Matcher({mid: move_texts(spec_moves[mid]) for mid in offered})


def understand(session, text: str) -> Understanding:
    """How ``text`` is heard at the session's current beat."""
    return matcher_for(session.patient.spec.moves, session.options()).rank(text)
