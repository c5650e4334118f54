# Below 30x8 a plot cannot be drawn: one line says so.
plot cost 29x8
