"""Training drills: the debrief a trainer reads after a drill."""
