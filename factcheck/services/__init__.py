"""Use cases, one module each. Services validate, write, audit, and raise domain errors."""
