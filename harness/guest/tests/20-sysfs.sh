#!/bin/sh
# The admin's interface: /sys/bus/workqueue/devices/<wq>/ and
# /sys/devices/virtual/workqueue/.  Reads come back in 6.12's formats, valid
# writes take effect, garbage fails with EINVAL and changes nothing.  Values
# 6.12 takes and clamps or rounds (max_active over 512, affinity_strict 2, a
# mask of offline CPUs) and a mask beyond nr_cpu_ids: 25-sysfs-strict.
. /lib/wqtest.sh
bus=/sys/bus/workqueue/devices
virt=/sys/devices/virtual/workqueue
hexmask='^[0-9a-f,]+$'

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'rmmod wqdemo' EXIT

all=$(online)
set -- $(nodes)
first=$(node_cpus $1)
shift $(($# - 1))
last=$(node_cpus $1)

# Formats of everything there is.
for wq in "$bus"/*; do
	name=$(basename "$wq")
	grep -Eqx '[01]' "$wq/per_cpu" || fail "$name/per_cpu: $(cat "$wq/per_cpu")"
	grep -Eqx '[0-9]+' "$wq/max_active" || fail "$name/max_active: $(cat "$wq/max_active")"
	[ -e "$wq/cpumask" ] || continue
	grep -Eqx -- '-?[0-9]+' "$wq/nice" || fail "$name/nice: $(cat "$wq/nice")"
	grep -Eqx "$hexmask" "$wq/cpumask" || fail "$name/cpumask: $(cat "$wq/cpumask")"
	grep -Eqx '(default \()?(cpu|smt|cache|numa|system)\)?' "$wq/affinity_scope" ||
		fail "$name/affinity_scope: $(cat "$wq/affinity_scope")"
	grep -Eqx '[01]' "$wq/affinity_strict" || fail "$name/affinity_strict"
done
for f in cpumask cpumask_requested cpumask_isolated; do
	grep -Eqx "$hexmask" "$virt/$f" || fail "$f: $(cat "$virt/$f")"
done
[ "$(masknorm "$(cat $virt/cpumask)")" = "$(masknorm "$(mask "$all")")" ] ||
	fail "unbound cpumask is $(cat $virt/cpumask), want $(mask "$all")"

# Writes: root only (mode 0644 or 0200-ish, never world-writable).
for f in "$bus"/wqdemo_unbound/* "$virt"/cpumask; do
	[ -f "$f" ] || continue
	mode=$(stat -c %a "$f")
	case "$mode" in
	*[2367]) fail "$f is world-writable ($mode)" ;;
	esac
done

u=$bus/wqdemo_unbound
p=$bus/wqdemo_percpu
[ -d "$u" ] || fail "no $u"
[ -d "$p" ] || fail "no $p"
[ "$(cat $u/per_cpu)" = 0 ] || fail "wqdemo_unbound per_cpu"
[ "$(cat $p/per_cpu)" = 1 ] || fail "wqdemo_percpu per_cpu"
[ ! -e "$p/cpumask" ] || fail "a per-CPU workqueue has a cpumask file"

good "$u/max_active" 16
good "$p/max_active" 4
good "$u/max_active" 512
good "$u/max_active" 16
good "$u/nice" -5
good "$u/nice" 0
goodmask "$u/cpumask" "$(mask "$first")"
goodmask "$u/cpumask" "$(mask "$last")"
goodmask "$u/cpumask" "$(mask "$all")"
good "$u/affinity_scope" numa
good "$u/affinity_scope" cpu
good "$u/affinity_scope" system
# scope names are taken in any case and with a blank after them
good "$u/affinity_scope" NUMA numa
good "$u/affinity_scope" "cache " cache
try "$u/affinity_scope" default || fail "write 'default' to $u/affinity_scope failed"
grep -Eqx 'default \((cpu|smt|cache|numa|system)\)' "$u/affinity_scope" ||
	fail "$u/affinity_scope: wrote 'default', reads '$(cat "$u/affinity_scope")'"
good "$u/affinity_strict" 1
good "$u/affinity_strict" 0

bad "$u/max_active" abc
bad "$u/max_active" 0
bad "$u/max_active" -3
bad "$p/max_active" zz
bad "$u/nice" 20
bad "$u/nice" -21
bad "$u/nice" x
bad "$u/cpumask" zz
bad "$u/affinity_scope" bogus
bad "$u/affinity_scope" ""
bad "$u/affinity_strict" x
bad "$u/affinity_strict" ""
bad "$virt/cpumask" 0
bad "$virt/cpumask" zz

echo "sysfs formats, writes and rejections as in 6.12"
