"""The Requests panel: footage requests, escalations."""
