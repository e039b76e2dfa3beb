"""The eight phases of a daily turn, in order; each reads its coefficients from the board's rules."""
