# slacredit — plain make. Override settings on the command line:
#   make CC=clang, make SANITIZE=1 (ASan+UBSan build in build-san/),
#   make TSAN=1 (ThreadSanitizer build in build-tsan/)
CC      ?= cc
CSTD    = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    = -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wundef -Wconversion
OPT     ?= -O2 -g
PKGS    = libpcre2-8 jansson inih libcurl libcrypto sqlite3
DEPS_OK = build/.deps-ok

ifdef TSAN
BUILD   = build-tsan
OPT     = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
LDSAN   = -fsanitize=thread
else ifdef SANITIZE
BUILD   = build-san
OPT     = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
          -fno-omit-frame-pointer
LDSAN   = -fsanitize=address,undefined
else
BUILD   = build
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -pthread
CFLAGS  += $(CSTD) $(WARN) $(OPT) -pthread -Iinclude $(PKG_CFLAGS) -MMD -MP
LDFLAGS += $(LDSAN)

# The pipeline, one folder a stage, read in this order: src/read (files to
# interval sets), src/engine (intervals and policy to decisions), src/write
# (decisions to files), src/ledger (what was already paid), src/cmd (the
# commands wiring them), src/lib (what every stage uses). Headers mirror the
# folders (include/<stage>/<module>.h), unit tests too (tests/unit/<stage>/).
# A new file in any of them is picked up without editing this Makefile.
STAGES  = read engine write ledger cmd lib
SRCS    = $(foreach d,$(STAGES),$(wildcard src/$(d)/*.c))
LIBOBJS = $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/cmd/main.c,$(SRCS)))
TSRCS   = $(foreach d,$(STAGES),$(wildcard tests/unit/$(d)/test_*.c)) tests/unit/test_main.c
TOBJS   = $(patsubst tests/unit/%.c,$(BUILD)/tests/%.o,$(TSRCS))
BIN     = $(BUILD)/slacredit
TBIN    = $(BUILD)/unit-tests
# The same program with the test-only fault switch compiled in (fault.h).
FBIN    = $(BUILD)/slacredit-faults
FOBJS   = $(patsubst src/%.c,$(BUILD)/faults/%.o,$(SRCS))

MONTH   ?= 2026-10

.PHONY: FORCE all deps run test check check-unit check-samples check-e2e check-replay \
        check-fetch check-prometheus check-schemas check-push check-valgrind check-browser \
        check-model \
        asan bench fuzz fuzz-build fuzz-corpus check-fuzz \
        clean format format-check

all: $(BIN)

# Installs missing Debian packages once (scripts/install-deps.sh is a no-op
# when everything is there).
$(DEPS_OK): scripts/install-deps.sh
	@./scripts/install-deps.sh
	@mkdir -p build && touch $@

deps: $(DEPS_OK)

$(BUILD)/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/unit/%.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -I$(BUILD)/tests -c -o $@ $<

# The suite table is generated from the CU_TestInfo arrays the test files
# define, so adding tests/test_<mod>.c is all it takes to add a suite.
# suites.list changes when a test file is added or removed, so a removed
# suite never lingers in suites.h.
$(BUILD)/tests/suites.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(TSRCS)' | cmp -s - $@ || echo '$(TSRCS)' > $@

$(BUILD)/tests/suites.h: $(TSRCS) $(BUILD)/tests/suites.list scripts/gen-suites.sh
	@mkdir -p $(BUILD)/tests
	./scripts/gen-suites.sh $(TSRCS) > $@

$(BUILD)/tests/test_main.o: $(BUILD)/tests/suites.h

$(BIN): $(LIBOBJS) $(BUILD)/cmd/main.o
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/faults/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DSLACREDIT_FAULTS -c -o $@ $<

$(FBIN): $(FOBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(TBIN): $(LIBOBJS) $(TOBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcunit

run: $(BIN)
	./scripts/run-samples.sh --run $(BIN)

check-unit: $(TBIN)
	$(TBIN)

check-samples: $(BIN)
	./scripts/run-samples.sh $(BIN)

check-e2e: $(BIN)
	./scripts/run-tests.sh $(BIN)

# 60 kill -9 runs in the normal build; the ASan build, several times slower,
# repeats the crash test with 15.
check-replay: $(BIN) $(FBIN)
	KILLS=$(if $(SANITIZE),15,60) ./tests/replay/run.sh $(BIN) $(FBIN)

check-fetch: $(BIN)
	./tests/fetch/run.sh $(BIN)

# format = prometheus against Debian's prometheus and blackbox exporter on
# loopback ports, with a probe target stopped for 20 s (about 45 s).
check-prometheus: $(BIN)
	./tests/prometheus/run.sh $(BIN)

# slacredit push against local HTTPS stand-ins of the Stripe and Kill Bill
# endpoints it uses (tests/push/standin.py; not the real services).
check-push: $(BIN)
	./tests/push/run.sh $(BIN)

# The billing files of a sample month against the billing systems' published
# request schemas (tests/schemas/), and wrong shapes that must be refused.
check-schemas: $(BIN)
	./tests/schemas/validate.py --self-test
	@rm -rf $(BUILD)/schemas-out
	$(BIN) run --config samples/nexnodo/config.ini --month 2026-07 \
	    --out $(BUILD)/schemas-out --quiet
	./tests/schemas/validate.py $(BUILD)/schemas-out

# decisions.csv and credits.csv of MODEL_MONTHS random months against an
# independent model of SPEC §4 (tests/model/); the seed is printed, and
# MODEL_SEED=S replays it. A month that disagrees is kept in $(BUILD)/model/.
MODEL_MONTHS = 200
check-model: $(BIN)
	./tests/model/run.py $(BIN) -n $(MODEL_MONTHS) --keep $(BUILD)/model \
	    $(if $(MODEL_SEED),--seed $(MODEL_SEED))

# The unit suites and a sample month under valgrind's memcheck: no invalid
# access, no leak.
VALGRIND = valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
           --error-exitcode=9 -q
check-valgrind: $(BIN) $(TBIN)
	$(VALGRIND) $(TBIN) >/dev/null
	$(VALGRIND) $(BIN) run --config samples/small-host/config.ini \
	    --month 2026-10 --out $(BUILD)/valgrind-out --quiet
	$(VALGRIND) $(BIN) explain --config samples/small-host/config.ini \
	    --month 2026-10 --subscription acme-shop >/dev/null
	@echo "valgrind: clean"

# report.html and the statements in headless Chromium (tests/browser/):
# bars where their times say, totals equal to credits.csv, hostile names
# shown as text, screenshots (build/browser/, not committed) not blank.
check-browser: $(BIN)
	./tests/browser/check.py $(BIN)

# The README's screenshot of a sample's report, made by the same script.
docs/report.png: $(BIN) tests/browser/check.py
	@mkdir -p docs
	./tests/browser/check.py $(BIN) --readme $@

check: check-unit check-samples check-e2e check-replay check-fetch check-prometheus check-schemas check-push check-browser check-model

# Every test: unit suites, samples and end-to-end cases, in the normal build
# and again under ASan+UBSan, then a short run of every fuzz target.
test: $(DEPS_OK)
	$(MAKE) check check-valgrind
	$(MAKE) SANITIZE=1 check
	$(MAKE) TSAN=1 check-tsan
	$(MAKE) check-fuzz

# The readers run threads (a large file split in two, the files of a glob
# read by two workers, a hash thread): the unit suites and the samples again
# in a ThreadSanitizer build (make TSAN=1, in build-tsan/). Races inside the
# libraries (PCRE2, libcsv) are not seen by it, as they are not built with
# it: the unit test resource_path_on_a_glob_read_by_workers covers the one
# such race found so far.
check-tsan: $(BIN) $(TBIN)
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" $(TBIN)
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./scripts/run-samples.sh $(BIN)

# libFuzzer targets (tests/fuzz/fuzz_<parser>.c), one per parser of outside
# data, linked with the product's objects (all but main.c) built by clang
# with ASan+UBSan in build/fuzz/. Seeds: scripts/fuzz-corpus.sh assembles
# build/fuzz/corpus/<target>/ from samples/, tests/data/, ../shared/fixtures
# and tests/fuzz/regressions/. `make fuzz` runs each target FUZZ_SECONDS
# (one after another, one core); check-fuzz runs each FUZZ_SMOKE seconds.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_SMOKE   ?= 4
FUZZ_DIR     = build/fuzz
FUZZ_FLAGS   = $(CSTD) $(WARN) -O1 -g -pthread -Iinclude $(PKG_CFLAGS) -MMD -MP \
               -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRCS    = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRCS))
FUZZ_BINS    = $(patsubst %,$(FUZZ_DIR)/%,$(FUZZ_TARGETS))
FUZZ_LIBOBJS = $(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out src/cmd/main.c,$(SRCS)))

$(FUZZ_DIR)/obj/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -c -o $@ $<

$(FUZZ_DIR)/obj/fuzz/%.o: tests/fuzz/%.c | $(DEPS_OK)
	@mkdir -p $(FUZZ_DIR)/obj/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz/fuzz_%.o $(FUZZ_DIR)/obj/fuzz/harness.o $(FUZZ_LIBOBJS)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz-corpus: scripts/fuzz-corpus.sh
	./scripts/fuzz-corpus.sh $(FUZZ_DIR)/corpus

check-fuzz: fuzz-build fuzz-corpus
	./scripts/fuzz-run.sh $(FUZZ_DIR) $(FUZZ_SMOKE) $(FUZZ_TARGETS)

fuzz: fuzz-build fuzz-corpus
	./scripts/fuzz-run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

asan:
	$(MAKE) SANITIZE=1 all $(BUILD)/unit-tests

bench: $(BIN)
	./scripts/bench.sh $(BIN)

format:
	clang-format -i $(SRCS) $(wildcard include/*/*.h) $(TSRCS) tests/unit/*.h tests/fuzz/*.[ch]

format-check:
	clang-format --dry-run --Werror $(SRCS) $(wildcard include/*/*.h) $(TSRCS) tests/unit/*.h tests/fuzz/*.[ch]

clean:
	rm -rf build build-san out

-include $(wildcard $(BUILD)/*/*.d $(BUILD)/tests/*.d $(BUILD)/tests/*/*.d \
                    $(BUILD)/faults/*/*.d $(FUZZ_DIR)/obj/*/*.d)
