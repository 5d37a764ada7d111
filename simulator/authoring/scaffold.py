"""A new patient profile to start from: commented, valid, lint-clean, and playable to both endings.

``rupture new NAME`` writes it; tests keep it passing ``rupture check`` with no
warning and reaching both a resolution and a dropout, so an instructor always
starts from a profile that works and changes one thing at a time.
"""

from __future__ import annotations

import re
from pathlib import Path

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class ScaffoldError(Exception):
    """The profile cannot be written; the message says why and what to do."""


TEMPLATE = """\
# yaml-language-server: $schema=profile.schema.json
# A new patient, written by 'rupture new'. It passes 'rupture check' with no warning and
# plays to a resolution and to a dropout: change it, one thing at a time, into your patient.
#   check it:      rupture check {id}.yaml      (every code is explained in docs/diagnostics.md)
#   play it:       rupture text {id}.yaml
#   see its routes: rupture explore {id}.yaml    draw it: rupture graph {id}.yaml -o {id}.svg
# The format is patients/FORMAT.md; the clinical model is docs/clinical-model.md (the § numbers below).
format: 2                          # format 2 lets a condition see the moves made ('chosen', 'previous')
id: {id}                          # lower-case; the file name without .yaml
name: {name}
age: 34
difficulty: 1                      # 1 (gentle) to 5 (hard), shown in the patient menu
summary: Goes quiet when the homework comes up; withdrawal, a template to copy from

briefing:
  presenting_problem: Low mood and poor sleep since starting a demanding new job.
  background: Third session. Last week the therapist set a daily mood diary as homework.
  relational_pattern: Avoids disagreement; goes along with others, then quietly withdraws.
  rupture_tendency: withdrawal     # withdrawal, confrontation or mixed
  watch_for: >-
    A flat "it's fine" and short answers (§2, withdrawal markers). The quiet pulls you to
    fill the silence and carry on with the plan (§3, the pull).

meters:                            # 0-100: Bordin's bond, goals, tasks (§1) and Gelso's real relationship
  bond: {{start: 50}}
  goals: {{start: 55}}
  tasks: {{start: 50}}
  real: {{start: 50}}

flags:                             # what the patient remembers; set it in a reply, read it in a 'when'
  owned_part: the therapist has owned their part in setting the diary without asking

dropout:
  state: leaves                    # an ending with 'ending: dropout'
  alliance_below: 40               # the mean of the four meters; below it the patient leaves

max_turns: 10                      # after this many moves the session ends unresolved

opening:
  beat: first_marker
  line: It's fine. I didn't really do the diary, but it doesn't matter. Whatever you think.
  cue: shrugs, eyes on the floor, voice flat
  thought: There's no point saying what I actually think.

moves:                             # the therapist's moves; beats offer them by id
  press_on:
    label: Go through the diary anyway
    says: Let's fill in the diary together now, then. How was Monday?
    strategy: continue_agenda      # a pitfall (§5): carries on past the marker
    breaks: [watch_response]
    note: Misses the withdrawal marker and follows the pull to keep busy (§5).
  reassure:
    label: 'Reassure: it does not matter'
    says: That's okay, it really doesn't matter. Life gets busy.
    strategy: closing_reassurance  # kind, but it closes the door on what the missed diary means (§5)
  notice:
    label: Notice the flat "it's fine"
    says: I may be wrong, but that "it's fine" sounded a bit flat. What was it like to say it?
    strategy: attend_to_marker
    honours: [tentative, concrete]
    note: Disembedding (§3 stage 2) - steps out of the pull and attends to the marker.
  invite:
    label: Ask how the diary landed
    says: I wonder if part of you had doubts about the diary. I'd like to hear it, even if it's critical of me.
    strategy: invite_feelings
    honours: [tentative, we_ness]
  own_part:
    label: Own setting it without asking
    says: I set that diary without asking whether it fit for you. That's my part in this.
    strategy: acknowledge_contribution
    honours: [accept_responsibility]
  stay:
    label: Stay with what they are backing away from
    says: I don't think it's silly. Could we stay with it a moment?
    strategy: attend_to_marker
    honours: [concrete, watch_response]
  welcome:
    label: Welcome what they said
    says: Thank you for saying that so directly. Let's decide the homework together, then.
    strategy: empathic_reflection
    honours: [we_ness]

states:
  going_along:
    kind: withdrawal               # working, withdrawal, confrontation, exploration, avoidance, resolution, dropout
    stage: marker                  # §3: marker, disembedding, exploration, avoidance, resolution
    cause: patient                 # patient (their pattern) or therapist (a mistake): §2, apology or exploration?
    description: Goes along on the surface and withdraws underneath.
    beats:
      first_marker:
        note: The first marker is already here - quick agreement and a flat voice.
        options:
          - move: press_on
            reply: Okay. Monday was... fine. I don't know. Nothing happened.
            cue: answers to the floor; the voice drops
            marker: minimal_response   # a 3RS marker (§2)
            effects: {{bond: -8, tasks: -6}}
            next: first_marker
            branches:                  # the first branch whose 'when' holds wins
              - when: {{chosen: {{move: press_on, min: 3, max: 3}}}}   # the third time, this one included
                reply: We've been over Monday. I told you, it was fine.
                cue: a tight smile; the foot starts to jiggle
              - when: {{chosen: {{move: press_on, min: 5}}}}
                reply: I don't think this is really working for me. Maybe I'll leave it for a while.
                cue: stands before the hour is up
                next: leaves
          - move: reassure
            reply: Yeah. Thanks. Okay.
            cue: a small nod; the shoulders drop
            marker: deferential_appeasing
            effects: {{tasks: -3, real: 1}}
            next: first_marker
            branches:
              - when: {{turn: {{min: 6}}}}
                reply: Is that the time? I should probably go. Thanks, this was... good.
                cue: reaches for the bag without looking up
                next: polite_goodbye
              - when: {{chosen: {{move: reassure, min: 3, max: 3}}}}
                reply: (a small laugh) You keep saying that.
                cue: the smile does not reach the eyes
          - move: notice
            reply: No, it's... It's probably just me. I'm not very good at this kind of thing.
            cue: a quick glance up, then away to the window
            marker: self_criticism
            effects: {{bond: 4}}
            next: hedging

  hedging:
    kind: exploration
    description: Stage 3 - a hedged, qualified assertion of a negative feeling.
    beats:
      hedged:
        options:
          - move: invite
            reply: I suppose the diary felt a bit like being told what to do. Sorry, that's silly.
            cue: picks at a sleeve, cheeks colouring
            marker: self_criticism
            effects: {{bond: 3, tasks: 2}}
            next: backing_off
          - move: own_part
            reply: Oh. I... didn't expect you to say that. It's silly, though. It's only a diary.
            cue: looks up, surprised; then a small laugh to brush it off
            marker: self_criticism
            effects: {{bond: 6, real: 3}}
            set: [owned_part]
            next: backing_off
          - move: press_on
            reply: Right. Okay. Monday, then.
            cue: the smile fixes; sits back in the chair
            marker: deferential_appeasing
            effects: {{bond: -8, tasks: -6}}
            cause: therapist           # this reply opens a rupture the therapist caused
            next: first_marker

  backing_off:
    kind: avoidance
    description: Stage 4 - backing away from the feeling ("it's silly of me").
    beats:
      silly:
        options:
          - move: stay
            reply: I don't know. Forget it. It's fine, honestly.
            cue: shrugs, eyes down
            marker: denial
            effects: {{bond: 1}}
            next: silly
            branches:
              - when: {{flags: [owned_part]}}
                reply: Okay. I don't want homework handed to me. I want us to decide it together.
                cue: sits up and looks straight at you for the first time
                marker: null           # the need has come out: no rupture marker now
                effects: {{bond: 5, goals: 6, tasks: 6, real: 3}}
                next: asserting
              - when: {{previous: {{move: stay}}}}  # asked twice running, the patient notices
                reply: You keep asking. I said it's fine.
                cue: a sharp look, then away
                marker: rejecting_intervention
                effects: {{bond: -3}}
                next: first_marker
          - move: own_part
            when: {{not_flags: [owned_part]}}
            reply: That... actually helps. Thank you.
            cue: lets out a long breath
            effects: {{bond: 4, real: 2}}
            set: [owned_part]
            next: silly
          - move: reassure
            reply: Okay. Yeah. Good.
            cue: nods, relieved and deflated at once
            marker: minimal_response
            effects: {{tasks: -4, goals: -2}}
            next: first_marker

  asserting:
    kind: resolution
    description: Stage 5 - self-assertion. How the therapist meets it decides whether it holds.
    beats:
      says_it:
        options:
          - move: welcome
            reply: Okay. Something I'd actually use, then. Maybe just noting one good thing a day?
            cue: leans forward; the voice has colour in it
            effects: {{bond: 5, goals: 5, tasks: 8}}
            next: done
          - move: press_on
            reply: Oh. Right. Sure.
            cue: the light goes out of the face
            marker: deferential_appeasing
            effects: {{bond: -10, tasks: -8, real: -4}}
            cause: therapist
            next: first_marker

  done:
    kind: resolution
    ending: resolved
    epilogue: You plan the homework together, and for the first time {name} disagrees with you, once, and smiles.

  leaves:
    kind: dropout
    ending: dropout
    epilogue: '{name} cancels the next session by text: "Thanks for everything."'

  polite_goodbye:
    kind: withdrawal
    ending: unresolved
    epilogue: '{name} thanks you at the door. The rupture is still there, unspoken.'
"""


COURSE_TEMPLATE = """\
# yaml-language-server: $schema=profile.schema.json
# A new course of two sessions, written by 'rupture new --course'. It passes 'rupture check' with no
# warning and plays to each ending: change it, one thing at a time, into your patient.
#   check it: rupture check jo.yaml    play it: rupture text jo.yaml --learning
# The format is patients/FORMAT.md (this is its second example); the clinical model is
# docs/clinical-model.md (the § numbers below).
format: 2                              # 'sessions', 'chosen', 'pull', 'cause: both' and 'ending: partial' are format 2
id: jo
name: Jo
age: 20
difficulty: 2
summary: A student who goes quiet, and comes back angry a week later; a course of two sessions

briefing:
  presenting_problem: Exam anxiety and low mood in her second year at university.
  background: Fourth session. Last week the therapist glanced at the clock while Jo talked about her father.
  relational_pattern: Expects not to matter to people; goes quiet, then resents it.
  rupture_tendency: mixed
  watch_for: >-
    Quiet agreement in the first session (withdrawal, §2), a complaint about the time in the
    second (confrontation, §2). The silence pulls you to fill it; the complaint pulls you to defend (§7).

meters:
  bond: {start: 50}
  goals: {start: 55}
  tasks: {start: 50}
  real: {start: 50}

flags:
  owned: the therapist owned glancing at the clock last week

dropout:
  state: leaves
  alliance_below: 35

sessions:                              # instead of 'opening' and 'max_turns': a course, in order
  - id: first
    opening:
      beat: arrival
      line: Fine. Yeah. Nothing much to report.
      cue: sits down with her coat still on
      marker: minimal_response
      thought: Don't make a thing of it.
    max_turns: 6                       # each session has its own turn limit
  - id: second
    interval: A week later. Jo arrives ten minutes late.   # shown between the sessions
    opening:
      beat: back_again
      line: You moved my time again. Do you know how hard it is to get here at nine?
      cue: stays standing, bag on her shoulder
      marker: complaint_parameters
    max_turns: 6

moves:
  fill_gap:
    label: Go through the week's exercise
    says: So, how did the breathing exercise go this week?
    strategy: continue_agenda          # a pitfall (§5): past the marker, on with the plan
    breaks: [watch_response]
  advise:
    label: Suggest a revision timetable
    says: Have you tried a timetable? Small blocks, with breaks.
    strategy: give_advice              # a pitfall in a rupture: fixing in place of exploring (§7, rescue)
  check_safety:
    label: Ask about her safety
    says: When you feel this low, do you ever think of harming yourself?
    strategy: address_risk             # never a pitfall (§8), even when the alliance dips
  notice:
    label: Notice the quiet
    says: You've kept your coat on, and it sounds like there's not much to say. What's it like being here today?
    strategy: attend_to_marker
    honours: [tentative, concrete]
  reassure_her:
    label: 'Reassure: it will get easier'
    says: Exams are hard for everyone. It will get easier, I promise.
    strategy: closing_reassurance
  own_part:
    label: Own the glance at the clock
    says: Last week I looked at the clock while you were telling me about your dad. I think that mattered.
    strategy: acknowledge_contribution
    honours: [accept_responsibility]
  invite:
    label: Ask what it was like
    says: What has it been like for you, here with me, these last weeks?
    strategy: invite_feelings
    honours: [tentative]
  explain_time:
    label: Explain why the time moved
    says: I did let you know by email; the room was booked at the usual time.
    strategy: defend_self              # the pull to defend (§7) followed
  apologise:
    label: Apologise for the change
    says: You're right, I moved it without asking you. I'm sorry. That's twice now I've not kept you in mind.
    strategy: apologise
    honours: [accept_responsibility]
  joke:
    label: Lighten it
    says: Nine o'clock is a crime against students, I admit.
    strategy: humour
  share_own:
    label: Tell her about your own exams
    says: I failed my second-year exams too, you know. It worked out.
    strategy: personal_disclosure      # one's own life, not one's experience of the moment (§4.9)

states:
  quiet:
    kind: withdrawal
    cause: both                        # co-created (§2): the clock glance, and her expecting not to matter
    beats:
      arrival:
        pull: {kind: fill_silence, note: the short answers and the coat left on}
        options:
          - move: fill_gap
            reply: Fine. I did it a couple of times.
            cue: eyes on the window
            marker: minimal_response
            effects: {bond: -6, tasks: -4}
            next: arrival
            branches:
              - when: {chosen: {move: fill_gap, min: 2}}   # asked again: this one counts
                reply: I said I did it. Can we just leave it?
                cue: picks up her bag
                marker: rejecting_intervention
                next: leaves
          - move: advise
            when: {chosen: {move: advise, max: 0}}          # offered once
            reply: Okay. I'll try that.
            cue: nods without looking up
            marker: deferential_appeasing
            effects: {tasks: -4, real: -2}
            next: arrival
          - move: check_safety
            when: {chosen: {move: check_safety, max: 0, within: course}}
            reply: No. Nothing like that. I'm just tired.
            cue: a quick, straight look, then down
            effects: {bond: -2}
            next: arrival
          - move: notice
            reply: It's... nothing. It's just exams.
            cue: unzips the coat, slowly
            marker: self_criticism
            effects: {bond: 4}
            next: opening_up

  opening_up:
    kind: exploration
    beats:
      hedge:
        pull: {kind: reassure, note: her distress at the exams}
        options:
          - move: reassure_her
            reply: Yeah. Okay.
            cue: zips the coat back up
            marker: minimal_response
            effects: {bond: -4}
            next: arrival
          - move: invite
            reply: I don't know. I don't want to make a fuss. Is that the time already?
            cue: pulls at a thread on her sleeve
            marker: self_criticism
            effects: {bond: 2}
            next_session: second       # the session ends here; the course goes on a week later
          - move: own_part
            reply: Oh. I didn't think you'd noticed. Can we... talk about it next time?
            cue: the first look straight at you
            effects: {bond: 6, real: 4}
            set: [owned]
            next_session: second

  returns:
    kind: confrontation
    cause: therapist
    beats:
      back_again:
        pull: {kind: defend, note: the complaint about the time}
        options:
          - move: explain_time
            reply: Right. So it's my fault for not reading my emails.
            cue: arms folded
            marker: defending_self
            effects: {bond: -8, real: -5}
            next: back_again
            branches:
              - when: {chosen: {move: explain_time, min: 2}}
                reply: Forget it. I don't know why I bother.
                cue: turns to the door
                marker: complaint_therapist
                next: leaves
          - move: joke
            when: {chosen: {move: joke, max: 0}}
            reply: Ha. Yeah.
            cue: half a smile, gone at once
            marker: minimal_response
            effects: {real: 2}
            next: back_again
          - move: apologise
            reply: Okay. Thanks for saying it.
            cue: sits down at last
            effects: {bond: 5, real: 3}
            next: underneath
            branches:
              - when: {flags: [owned]}
                reply: Twice. Yeah. That's exactly it.
                cue: sits down and lets the bag drop
                effects: {bond: 8, real: 4}

  working_through:
    kind: exploration
    beats:
      underneath:
        pull: {kind: rescue, note: her worry about the exams comes back}
        options:
          - move: share_own
            when: {chosen: {move: share_own, max: 0}}
            reply: I don't really want to hear about your exams.
            cue: looks away
            marker: rejecting_intervention
            effects: {bond: -3, real: -2}
            next: underneath
          - move: advise
            reply: Maybe. A timetable. I'll try.
            cue: nods, the energy gone out of her
            effects: {tasks: 4}
            next: partly
          - move: invite
            reply: Like I didn't matter. Like with my dad.
            cue: voice steady, eyes wet
            effects: {bond: 6, goals: 4, tasks: 4, real: 4}
            next: heard
            branches:
              - when: {chosen: {move: invite, within: course, min: 2}}   # asked last week too
                reply: You asked me that last week. I can say it now. Like I didn't matter. Like with my dad.
                cue: looks straight at you
                effects: {bond: 8, goals: 4, tasks: 4, real: 5}

  heard:
    kind: resolution
    ending: resolved
    epilogue: Jo takes her coat off. You agree a time together for the rest of term.
  partly:
    kind: resolution
    ending: partial                    # a limited success: the plan is agreed, the feeling stays unspoken
    epilogue: Jo takes the timetable idea away. Whether she felt heard, you do not find out.
  leaves:
    kind: dropout
    ending: dropout
    epilogue: Jo emails to say she will stop for now.
"""
"""The second example of patients/FORMAT.md, with 'jo' and 'Jo' standing for the id and the name."""


def render(name: str, course: bool = False) -> str:
    if not ID_PATTERN.match(name) or len(name) > 64:
        raise ScaffoldError(f"'{name}' cannot be a patient id: use lower-case letters, digits and '_', "
                            "starting with a letter (for example: sam or new_patient)")
    display = " ".join(part.capitalize() for part in name.split("_") if part)
    if course:
        text = re.sub(r"\bjo\.yaml\b", f"{name}.yaml", COURSE_TEMPLATE).replace("\nid: jo\n", f"\nid: {name}\n")
        return re.sub(r"\bJo\b", display, text)
    return TEMPLATE.format(id=name, name=display)


def write_new(name: str, folder: str | Path = ".", course: bool = False) -> Path:
    """Write ``NAME.yaml`` in ``folder``; never overwrites an existing file."""
    text = render(name, course)
    path = Path(folder) / f"{name}.yaml"
    try:
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; it was left as it is. Choose another name, or move the "
                            "file away first") from None
    except OSError as exc:
        raise ScaffoldError(f"cannot write {path}: {exc.strerror}") from None
    return path
