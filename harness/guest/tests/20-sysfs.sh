#!/bin/sh
# The admin's interface: /sys/bus/workqueue/devices/<wq>/ and
# /sys/devices/virtual/workqueue/.  Reads come back in 6.12's formats, valid
# writes take effect, bad writes fail (EINVAL) and change nothing.
fail() { echo "FAIL: $*"; exit 1; }
bus=/sys/bus/workqueue/devices
virt=/sys/devices/virtual/workqueue
hexmask='^[0-9a-f,]+$'

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'rmmod wqdemo' EXIT

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
[ "$(cat $virt/cpumask)" = f ] || fail "unbound cpumask is $(cat $virt/cpumask), want f"

# Writes: root only (mode 0644 or 0200-ish, never world-writable).
for f in "$bus"/wqdemo_unbound/* "$virt"/cpumask; do
	[ -f "$f" ] || continue
	mode=$(stat -c %a "$f")
	case "$mode" in
	*[2367]) fail "$f is world-writable ($mode)" ;;
	esac
done

# try FILE VALUE: write, return the shell's status (nonzero when rejected)
try() { echo "$2" 2>/dev/null > "$1"; }
# good FILE VALUE [READBACK]: the write works and reads back
good() {
	try "$1" "$2" || fail "write '$2' to $1 failed"
	got=$(cat "$1")
	[ "$got" = "${3:-$2}" ] || fail "$1: wrote '$2', reads '$got'"
	echo "ok: $1 <- $2"
}
# bad FILE VALUE: the write fails and the old value stays
bad() {
	old=$(cat "$1")
	if try "$1" "$2"; then
		fail "$1 accepted '$2'"
	fi
	[ "$(cat "$1")" = "$old" ] || fail "$1 changed to '$(cat "$1")' on a bad write"
	echo "ok: $1 rejects '$2'"
}

u=$bus/wqdemo_unbound
p=$bus/wqdemo_percpu
[ -d "$u" ] || fail "no $u"
[ -d "$p" ] || fail "no $p"
[ "$(cat $u/per_cpu)" = 0 ] || fail "wqdemo_unbound per_cpu"
[ "$(cat $p/per_cpu)" = 1 ] || fail "wqdemo_percpu per_cpu"
[ ! -e "$p/cpumask" ] || fail "a per-CPU workqueue has a cpumask file"

good "$u/max_active" 16
good "$p/max_active" 4
good "$u/nice" -5
good "$u/nice" 0
good "$u/cpumask" 3
good "$u/cpumask" c
good "$u/cpumask" f
good "$u/affinity_scope" numa
good "$u/affinity_scope" cpu
good "$u/affinity_scope" system
good "$u/affinity_strict" 1
good "$u/affinity_strict" 0

bad "$u/max_active" abc
bad "$u/max_active" 0
bad "$u/max_active" -3
bad "$p/max_active" zz
bad "$u/nice" 20
bad "$u/nice" -21
bad "$u/nice" x
# 6.12 takes an empty mask for a workqueue (it falls back to the global
# unbound mask); say what it reads back, and keep the workqueue usable.
if try "$u/cpumask" 0; then
	echo "note: $u/cpumask takes '0' and reads back '$(cat $u/cpumask)'"
	good "$u/cpumask" f
fi
bad "$u/cpumask" zz
bad "$u/cpumask" 10
bad "$u/affinity_scope" bogus
bad "$u/affinity_scope" ""
bad "$virt/cpumask" 0
bad "$virt/cpumask" zz
echo "sysfs formats, writes and rejections as in 6.12"
