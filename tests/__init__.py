"""prbot tests (a package so shared fakes import as `tests.fakes...`)."""
