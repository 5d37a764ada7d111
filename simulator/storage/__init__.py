"""Files kept for the trainee: transcripts, crash-safe autosaves, past sessions and the data folder, all
read back through one bounded reader (records).
"""
