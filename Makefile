# lightind: the two commands of the README.
#   make run    set up, build, run the reference scenario into out/
#   make test   set up, build, run every test
.PHONY: run test setup build bench fuzz golden clean

JOBS ?= 2

setup:
	bash scripts/setup.sh

build: setup
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

run: build
	rm -rf out/ref
	./build/release/lightind run scenarios/dprk-2013.toml --out out/ref --check

test: build
	ctest --preset release
	bash scripts/fuzz.sh 20

bench: build
	bash bench/run.sh

golden: build
	bash scripts/regenerate-golden.sh

clean:
	rm -rf build out
