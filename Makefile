# streamrec: the two commands are `make demo` (run) and `make test` (test).
PYTHON   ?= /usr/bin/python3
MVN      ?= mvn -B
JAR      := target/streamrec.jar
DURATION ?= 60s
MODEL_DIR := streams-app/model

.PHONY: test test-setup demo model jar java-test python-test python-setup clean bench bench-models jmh

## test: Python model tests, then every Java test (unit, TopologyTestDriver, embedded-broker integration)
test: test-setup python-test java-test

## test-setup: Debian's kcat, python3-confluent-kafka and chromium for the foreign-client and browser tests
test-setup:
	src/test/setup.sh

python-setup:
	model-export/setup.sh

python-test: python-setup
	cd model-export && $(PYTHON) -m pytest -q tests

java-test:
	$(MVN) verify

## demo: embedded Kafka broker + the app + simulated shoppers, live view, summary line at the end
demo: jar
	streams-app/bin/streamrec demo --duration $(DURATION)

jar: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -q -DskipTests package

## model: regenerate the bundled demo model from scratch (simulator traffic -> model-export -> streams-app/model)
model: jar python-setup
	mkdir -p target/model-work
	streams-app/bin/streamrec simulate --users 20000 --events 400000 --seed 42 --out target/model-work/events.jsonl
	cd model-export && $(PYTHON) -m streamrec_model train --data ../target/model-work/events.jsonl \
		--format events --out ../target/model-work/model --force --name demo --no-checkpoint \
		--seed 7 --epochs 30 --patience 3 --dropout 0.3
	rm -rf $(MODEL_DIR) && cp -r target/model-work/model $(MODEL_DIR)
	streams-app/bin/streamrec model check $(MODEL_DIR)

## bench: sustained capacity, an open-loop ramp per configuration (streamrec bench; ~10 min on 2 cores); BENCH_ARGS=--json ...
bench: jar
	streams-app/bin/streamrec bench $(BENCH_ARGS)

## jmh: JMH scorer grid (catalog 12k/100k/1m x batch 1/32/256, random-weight models), table at the end (~5-10 min on 2 cores)
jmh: bench-models
	$(MVN) -q -Pjmh -DskipTests package
	java -jar target/benchmarks.jar ScorerJmh -rf json -rff target/jmh-scorer.json $(JMH_ARGS)
	java -cp target/benchmarks.jar io.streamrec.tools.bench.JmhSummary target/jmh-scorer.json

bench-models:
	streams-app/bin/bench-models

clean:
	$(MVN) -q clean
