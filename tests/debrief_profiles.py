"""Small profiles for the debrief tests, written out here so their numbers can be worked by hand.

Tess withdraws (§2 withdrawal markers). Her best line is notice, invite, replan
(resolved in 3). Pushing costs bond 10 and tasks 5 and can drop her out
(alliance below 40); with bond under 35, inviting only earns another short answer.

Rex opens in a confrontation about the therapist (a rupture in the real
relationship that the therapist caused); owning it, then reflecting, resolves it.
"""

from __future__ import annotations

from simulator.engine.profile_loader import load_profile_text
from simulator.engine.session import Session

TESS = """\
format: 1
id: tess
name: Tess
age: 34
difficulty: 1
summary: Goes quiet when pushed
briefing:
  presenting_problem: Stress at work.
  background: Keeps to herself.
  relational_pattern: Withdraws rather than disagree.
  rupture_tendency: withdrawal
  watch_for: Short answers and apologies.
meters:
  bond: {start: 50}
  goals: {start: 50}
  tasks: {start: 50}
  real: {start: 50}
dropout:
  state: gone
  alliance_below: 40
max_turns: 8
opening:
  beat: start
  line: Fine. Whatever you think.
  cue: shrugs
  thought: Don't make a fuss.
moves:
  push:
    label: Press on with the plan
    says: Let's get on with the plan.
    strategy: continue_agenda
    breaks: [watch_response]
  notice:
    label: Notice the shrug
    says: I may be wrong, but you shrugged just then.
    strategy: attend_to_marker
    honours: [tentative, concrete]
  invite:
    label: Invite her doubts
    says: I wonder if the plan fits for you.
    strategy: invite_feelings
    honours: [tentative, we_ness]
  reassure:
    label: Reassure her
    says: It's all fine, no pressure.
    strategy: closing_reassurance
  replan:
    label: Rework the plan together
    says: Let's rework the plan together.
    strategy: change_task_or_goal
    honours: [we_ness]
  sorry:
    label: Apologise
    says: I'm sorry I pushed.
    strategy: apologise
    honours: [accept_responsibility]
states:
  talk:
    kind: working
    beats:
      start:
        options:
          - move: push
            reply: Okay.
            cue: looks away
            marker: minimal_response
            effects: {bond: -10, tasks: -5}
            cause: therapist
            next: quiet
          - move: notice
            reply: I'm fine. It's probably me.
            cue: half a smile
            marker: self_criticism
            effects: {bond: 2}
            cause: patient
            next: noticed
  withdrawn:
    kind: withdrawal
    stage: marker
    beats:
      quiet:
        options:
          - move: push
            reply: Mm.
            cue: arms folded
            marker: minimal_response
            effects: {bond: -10, tasks: -5}
            next: quiet
          - move: notice
            reply: Sorry. It's me.
            cue: glances up
            marker: self_criticism
            effects: {bond: 2}
            next: noticed
  noticing:
    kind: withdrawal
    stage: disembedding
    beats:
      noticed:
        options:
          - move: invite
            reply: Maybe the plan doesn't fit.
            cue: meets your eye
            effects: {bond: 4, goals: 6}
            next: hedge
            branches:
              - when: {meters: {bond: {max: 34}}}
                reply: I don't know.
                cue: looks at the floor
                marker: minimal_response
                effects: {bond: 4}
                next: noticed
          - move: reassure
            reply: Okay.
            cue: nods
            marker: minimal_response
            effects: {tasks: -3}
            next: quiet
  hedging:
    kind: exploration
    beats:
      hedge:
        options:
          - move: replan
            reply: Yes. I want to talk about work.
            cue: sits up
            effects: {tasks: 8, goals: 4}
            next: done
          - move: sorry
            reply: No, it's not you, it's me. Sorry.
            cue: shakes her head
            marker: self_criticism
            effects: {bond: 1}
            next: hedge
  done:
    kind: resolution
    ending: resolved
    epilogue: Tess talks about work.
  gone:
    kind: dropout
    ending: dropout
    epilogue: Tess cancels.
"""

REX = """\
format: 1
id: rex
name: Rex
age: 51
difficulty: 2
summary: Angry that you were late
briefing:
  presenting_problem: Anger at work.
  background: Was let down often.
  relational_pattern: Attacks before he can be let down.
  rupture_tendency: confrontation
  watch_for: Complaints and a sharp tone.
meters:
  bond: {start: 40}
  goals: {start: 50}
  tasks: {start: 50}
  real: {start: 30}
dropout:
  state: walks_out
  meter_below: {bond: 25}
max_turns: 6
opening:
  beat: complaint
  line: You were ten minutes late. Again.
  cue: arms crossed, jaw tight
states:
  angry:
    kind: confrontation
    stage: marker
    cause: therapist
    relationship: real
    beats:
      complaint:
        options:
          - move: defend
            reply: Traffic. Right. It's always something with you.
            cue: a sharp laugh
            marker: complaint_therapist
            effects: {bond: -8, real: -5}
            next: complaint
          - move: own
            reply: ...Okay. Thanks for saying that.
            cue: uncrosses his arms
            effects: {bond: 6, real: 8}
            next: softening
  exploring:
    kind: exploration
    beats:
      softening:
        options:
          - move: reflect
            reply: It felt like I didn't matter. Like always.
            cue: voice drops
            effects: {bond: 6, real: 6}
            next: heard
  heard:
    kind: resolution
    ending: resolved
  walks_out:
    kind: dropout
    ending: dropout
moves:
  defend:
    label: Explain the traffic
    says: The traffic was terrible, it wasn't my fault.
    strategy: defend_self
    breaks: [accept_responsibility]
  own:
    label: Own being late
    says: You're right, I was late again, and that's on me. I'm sorry.
    strategy: apologise
    honours: [accept_responsibility]
  reflect:
    label: Reflect the hurt
    says: It sounds like it hurt, not just annoyed you.
    strategy: empathic_reflection
    honours: [watch_response]
"""

PATH_A = ["notice", "invite", "replan"]
PATH_B = ["push", "push", "notice", "invite", "invite", "sorry", "replan"]
PATH_C = ["push", "push", "push"]


def tess(text: str = TESS):
    return load_profile_text(text, "tess.yaml")


def rex():
    return load_profile_text(REX, "rex.yaml")


def play(patient, moves, seed: int = 0) -> Session:
    session = Session(patient, seed=seed)
    for move in moves:
        session.choose(move)
    return session
