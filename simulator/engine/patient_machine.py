"""The patient's state machine, built with ``transitions`` from a compiled profile.

Machine states are beats and endings; a trigger is a move together with where
it leads. No condition and no string callback is handed to ``transitions``
(it resolves strings as attribute names or dotted import paths).
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


def trigger_name(move: str, target: str) -> str:
    """The trigger for making ``move`` when the session has chosen an outcome leading to ``target``.

    Ids are letters, digits and '_', so '>' cannot make two pairs one name.
    """
    return f"{move}>{target}"


def build_machine(patient: Patient, model: PatientModel | None = None) -> Machine:
    """A machine with one unconditional transition per (beat, move, place the move can lead from there).

    The session has already chosen the outcome (the first branch that holds) and
    applied it; it fires the trigger for the move and that outcome's target
    (``trigger_name``), so the machine tests no condition and tries no transition
    that will not be taken. Availability is not checked again here either: the
    session refuses a move not on offer. With no ``model`` the machine has none registered: sessions
    hand it theirs with each trigger (simulator.engine.session.machine_of).
    """
    states = list(patient.beats) + list(patient.endings)
    transitions = []
    for beat in patient.beats.values():
        for rule in beat.options:
            for target in dict.fromkeys([o.target for _p, o in rule.branches] + [rule.fallback.target]):
                transitions.append({"trigger": trigger_name(rule.move, target), "source": beat.name, "dest": target})
    return _DataMachine(
        model=model,
        model_attribute="_beat",
        states=states,
        transitions=transitions,
        initial=patient.initial,
        auto_transitions=False,
        send_event=False,
    )
