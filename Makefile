# Thin wrapper around ./dev, for those who type `make`.
.PHONY: run test bench
run:
	./dev run
test:
	./dev test
bench:
	./dev bench
