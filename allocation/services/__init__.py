"""Allocation services: import each from its module (allocation.services.rounds ...)."""
