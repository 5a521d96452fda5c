"""Geometry the map and the request radius share: a spatial grid index over cameras."""
