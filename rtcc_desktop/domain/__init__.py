"""Domain state the panels share (cameras), free of Qt widgets."""
