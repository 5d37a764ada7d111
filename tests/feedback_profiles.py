"""Small profiles, written for the feedback tests, each isolating one rule of the clinical model.

Ada: a defensive move is the shortest way to resolution; the research's route is three clean moves, and
its last step has a warmer variant worth ``WARM`` bond points (the alliance gap between the two lines).
Bo: a withdrawal that turns into confrontation and resolves through vulnerability; a slip of care on the
way opens a rupture in the real relationship.
Cy: a stuck withdrawal where every kind of move can be repeated: probing, reassuring, apologising, owning.
Di: a rupture in the real relationship, repaired in three moves or, by lingering, in four.
"""

from __future__ import annotations

from simulator.engine.profile_loader import load_profile_text
from simulator.engine.session import Session

HEAD = """\
format: 1
id: {id}
name: {name}
age: 40
difficulty: 1
summary: A test patient
briefing:
  presenting_problem: Low mood.
  background: Test.
  relational_pattern: Test.
  rupture_tendency: {tendency}
  watch_for: Test.
"""


def text(pid: str, tendency: str, body: str) -> str:
    return HEAD.format(id=pid, name=pid.title(), tendency=tendency) + body


def _profile(pid: str, tendency: str, body: str):
    return load_profile_text(text(pid, tendency, body), f"{pid}.yaml")


def ada(warm: int = 20, with_notice: bool = True, cause: str = "patient"):
    notice = """\
          - move: notice
            reply: Useless. Yes. That's the word.
            cue: looks at you for the first time
            next: talking
""" if with_notice else ""
    return _profile("ada", "confrontation", f"""\
meters: {{bond: {{start: 50}}, goals: {{start: 50}}, tasks: {{start: 50}}, real: {{start: 50}}}}
dropout: {{state: gone, alliance_below: 20}}
max_turns: 10
opening: {{beat: angry, line: This is useless., cue: arms folded, marker: complaint_progress}}
moves:
  justify: {{label: Justify the plan, says: The plan is sound., strategy: defend_self}}
  notice: {{label: Notice the frustration, says: I notice you sound fed up with this., strategy: attend_to_marker,
           honours: [tentative]}}
  explore: {{label: Explore what happened, says: Can we look at what happened?, strategy: invite_feelings,
            honours: [we_ness]}}
  reflect: {{label: Reflect the hurt, says: That hurt., strategy: empathic_reflection}}
  reflect_warm: {{label: Reflect the hurt warmly, says: That really hurt you., strategy: empathic_reflection,
                 honours: [relational_meaning]}}
states:
  furious:
    kind: confrontation
    stage: marker
    cause: {cause}
    beats:
      angry:
        options:
          - move: justify
            reply: Fine. Whatever. You're right.
            cue: a shrug
            next: relieved
{notice}  talking_it_over:
    kind: exploration
    beats:
      talking:
        options:
          - move: explore
            reply: I thought you'd given up on me.
            cue: voice drops
            next: soft
  tender:
    kind: resolution
    beats:
      soft:
        options:
          - move: reflect
            reply: Yes.
            cue: nods
            next: relieved
          - move: reflect_warm
            reply: Yes. It did.
            cue: eyes wet
            effects: {{bond: {warm}}}
            next: relieved
  relieved: {{kind: resolution, ending: resolved}}
  gone: {{kind: dropout, ending: dropout}}
""")


BO = """\
meters: {bond: {start: 50}, goals: {start: 50}, tasks: {start: 50}, real: {start: 50}}
dropout: {state: gone, alliance_below: 10}
max_turns: 12
opening: {beat: quiet, line: Nothing to say., cue: looks at the floor, marker: minimal_response}
moves:
  wonder: {label: Wonder about the quiet, says: I wonder what the quiet is about., strategy: attend_to_marker}
  glance: {label: Glance at your phone, says: "Sorry, go on.", strategy: professional_neutrality}
  reflect: {label: Reflect the anger, says: You're angry with me., strategy: empathic_reflection}
  explore: {label: Explore it together, says: Let's look at it together., strategy: invite_feelings}
  welcome: {label: Welcome it, says: Thank you for telling me., strategy: empathic_reflection}
states:
  withdrawn:
    kind: withdrawal
    stage: marker
    cause: patient
    beats:
      quiet:
        options:
          - move: wonder
            reply: Why do you always pick at everything I say?
            cue: sharp tone
            marker: complaint_therapist
            next: angry
  confronting:
    kind: confrontation
    stage: marker
    beats:
      angry:
        options:
          - move: reflect
            reply: Maybe I am.
            cue: jaw loosens
            next: looking
          - move: glance
            reply: Right. Your phone.
            cue: goes pale, looks away
            marker: complaint_therapist
            cause: therapist
            next: slighted
  slight:
    kind: withdrawal
    stage: marker
    relationship: real
    cause: therapist
    beats:
      slighted:
        options:
          - move: reflect
            reply: It's nothing.
            cue: flat voice
            next: looking
  exploring:
    kind: exploration
    beats:
      looking:
        options:
          - move: explore
            reply: I felt you'd stopped caring.
            cue: tears up
            next: hurt
  vulnerable:
    kind: resolution
    beats:
      hurt:
        options:
          - move: welcome
            reply: I wanted you to care.
            cue: looks at you
            next: done
  done: {kind: resolution, ending: resolved}
  gone: {kind: dropout, ending: dropout}
"""


def bo():
    return _profile("bo", "withdrawal", BO)


CY = """\
meters: {bond: {start: 50}, goals: {start: 50}, tasks: {start: 50}, real: {start: 50}}
dropout: {state: gone, alliance_below: 5}
max_turns: 30
opening: {beat: stuck, line: I don't know., cue: shrugs, marker: minimal_response}
moves:
  probe: {label: Ask what she feels, says: What are you feeling?, strategy: invite_feelings}
  soothe: {label: Reassure her, says: It's all fine., strategy: closing_reassurance}
  sorry: {label: Apologise, says: I'm sorry., strategy: apologise}
  sorry_mine: {label: Apologise for your slip, says: I'm sorry I looked away., strategy: apologise}
  own: {label: Own your part, says: I think I rushed you., strategy: acknowledge_contribution,
        honours: [accept_responsibility]}
  resume: {label: Go back to the plan, says: Shall we go back to the plan?, strategy: review_goals_tasks}
  ask: {label: Ask an open question, says: "What is it like, right now?", strategy: open_question}
states:
  stuck_state:
    kind: withdrawal
    stage: marker
    cause: patient
    beats:
      stuck:
        options:
          - {move: probe, reply: Nothing., cue: shrugs, marker: minimal_response, effects: {bond: 1}, next: stuck}
          - {move: soothe, reply: Okay., cue: small smile, effects: {bond: 3}, next: stuck}
          - {move: sorry, reply: Don't be sorry., cue: looks away, effects: {bond: -1}, next: stuck}
          - {move: sorry_mine, reply: Oh. Okay., cue: looks up, cause: therapist, next: stuck}
          - {move: own, reply: Maybe a bit., cue: nods, effects: {bond: 2}, next: stuck}
          - {move: ask, reply: Heavy., cue: breathes out, next: done}
          - {move: resume, reply: Okay. Yes. Let's., cue: sits up, next: work}
  working_again:
    kind: working
    beats:
      work:
        options:
          - {move: probe, reply: I said I don't know., cue: shrugs again, marker: minimal_response, next: stuck}
          - {move: ask, reply: Better., cue: breathes out, next: done}
  done: {kind: resolution, ending: resolved}
  gone: {kind: dropout, ending: dropout}
"""


def cy():
    return _profile("cy", "withdrawal", CY)


DI = """\
meters: {bond: {start: 60}, goals: {start: 60}, tasks: {start: 60}, real: {start: 30}}
dropout: {state: gone, meter_below: {real: 26}}
max_turns: 12
opening: {beat: cool, line: You were on your phone when I told you., cue: flat voice, marker: complaint_therapist}
moves:
  apologise: {label: Apologise, says: I'm sorry I wasn't with you., strategy: apologise,
              honours: [accept_responsibility]}
  stay: {label: Stay with it, says: Can we stay with that?, strategy: invite_feelings}
  linger: {label: Linger, says: Say more., strategy: open_question}
  shrug: {label: Move on, says: Anyway., strategy: professional_neutrality}
  welcome: {label: Welcome it, says: Thank you., strategy: empathic_reflection}
states:
  slighted:
    kind: confrontation
    stage: marker
    relationship: real
    cause: therapist
    beats:
      cool:
        options:
          - {move: apologise, reply: Okay., cue: nods, next: telling}
          - {move: shrug, reply: Right., cue: goes quiet, marker: minimal_response, effects: {real: -3}, next: cool}
  exploring:
    kind: exploration
    relationship: real
    beats:
      telling:
        options:
          - {move: stay, reply: It hurt., cue: eyes down, effects: {tasks: -2}, next: backing}
          - {move: linger, reply: I don't know., cue: pauses, next: telling_more}
      telling_more:
        options:
          - {move: stay, reply: It hurt., cue: eyes down, next: backing}
  avoiding:
    kind: avoidance
    relationship: real
    beats:
      backing:
        options:
          - {move: stay, reply: I wanted you to notice me., cue: looks up, next: asking}
  needing:
    kind: resolution
    relationship: real
    beats:
      asking:
        options:
          - {move: welcome, reply: Yes., cue: smiles, next: seen}
  seen: {kind: resolution, ending: resolved}
  gone: {kind: dropout, ending: dropout}
"""


def di():
    return _profile("di", "confrontation", DI)


def play(patient, moves, seed: int = 0) -> Session:
    session = Session(patient, seed=seed)
    for move in moves:
        session.choose(move)
    return session
