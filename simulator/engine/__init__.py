"""The patient and the session: the profile format, safe YAML reading, loading and compiling a profile,
conditions, the patient's state machine and the Session every front end drives. Knows nothing of
files kept for the user, feedback or pygame.
"""
