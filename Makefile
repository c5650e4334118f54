# Makefile: builds gradstep, runs its tests and benchmarks, and installs it.
# Needs a C11 compiler, make, pkg-config, ncursesw and readline; tools/deps.sh installs what is missing.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/gradstep
MANDIR   = $(PREFIX)/share/man/man1

CC      ?= cc
BUILD   ?= build/release
OPT     ?= -O2
WERROR  ?=
SAN     ?=

# tools/deps.sh runs before anything is compiled (an order-only prerequisite of every object) and
# installs what is missing; NO_INSTALL=1 (or GRADSTEP_NO_INSTALL=1) makes it only say what to install.
# pkg-config is therefore asked only when the first compile command is expanded, and once.
ifneq ($(NO_INSTALL),)
  export GRADSTEP_NO_INSTALL := $(NO_INSTALL)
endif
DEPS_SH = CC='$(CC)' sh tools/deps.sh
# Homebrew keeps ncurses and readline out of pkg-config's default path (tools/deps.sh adds the same).
PKG_ENV = $(eval PKG_ENV := $$(shell p=$$$$(brew --prefix 2>/dev/null) && echo "PKG_CONFIG_PATH=$$$$p/opt/ncurses/lib/pkgconfig:$$$$p/opt/readline/lib/pkgconfig:$$$$PKG_CONFIG_PATH"))$(PKG_ENV)
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell $(PKG_ENV) pkg-config --cflags ncursesw readline 2>/dev/null))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $$(shell $(PKG_ENV) pkg-config --libs ncursesw readline 2>/dev/null))$(PKG_LIBS)

CFLAGS_ALL = -std=c11 -Wall -Wextra $(WERROR) $(OPT) -g $(SAN) \
             -D_DEFAULT_SOURCE -D_XOPEN_SOURCE_EXTENDED \
             -Isrc -I$(BUILD) $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -lpthread $(LDLIBS)

LIB_SRC   = $(filter-out src/main.c,$(wildcard src/*.c src/tui/*.c))
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/default_dataset.o
UNIT_SRC  = $(wildcard tests/unit_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/%.c=$(BUILD)/tests/%)
DEPS      = $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d

.PHONY: FORCE all run check test-run bench bench-readme install uninstall clean mutate deps deps-build

all: gradstep

gradstep: $(BUILD)/gradstep
	cp $< $@.new && mv -f $@.new $@

$(BUILD)/gradstep: $(BUILD)/src/main.o $(BUILD)/libgradstep.a
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/libgradstep.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c | deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# The installed data directory is compiled in; config.h changes (and fileio.o is rebuilt) only when
# PREFIX does, so `make install PREFIX=...` after a plain `make` still finds its datasets.
$(BUILD)/config.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define GRADSTEP_DATADIR "$(DATADIR)"' > $@.tmp
	@cmp -s $@.tmp $@ || mv -f $@.tmp $@
	@rm -f $@.tmp

$(BUILD)/src/fileio.o: $(BUILD)/config.h

FORCE:

# The default dataset is compiled into the binary so that gradstep runs with no files around it.
$(BUILD)/default_dataset.c: datasets/and.csv tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh $< > $@

$(BUILD)/default_dataset.o: $(BUILD)/default_dataset.c | deps-build
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c tests/harness.h $(BUILD)/libgradstep.a $(BUILD)/config.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests $(LDFLAGS) -o $@ $< $(BUILD)/libgradstep.a $(LDLIBS_ALL)

# The benchmark's network figures live in a second file that bench.c includes.
$(BUILD)/tests/bench/bench: tests/bench/bench_net.c

run: gradstep
	./gradstep

# What building needs, checked (and installed when missing) once per make; DEPS_DONE=1 skips it
# when an outer make already did that.
deps-build:
	@[ -n "$(DEPS_DONE)" ] || $(DEPS_SH) build

# Installs (or says how to install) everything `make check` needs, and nothing else.
deps:
	@$(DEPS_SH) check

# Builds everything with -Werror in its own directory and runs every test; ends with "N passed, N failed, N skipped".
check:
	@$(DEPS_SH) check
	$(MAKE) --no-print-directory BUILD=build/check WERROR=-Werror DEPS_DONE=1 test-run

test-run: $(BUILD)/gradstep $(UNIT_BIN) $(BUILD)/tests/bench/bench
	sh tests/run.sh $(BUILD)

# Plants known bugs one at a time in a copy of the source and reports which tests catch each
# (tests/mutate.sh; a few minutes; not part of check). MUTATE_ONLY=TEXT plants only those named so.
mutate:
	sh tests/mutate.sh

# Speed and memory figures (tests/bench/bench.c); NumPy is timed alongside when a python3 with numpy exists.
# BENCH_ARGS adds options, e.g. BENCH_ARGS="--data DIR" for where digits.csv and iris.csv are.
# The figures go to tests/bench/results.txt (only when the run completes), then into README.md's marks.
BENCH_RESULTS = tests/bench/results.txt
bench: $(BUILD)/gradstep $(BUILD)/tests/bench/bench
	@$(DEPS_SH) bench
	$(BUILD)/tests/bench/bench --gradstep $(BUILD)/gradstep --numpy-script tests/bench/numpy_bench.py --numpy-net-script tests/bench/numpy_net_bench.py --results $(BENCH_RESULTS) $(BENCH_ARGS)
	sh tools/bench_readme.sh $(BENCH_RESULTS) README.md

# Copies the figures of tests/bench/results.txt into README.md again (after editing either), measuring nothing.
bench-readme:
	sh tools/bench_readme.sh $(BENCH_RESULTS) README.md

install: $(BUILD)/gradstep
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/datasets $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(MANDIR)
	install -m 755 $(BUILD)/gradstep $(DESTDIR)$(BINDIR)/gradstep
	install -m 644 datasets/*.csv $(DESTDIR)$(DATADIR)/datasets/
	if ls lessons/*.txt >/dev/null 2>&1; then install -m 644 lessons/*.txt $(DESTDIR)$(DATADIR)/lessons/; fi
	install -m 644 gradstep.1 $(DESTDIR)$(MANDIR)/gradstep.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gradstep $(DESTDIR)$(MANDIR)/gradstep.1
	rm -rf $(DESTDIR)$(DATADIR)

# ---- hardening: sanitizers, fuzzing, valgrind, coverage (tests/sh_sanitize.sh, tests/fuzz/) ----
SAN_FLAGS    = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_BUILD   = build/fuzz
FUZZ_NAMES   = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60

.PHONY: sanitize fuzz fuzz-build fuzz-targets valgrind coverage

# Unit tests, transcripts and the bad-input corpus in a build with AddressSanitizer and UBSan.
sanitize:
	sh tests/sh_sanitize.sh

# Builds the libFuzzer targets (clang) in build/fuzz.
fuzz-build:
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT=-O1 SAN="-fsanitize=fuzzer-no-link $(SAN_FLAGS)" fuzz-targets

fuzz-targets: $(FUZZ_NAMES:%=$(BUILD)/fuzz_%)

# The targets link the engine only (no full-screen UI), so they build while the UI changes.
CORE_OBJ = $(filter-out $(BUILD)/src/tui/%,$(LIB_OBJ))

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(CORE_OBJ)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(CORE_OBJ) $(LDLIBS_ALL)

# Runs each fuzz target for FUZZ_SECONDS on its corpus (tests/fuzz/corpus/NAME), keeping new inputs in
# build/fuzz/corpus/NAME; a crash leaves its input in build/fuzz/ and fails.
fuzz: fuzz-build
	sh tests/fuzz/run.sh time $(FUZZ_SECONDS) $(FUZZ_NAMES)

# The unit tests and the transcripts under valgrind: any invalid access or leak of our own fails.
valgrind: $(BUILD)/gradstep $(UNIT_BIN)
	sh tests/valgrind.sh $(BUILD)/gradstep

# Line coverage of src/ (outside src/tui/) over the unit and transcript tests, with gcov.
coverage:
	$(MAKE) --no-print-directory BUILD=build/coverage OPT=-O0 SAN=--coverage build/coverage/gradstep $(UNIT_SRC:tests/%.c=build/coverage/tests/%)
	sh tests/coverage.sh build/coverage

clean:
	rm -rf build gradstep

-include $(DEPS)
