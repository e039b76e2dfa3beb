"""The historical replay: the record applied day by day on the map, with its events, sources and figures."""
