# SPDX-License-Identifier: GPL-2.0
#
# The cmwq workbench.  Everything here runs harness/wqh.py; see README.md.
#
#   make run                 boot the series kernel and show the workqueues at work
#   make check [IMPL=...]    the test command: KUnit + boot tests + splat scan +
#                            upstream-overlap, for IMPL=stock, IMPL=series or both
#   make check-deep          the same with KASAN
#   make check-prod          KUnit and boot tests on the prod profile (no lockdep), both IMPLs
#   make configs [IMPL=...]  compile the series in every config of the matrix (default both)
#   make configs-boot        build the x86_64 defconfig whole and boot it, both IMPLs
#   make bench [BENCH_PAIRS=5] [TOPO="default scale32"]
#                            stock and series booted in turn, one table of rows
#   make scale [IMPL=...]    boot tests on 32 CPUs in 4 nodes and on 1 CPU (default series)
#   make torture [DURATION=600] [PROFILE=test|deep|race] [IMPL=...]
#                            wqtorture alone on the default guest and on 32 CPUs
#   make series              the series as format-patch files, checked and built
#   make mutants             plant each bug of harness/mutants.txt, see the suite catch it

PY	:= python3
WQH	:= $(PY) harness/wqh.py
IMPL	?=
export IMPL


.PHONY: all run check check-deep check-prod configs configs-boot bench scale torture series series-quick mutants build tree deps boot overlap \
	clean distclean help

all: help

# wqh.py installs everything else; it needs python3 to start.
ifeq ($(shell command -v $(PY)),)
$(error python3 is missing: as root run "apt-get update && apt-get install -y python3")
endif

help:
	@sed -n 's/^#   //p' Makefile
	@echo "other targets: build tree deps boot overlap clean distclean"

run:
	@$(WQH) run

check:
	@$(WQH) check

check-deep:
	@$(WQH) check --profile deep

check-prod:
	@$(WQH) check --profile prod

configs:
	@$(WQH) configs $(if $(CONFIGS),--only $(CONFIGS))

configs-boot:
	@$(WQH) configs-boot

bench:
	@$(WQH) bench $(if $(TOPO),--topo $(TOPO))

scale:
	@$(WQH) scale

torture:
	@$(WQH) torture --duration $(or $(DURATION),600) --profile $(or $(PROFILE),test)

series:
	@$(WQH) series

series-quick:
	@$(WQH) series --no-build

mutants:
	@$(PY) harness/mutants.py

build:
	@$(WQH) build

tree:
	@$(WQH) tree

deps:
	@$(WQH) deps

boot:
	@$(WQH) boot --mode $(or $(MODE),check)

overlap:
	@../shared/tools/upstream-overlap --repo . --tree build/linux-stock

# Keeps the unpacked stock tree (build/linux-stock) and the ccache.
clean:
	rm -rf build/stock build/series build/series-git build/series-patches

distclean:
	rm -rf build
