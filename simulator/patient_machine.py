"""The patient's state machine, built with ``transitions`` from a compiled profile.

Machine states are beats and endings; triggers are move ids. Every condition and
callback handed to ``transitions`` is a Python callable compiled from data, never
a string, because ``transitions`` resolves strings as attribute names or dotted
import paths.
"""

from __future__ import annotations

from transitions import Machine

from .patient import Outcome, Patient


class PatientModel:
    """The object ``transitions`` moves between states; the session reads ``state``.

    The machine keeps the beat in ``_beat``, a name no move id can take (ids
    start with a letter), so a move called ``state`` is just another move.
    """

    _beat: str

    @property
    def state(self) -> str:
        return self._beat


class _DataMachine(Machine):
    """Binds no trigger or state helpers onto the model: move ids are data, never method names."""

    def _checked_assignment(self, model, name, func):
        pass


def build_machine(patient: Patient, model: PatientModel, apply) -> Machine:
    """A machine whose transition for (beat, move) is chosen by the first branch that holds.

    ``apply(outcome)`` is called before the state changes, with the outcome of
    the transition taken. Triggers receive the session as their one argument, so
    the compiled predicates can read meters, flags, turn, cause and the moves made.
    Whether the move is on offer is the session's check, made before the move is
    counted; the machine judges only the branches, with the move counted.
    """
    states = list(patient.beats) + list(patient.endings)
    transitions = []
    for beat in patient.beats.values():
        for rule in beat.options:
            for predicate, outcome in rule.branches:
                transitions.append(_transition(rule.move, beat.name, outcome, apply, predicate))
            transitions.append(_transition(rule.move, beat.name, rule.fallback, apply))
    return _DataMachine(
        model=model,
        model_attribute="_beat",
        states=states,
        transitions=transitions,
        initial=patient.initial,
        auto_transitions=False,
        send_event=False,
    )


def _transition(move: str, source: str, outcome: Outcome, apply, *predicates) -> dict:
    conditions = [p for p in predicates if p is not None and p.__name__ != "always"]
    return {
        "trigger": move,
        "source": source,
        "dest": outcome.target,
        "conditions": conditions,
        "before": [lambda session, o=outcome: apply(o)],
    }
