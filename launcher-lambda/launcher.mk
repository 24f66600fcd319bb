# The launcher Lambda's own targets (included by the root Makefile).

LAUNCHER_JAR := launcher-lambda/target/launcher-lambda.jar

.PHONY: launcher-jar bench-launcher

launcher-jar: ## build the launcher Lambda's shaded jar (no tests)
	$(MVN) -q -pl launcher-lambda -am package -DskipTests

bench-launcher: launcher-jar venv-moto ## launcher jar size and fresh-JVM cold start to the first launch response on moto (median of 5; kept in build/bench/launcher.txt for `make cost`)
	@mkdir -p build/bench
	@$(VENVS)/moto/bin/python launcher-lambda/src/build/bench_launcher.py $(LAUNCHER_JAR) $(VENVS)/moto/bin/moto_server 5 \
	  | tee build/bench/launcher.txt
