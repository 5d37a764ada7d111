"""The clinical vocabulary a profile may use, each term tied to its section of the clinical model
(docs/clinical-model.md; "§4.3" is its section 4, point 3).

Profiles, the debrief and the linter all read these tables, so a term means the
same thing everywhere and every piece of feedback can cite where it comes from.
"""

from __future__ import annotations

METERS = ("bond", "goals", "tasks", "real")
"""Bordin's three working-alliance components plus Gelso's real relationship (§1)."""

METER_NAMES = {
    "bond": "bond",
    "goals": "goals",
    "tasks": "tasks",
    "real": "real relationship",
}

KINDS = {
    "working": "collaborating on the work; no rupture in play",
    "withdrawal": "moving away from the therapist, the work or their own experience (§2)",
    "confrontation": "moving against the therapist or the work (§2)",
    "exploration": "exploring the rupture experience together (§3, stage 3)",
    "avoidance": "backing off from the feelings about the rupture (§3, stage 4)",
    "resolution": "self-assertion or vulnerability: the underlying wish or need comes out (§3, stage 5)",
    "dropout": "the patient leaves the work (§2: unaddressed ruptures lead to dropout)",
}

RUPTURE_KINDS = ("withdrawal", "confrontation", "exploration", "avoidance", "resolution")

STAGES = {
    "marker": "1. marker: the rupture marker appears",
    "disembedding": "2. disembedding: the therapist notices and steps out of the pull",
    "exploration": "3. exploration of the rupture experience",
    "avoidance": "4. avoidance of the feelings about the rupture",
    "resolution": "5. resolution: self-assertion (withdrawal) or vulnerability (confrontation)",
}
STAGE_ORDER = tuple(STAGES)

DEFAULT_STAGE = {
    "withdrawal": "marker",
    "confrontation": "marker",
    "exploration": "exploration",
    "avoidance": "avoidance",
    "resolution": "resolution",
}

CAUSES = {
    "therapist": "the therapist's mistake or empathic failure: apology then exploration helps (§2)",
    "patient": "the patient's own pattern (transference, resistance): apology does not help, "
    "sensitive exploration does (§2)",
    "both": "co-created by both people, as every rupture is (§2): the therapist's part calls for owning it, "
    "so the apology rule applies in part, and the patient's pattern still calls for exploration",
}

MARKERS = {
    # withdrawal markers (3RS, §2)
    "denial": ("withdrawal", "denial of a feeling that is plainly there"),
    "minimal_response": ("withdrawal", "minimal response: short answers, silence"),
    "abstract_communication": ("withdrawal", "abstract communication: vague, intellectualised talk"),
    "avoidant_storytelling": ("withdrawal", "avoidant storytelling or shifting topic"),
    "deferential_appeasing": ("withdrawal", "deferential and appeasing: over-compliance"),
    "content_affect_split": ("withdrawal", "content/affect split: painful content told without feeling"),
    "self_criticism": ("withdrawal", "self-criticism or hopelessness"),
    # confrontation markers (3RS, §2)
    "complaint_therapist": ("confrontation", "complaints about the therapist"),
    "rejecting_intervention": ("confrontation", "rejecting the therapist's intervention"),
    "complaint_activities": ("confrontation", "complaints about the activities of therapy"),
    "complaint_parameters": ("confrontation", "complaints about the parameters (time, fees, scheduling)"),
    "complaint_progress": ("confrontation", "complaints about progress"),
    "defending_self": ("confrontation", "defending the self against the therapist"),
    "control_pressure": ("confrontation", "efforts to control or pressure the therapist"),
}

APPROACHES = {
    "immediate": "addresses the rupture directly at the surface (3RS immediate strategy)",
    "exploratory": "explores the rupture experience and what lies under it (3RS exploratory strategy)",
}

STRATEGIES = {
    # repair strategies (§5): (default approach, description)
    "clarify_misunderstanding": ("immediate", "clarify a misunderstanding"),
    "change_task_or_goal": ("immediate", "change tasks or goals"),
    "give_rationale": ("immediate", "illustrate a task or give the rationale for treatment"),
    "review_goals_tasks": ("immediate", "review goals and tasks together"),
    "invite_feelings": ("exploratory", "invite the patient to talk about feelings toward the therapist or therapy"),
    "acknowledge_contribution": ("exploratory", "acknowledge one's own contribution"),
    "apologise": ("exploratory", "apologise for one's own part"),
    "disclose_experience": ("exploratory", "disclose one's own experience of the interaction"),
    "link_here_and_now": ("exploratory", "link the rupture to patterns between patient and therapist"),
    "link_other_relationships": ("exploratory", "link the rupture to patterns in other relationships"),
    "validate_defence": ("exploratory", "validate the patient's defensive stance"),
    "empathic_reflection": ("exploratory", "empathic reflection"),
    "redirect": ("immediate", "redirect or refocus (sometimes right, often avoidance)"),
    "open_question": ("exploratory", "an open question about the patient's experience"),
    "attend_to_marker": ("exploratory", "notice the marker and attend to it (disembedding)"),
    "warmth": ("immediate", "show care for the person (the real relationship, §1)"),
    # what commonly makes a rupture worse (§5)
    "continue_agenda": ("immediate", "carry on with the agenda or technique in hand (right where it helps; past a "
                                     "marker, it misses it)"),
    "defend_self": ("immediate", "defend oneself, justify, or blame the patient"),
    "repeat_rationale": ("immediate", "rigidly repeat the technique or rationale after it was rejected"),
    "closing_reassurance": ("immediate", "reassurance that closes exploration"),
    "push_harder": ("immediate", "push harder on a withdrawn patient"),
    "placate": ("immediate", "placate a confrontational patient"),
    "professional_neutrality": ("immediate", "bland, neutral reaction where care for the person is called for"),
    "give_advice": ("immediate", "advise or fix (in a rupture, in place of exploring: the pull to rescue, §7)"),
    # outside the pitfall list whatever the alliance does
    "address_risk": ("immediate", "ask about safety (self-harm, danger to others); right even when the alliance "
                     "dips (§8)"),
    "personal_disclosure": ("exploratory", "tell something of one's own life, as against disclosing one's "
                            "experience of the interaction (§4.9: judicious self-disclosure)"),
    "humour": ("immediate", "lighten the moment with humour: care for the person (§1) or a way past the "
               "rupture (§5: redirecting is often avoidance)"),
}

PITFALL_STRATEGIES = frozenset(
    {
        "continue_agenda",
        "defend_self",
        "repeat_rationale",
        "closing_reassurance",
        "push_harder",
        "placate",
        "professional_neutrality",
        "give_advice",
    }
)

FORMAT_2_STRATEGIES = frozenset({"give_advice", "address_risk", "personal_disclosure", "humour"})
"""Strategies a profile may use only with 'format: 2'."""

SAFETY_STRATEGIES = frozenset({"address_risk"})
"""Never scored as a rupture error, even when the alliance dips (§8)."""

PRINCIPLES = {
    # metacommunication principles (§4)
    "tentative": "1. tentative, own subjectivity",
    "no_early_parallel": "2. don't assume a parallel with other relationships too early",
    "accept_responsibility": "3. accept responsibility for your part",
    "start_where_you_are": "4. start where you are",
    "concrete": "5. concrete and specific",
    "watch_response": "6. watch the response to each intervention",
    "relational_meaning": "7. relational meaning",
    "we_ness": "8. we-ness: the impasse is something the two of you are stuck in",
    "self_disclosure": "9. judicious self-disclosure",
    "expect_more": "10. expect more ruptures and revisits",
}

ENDINGS = {
    "resolved": "the rupture was worked through",
    "dropout": "the patient left the work",
    "unresolved": "the session ended with the rupture still open",
    "partial": "the rupture was worked through in part: a limited success",
}

PULLS = {
    # the therapist's own experience (§7): (what it feels like, where following it leads)
    "fill_silence": ("an urge to talk, ask or suggest", "the patient withdraws further"),
    "reassure": ("an urge to make it all right, to soothe", "it closes exploration"),
    "defend": ("feeling criticised; an urge to explain", "the confrontation escalates"),
    "counter_attack": ("irritation; an urge to correct or blame", "the rupture deepens"),
    "disengage": ("boredom, distance, biding time", "the patient feels unwanted"),
    "rescue": ("an urge to advise or solve", "the patient's own wish goes unheard"),
    "placate": ("an urge to give in to appease", "the complaint is never explored"),
    "push_agenda": ("an urge to get on with the plan", "the marker is missed"),
}
"""Noticing the pull, rather than acting on it, is the way out of it (§3 disembedding, §7)."""

PULL_PROMPT = "What do you notice in yourself?"
"""Asked before the move at a beat with a pull (learning and self-awareness practice), in every front end."""

PULL_NAMES = {
    "fill_silence": "fill the silence",
    "reassure": "reassure or soothe",
    "defend": "defend myself",
    "counter_attack": "counter-attack",
    "disengage": "disengage",
    "rescue": "rescue or fix",
    "placate": "placate",
    "push_agenda": "push the agenda",
}

RELATIONSHIPS = {
    "working": "the working alliance (bond, goals, tasks)",
    "real": "the real relationship: care for the person (§2, ruptures in the real relationship)",
}
