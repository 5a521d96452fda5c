"""The room wall's core: the one owner of a room wall's state on a seat or a display (mirror),
the shape it is held to (shape), and the last wall kept on disk for a restart (cache)."""
