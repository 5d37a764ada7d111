"""The pygame-ce front end: screens that ask the session engine and draw, nothing more.

Everything here can be driven without a window: ``App.handle(event)`` and
``App.draw(surface)`` work on any surface, so tests feed synthetic events and
read back what was drawn. Only ``loop`` and ``launch`` touch the real display.
"""
