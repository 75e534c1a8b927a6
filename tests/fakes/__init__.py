"""Fakes (not mocks) of the outside world for tests: real HTTP servers on 127.0.0.1."""
