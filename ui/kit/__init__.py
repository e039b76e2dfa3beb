"""Reusable pieces of the screens: text, the hit map, the key table, widgets, the map and the map-screen shell.

Nothing here imports a screen; the screens are built from these pieces.
"""
