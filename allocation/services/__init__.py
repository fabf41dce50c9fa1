"""Allocation services: callers import from the module (allocation.services.ranking ...)."""
