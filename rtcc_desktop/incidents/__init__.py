"""Incidents the centre works: the queue from dispatch, detections and the operators' own."""
