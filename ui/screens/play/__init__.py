"""The play screen: a controller (what the player chose and asked; no pygame), the input (events to
controller calls through one key table), the view (map layers), the panels and the dialogs, and
:class:`screen.PlayScreen`, which wires them together."""
