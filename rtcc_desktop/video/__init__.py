"""Live video without widgets: libVLC players rendering into frame buffers.

``ui/`` paints the buffers; everything here runs headless (tests, benches).
"""
