"""The rupture-resolution simulator: scripted patients, the session engine, feedback and front ends.

engine/     the patient and the session: profile format, safe YAML, loading, conditions, state machine
authoring/  instructors' tools: lint, reach pass, explorer, graph, proof, scaffold, test plans, hot reload
storage/    files kept for the trainee: transcripts, autosaves, past sessions, the data folder
play/       driving a session: the session runner, terminal play, typed words heard as moves
debrief/    feedback judged by the clinical model: episodes, review, better moves, hints, reports
ui/         the pygame window (the only place pygame is imported)
commands/   the ``rupture`` sub-commands
"""
