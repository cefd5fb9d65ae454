# lightind: the two commands of the README.
#   make run    set up, build, run the reference scenario into out/ref, compare it
#               with its counterfactuals in out/compare, estimate its free parameters
#               (out/fit) and test the estimate out of sample (out/validate), and write
#               out/report.html
#   make test   set up, build, run every test
.PHONY: run test setup build bench fuzz golden clean

JOBS ?= 2

setup:
	bash scripts/setup.sh

build: setup
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

run: build
	./build/release/lightind run scenarios/dprk-2013.toml --out out/ref --check
	./build/release/lightind compare scenarios/dprk-2013.toml scenarios/heavy-priority.toml \
	  scenarios/no-reform.toml scenarios/heavy-no-reform.toml scenarios/no-sanctions.toml \
	  scenarios/no-closure.toml scenarios/no-disasters.toml --out out/compare
	./build/release/lightind compare --design scenarios/dprk-2013.toml scenarios/heavy-priority.toml \
	  scenarios/no-reform.toml scenarios/heavy-no-reform.toml --out out/design
	./build/release/lightind ablate scenarios/dprk-2013.toml --out out/ablate
	./build/release/lightind fit scenarios/dprk-2013.toml --data scenarios/data/dprk-2012-2019.toml \
	  --budget 200 --seeds 4 --out out/fit
	./build/release/lightind validate scenarios/dprk-2013.toml --data scenarios/data/dprk-2012-2019.toml \
	  --holdout 2018-2019 --budget 200 --seeds 4 --out out/validate
	./build/release/lightind report out/compare out/fit out/validate/fit-validation.csv --out out/report.html

test: build
	ctest --preset release
	bash scripts/fuzz.sh 20 scenario
	bash scripts/fuzz.sh 20 query

bench: build
	bash bench/run.sh

golden: build
	bash scripts/regenerate-golden.sh

clean:
	rm -rf build out
