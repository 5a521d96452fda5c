"""The video wall as a model: what every tile shows and why, for the widgets to render."""
