"""Footage requests on the client side: live validation, the outbox, chain of custody."""
