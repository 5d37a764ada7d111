"""Driving a session for a player: the session runner that replays, resumes, autosaves and records;
play in the terminal; typed words heard as the closest move on offer.
"""
