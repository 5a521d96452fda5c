"""The camera map's data and page, without widgets: what the page draws, how it is built."""
