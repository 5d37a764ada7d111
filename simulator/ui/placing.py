"""Where the patient's things are, read from the cue's words: the bag on her knee, the keys in his fist.

A cue that says where a carried thing is ("keeps her handbag on her knee", "the phone goes face down
on his knee", "hood up") places it; the place holds for the rest of the session until a later cue
moves it ("the handbag goes down by her feet"). Each rule is a pattern of words, the thing and its
place; overlaps resolve as in ``poses`` (the longer match wins, so "doesn't take the hood down" is
read as the hood staying up). Things are named as cues name them and drawn by ``props``.
"""

from __future__ import annotations

import re

THINGS = ("bag", "phone", "keys", "notebook", "mug", "purse", "paper", "hoodie", "glasses")
"""What a cue can place: "bag" is whichever bag the patient owns; "paper" a letter, worksheet or printout;
"hoodie" is the hood of what they wear."""
PLACES = {
    "lap": "on the knee or lap, under the hands",
    "hands": "held in the hands",
    "chest": "clutched against the chest",
    "floor": "on the floor beside the chair",
    "away": "put away (in a pocket or a bag, on the table): not drawn",
    "up": "a hood pulled up round the face",
    "down": "a hood down at the neck",
    "on": "glasses on the face",
    "off": "glasses taken off: not on the face",
}

W = r"(?:her|his|their)"
BAG = r"(?:hand)?bag"
PLACE_RULES: tuple[tuple[str, str, str], ...] = (
    # bag
    (BAG + r" (?:\w+ )?on " + W + r" (?:knees?|lap)|\b" + BAG + r" (?:comes )?back onto|\b(?:over|on) the " + BAG
     + r"\b|\b(?:clasp|zip|pocket) (?:\w+ )*?(?:of|on) (?:" + W + r"|the) " + BAG + r"|\bpats? (?:of )?(?:" + W
     + r"|the) " + BAG + r"|\b(?:closes|zips) (?:" + W + r"|the) " + BAG + r"|\bbooklet in " + W + r" " + BAG,
     "bag", "lap"),
    (BAG + r" goes down|\b" + BAG + r"\b[^;,]*\bby " + W + r" feet", "bag", "floor"),
    (BAG + r" (?:over|on) " + W + r" (?:arm|shoulder)|\bbag on one shoulder|\bbag in one hand|\bshoulders the bag"
     r"|\bslings " + W + r" bag|\bpicks up " + W + r" bag|\bgrabs " + W + r" bag|\bstrap of " + W + r" bag",
     "bag", "hands"),
    # phone
    (r"\bphone (?:goes )?face down|\bphone face down", "phone", "lap"),
    (r"\bphone (?:goes |already )?in(?:to)? " + W + r" pocket|\bpocket(?:s|ing) the phone|\bphone in " + W + r" pocket",
     "phone", "away"),
    (r"\bphone (?:stays )?in " + W + r" hand|\bphone comes out|\bpicks up the phone|\bchecks? " + W + r" phone"
     r"|\bthe phone screen|\bback to the phone|\blooks? at " + W + r" phone|\bup from the phone|\bturns " + W
     + r" phone|\bthumb \w+ on the phone|\bthumb already moving|\bat the phone; he turns it|\bscrolls\b"
     r"|\breaches for " + W + r" phone\b(?! in)|\beyes go to " + W + r" phone", "phone", "hands"),
    # keys
    (r"\bkeys?\b[^;,]*\bin " + W + r" (?:hand|fist)|\bround the keys|\bturning (?:" + W + r"|the) (?:van )?keys"
     r"|\bkeys (?:start|stop)\w*|\bkeys go (?:still|quiet)|\bpicks the keys back up|\bvan key\b|\btaps the keys"
     r"|\btakes " + W + r" keys|\bkeys he is already holding|\b(?:at|from) the keys|\breaches for " + W + r" keys",
     "keys", "hands"),
    (r"\bpockets the keys|\bkeys (?:in|into) " + W + r" pocket|\bkeys down on the table", "keys", "away"),
    # notebook
    (r"\bdiary\b(?! sheet)[^;]*\b(?:in " + W + r" bag|on the table)|\bdiary down", "notebook", "away"),
    (r"\bdiary (?:stays in|to) " + W + r" lap|\bcloses the diary\b[^;]*\blap", "notebook", "lap"),
    (r"\bdiary against " + W + r" chest", "notebook", "chest"),
    (r"\bholds the diary|\bnotebook\b|\btakes a (?:small )?diary from|\bturns the diary|\bpicks up the diary"
     r"|\btakes out " + W + r" diary|\bwith the diary|\bknuckles \w+ on the diary|\bwrites\b[^;]*\bdiary",
     "notebook", "hands"),
    # a cup
    (r"\bcup\b[^;]*\bin " + W + r" hands|\bcup (?:stops|starts|goes still|still turning)|\bcup round"
     r"|\blid of the cup|\b(?:at|from) the cup\b|\bbag and the cup", "mug", "hands"),
    (r"\bwithout " + W + r" cup", "mug", "away"),
    # a purse
    (r"\bsnaps the purse|\bpurse\b[^;,]*\bin " + W + r" hands|\bholds the purse|\bturns the purse"
     r"|\bface with the purse|\b(?:opens|unzips|zips) the purse|\bclasp of the purse|\bpurse clasp", "purse", "hands"),
    (r"\bpurse in " + W + r" lap|\bpats the purse|\bpurse is zipped; she smooths|\bflat on the purse", "purse", "lap"),
    (r"\bpurse\b[^;,]*\b(?:against|to) " + W + r" chest|\bpurse\b[^;,]*\bunder " + W + r" arm", "purse", "chest"),
    (r"\bpurse\b[^;,]*\bby " + W + r" feet", "purse", "floor"),
    (r"\bpurse (?:goes )?(?:deep )?into|\bpurse inside|\bpurse down the side", "purse", "away"),
    # a letter, a worksheet, a printout
    (r"\b(?:letter|worksheet)\b[^;,]*\bon " + W + r" knee", "paper", "lap"),
    (r"\bletter still in " + W + r" hands|\btakes a (?:folded )?letter (?:out of|from)|\bletter\b[^;,]*\bholds it out"
     r"|\bpicks the worksheet back up|\bfolds the worksheet|\bunfolds the printout", "paper", "hands"),
    (r"\b(?:letter|worksheet|printout)\b[^;]*\b(?:on the table|into " + W + r" bag|in " + W + r" bag|away)"
     r"|\bleaves the letter|\bletter left", "paper", "away"),
    # hood
    (r"\bhood (?:\w+ )?up\b|\bhood (?:goes|comes) (?:back )?up|\bhood comes further forward|\binto the hood"
     r"|\bhood strings|\bpulls the hood (?:back )?up|\bdoesn't take the hood down|\bhood is up", "hoodie", "up"),
    (r"\bhood (?:comes|is|stays|goes) (?:back )?down|\bhood down|\bhood pushed back|\bshoves the hood back",
     "hoodie", "down"),
    # glasses
    (r"\btakes " + W + r" glasses off", "glasses", "off"),
    (r"\bover " + W + r" glasses", "glasses", "on"),
)

_COMPILED = tuple((re.compile(pattern, re.IGNORECASE), {thing: place}) for pattern, thing, place in PLACE_RULES)


def places_in(cue: str | None) -> dict[str, str]:
    """The places ``cue`` gives things, later words over earlier ones."""
    from .poses import matches

    found: dict[str, str] = {}
    for _, _, change in matches(cue or "", _COMPILED):
        found |= change
    return found


def places_through(cues: list[str | None]) -> tuple[tuple[str, str], ...]:
    """Where things are after ``cues`` (a session's opening cue, then each reply's, in order)."""
    where: dict[str, str] = {}
    for cue in cues:
        where |= places_in(cue)
    return tuple(sorted(where.items()))
