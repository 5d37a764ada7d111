"""The patient's state machine, built with ``transitions`` from a compiled profile.

Machine states are beats and endings; triggers are move ids. Every condition
handed to ``transitions`` is a Python callable, never a string, because
``transitions`` resolves strings as attribute names or dotted import paths.
"""

from __future__ import annotations

from transitions import Machine

from .patient import Patient


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


def build_machine(patient: Patient, model: PatientModel) -> Machine:
    """A machine with, for each (beat, move), one transition per place the move can lead.

    The session has already chosen the outcome (the first branch that holds) and
    applied it, and keeps it as ``session._taken``; the machine only moves to its
    target, so a move with one destination is a plain unconditional transition
    and a move with several tells them apart by the chosen outcome's target.
    Availability is not checked again here: the session refuses a move not on offer.
    Triggers receive the session as their one argument.
    """
    states = list(patient.beats) + list(patient.endings)
    transitions = []
    for beat in patient.beats.values():
        for rule in beat.options:
            targets = list(dict.fromkeys([o.target for _p, o in rule.branches] + [rule.fallback.target]))
            for target in targets[:-1]:
                transitions.append({"trigger": rule.move, "source": beat.name, "dest": target,
                                    "conditions": [_leads_to(target)]})
            transitions.append({"trigger": rule.move, "source": beat.name, "dest": targets[-1]})
    return _DataMachine(
        model=model,
        model_attribute="_beat",
        states=states,
        transitions=transitions,
        initial=patient.initial,
        auto_transitions=False,
        send_event=False,
    )


def _leads_to(target: str):
    def condition(session) -> bool:
        return session._taken.target == target

    return condition
