"""SDK for the pygen example model (hand-written target of the generator)."""
