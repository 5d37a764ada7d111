"""Free response: how often the independent paraphrase set is heard as the move it means, and how long hearing takes.

``match_top1``/``match_top2`` are shares of tests/data/paraphrases.yaml (written
by someone other than the author of the moves' examples) with the meant move
ranked first / in the first two (null if the file is missing). ``match_ms_p95``
is the 95th percentile of one ``understand`` call (index the beat's moves, then
rank), with the normalisation cache cleared, at Maya's beat with seven moves.
"""

from __future__ import annotations

import statistics
import time
from functools import lru_cache
from pathlib import Path

from simulator.authoring import paraphrase_set
from simulator.engine.catalogue import resolve
from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session
from simulator.play.understanding import understand, words

SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "paraphrases.yaml"
SEVEN = ("maya", ["start_worksheet"])


@lru_cache(maxsize=None)
def _patient(pid: str):
    return load_profile(resolve(pid))


def shares() -> dict:
    if not SET.exists():
        return {"match_top1": None, "match_top2": None, "match_set_size": 0}
    results = paraphrase_set.run(paraphrase_set.load(SET), _patient)
    got = paraphrase_set.shares(results)
    return {"match_top1": round(got["top1"], 3), "match_top2": round(got["top2"], 3), "match_set_size": len(results)}


def p95_ms(rounds: int = 3) -> tuple[float, int]:
    pid, moves = SEVEN
    session = Session(_patient(pid))
    for m in moves:
        session.choose(m)
    offered = session.options()
    texts = [t for m in offered for t in (session.move(m).label, session.move(m).says, *session.move(m).examples)]
    texts += [t.replace("e", "3", 1) + " um" for t in texts]
    understand(session, "warm up")
    samples = []
    for _ in range(rounds):
        for text in texts:
            words.cache_clear()
            start = time.perf_counter_ns()
            understand(session, text)
            samples.append(time.perf_counter_ns() - start)
    return statistics.quantiles(samples, n=20)[-1] / 1e6, len(offered)


def measure() -> dict:
    ms, offered = p95_ms()
    return {**shares(), "match_ms_p95": round(ms, 2), "match_beat_moves": offered}
