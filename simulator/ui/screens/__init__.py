"""One small class per screen; each asks the App or the session and draws.

Screens are imported where they are first needed, so the title screen is on
the display before the session machinery has been loaded.
"""
