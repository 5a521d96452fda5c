"""The Qt widget layer of RTCC Desktop (imports the core, never the other way round)."""
