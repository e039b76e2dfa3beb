"""The screens of the window: start, play, replay and the after-action report. They never import each
other; each asks the window for the next one with a transition (``transitions``)."""
