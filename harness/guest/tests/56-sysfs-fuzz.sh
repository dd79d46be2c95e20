#!/bin/sh
# A fuzzer for the admin's interface, while wqtorture runs: thousands of
# random, malformed and boundary writes (huge and negative numbers, hex
# garbage, embedded NULs, lines longer than a page, masks beyond nr_cpu_ids,
# misspelt scope names) to every attribute of every workqueue in sysfs but
# the torture's own, to the global ones and to every workqueue module
# parameter.  After each write the attribute reads back its old value or a
# valid one, and the old one when the write was refused; nothing is
# world-writable; the torture still ends with SUCCESS (no item lost under
# all this), and the console shows no splat.
# wqtest-timeout: 400
. /lib/wqtest.sh

writes=${WQFUZZ_WRITES:-3000}
bus=/sys/bus/workqueue/devices
virt=/sys/devices/virtual/workqueue
par=/sys/module/workqueue/parameters
scopes="cpu smt cache numa system"

read impl < /etc/wq-impl
insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'rmmod test_workqueue_torture 2> /dev/null; rmmod wqdemo' EXIT

# The targets: writable files only, none of the torture's workqueues (its
# own threads retune those, so "unchanged" could not be checked there).
targets=
for f in "$bus"/*/* "$virt"/cpumask "$par"/*; do
	[ -f "$f" ] || continue
	case "$f" in */wqtorture_*) continue ;; esac
	mode=$(stat -c %a "$f")
	case "$mode" in
	*[2367]) fail "$f is world-writable ($mode)" ;;
	esac
	case "${f##*/}:$mode" in
	uevent:*) ;;
	*:[2367]??) targets="$targets $f" ;;
	esac
done
set -- $targets
ntargets=$#
[ "$ntargets" -ge 8 ] || fail "only $ntargets writable attributes: $targets"
echo "ok: $ntargets writable attributes, none world-writable"

# Save every value to put back at the end.
saved=/tmp/wqfuzz-saved
: > $saved
for f in $targets; do
	read -r v < "$f"
	echo "$f $v" >> $saved
done
restore() {
	local f v
	while read -r f v; do
		case "$v" in "default ("*) v=default ;; esac
		echo "$v" > "$f" 2> /dev/null || echo "could not restore $f to '$v'"
	done < $saved
}

# valid FILE VALUE: VALUE is a well-formed reading of FILE
valid() {
	case "${1##*/}" in
	cpumask) echo "$2" | grep -Eqx '[0-9a-f]+(,[0-9a-f]+)*' || return 1
		case "$2" in *[1-9a-f]*) return 0 ;; esac
		# 6.12 takes an empty mask for a workqueue (see the rst)
		[ "$impl" = stock ] && case "$1" in "$bus"/*) return 0 ;; esac
		return 1 ;;
	nice) echo "$2" | grep -Eqx -- '-?[0-9]+' && [ "$2" -ge -20 ] && [ "$2" -le 19 ] ;;
	max_active) echo "$2" | grep -Eqx '[0-9]+' && [ "$2" -ge 1 ] && [ "$2" -le 512 ] ;;
	affinity_scope) echo "$2" | grep -Eqx '(default \()?(cpu|smt|cache|numa|system)\)?' ;;
	default_affinity_scope) echo "$2" | grep -Eqx '(cpu|smt|cache|numa|system)' ;;
	affinity_strict) echo "$2" | grep -Eqx '[01]' ;;
	debug_force_rr_cpu) echo "$2" | grep -Eqx '[YN]' ;;
	*) echo "$2" | grep -Eqx '[0-9]+' ;;
	esac
}

# Parameters whose small values would draw reports or panics from the
# whole machine: only 0, huge numbers or what has no digit is written there,
# and the old value goes back at once.
touchy() {
	case "${1##*/}" in
	watchdog_thresh | panic_on_stall | cpu_intensive_thresh_us | \
		cpu_intensive_warning_thresh) return 0 ;;
	esac
	return 1
}

long=$(head -c 5000 /dev/zero | tr '\0' '7')
garbage="
-1
-2147483649
-9223372036854775809
4294967295
4294967296
18446744073709551615
18446744073709551616
99999999999999999999999999
0x10
0x
0xzz
zz
+1
01
 7
3.5
1e3
-
,
,,
1,,1
0,1
g
Y
N
yes
off
ffffffff
ffffffffffffffffffffffffffff
ffffffff,ffffffff,ffffffff
80000000,00000000
fffffff0
default
cach
numaa
NUMA
 numa
sys tem
systemd
cpus
smtt
ca che"
boundary="0 1 2 511 512 513 1024 -20 -21 19 20 -5 3"

ncpus=$(count "$(cat $sysfs_cpu/possible)")
rand_mask() { printf '%x' $((1 + RANDOM % ((1 << ncpus) - 1))); }
rand_number() {
	local n=$((RANDOM % 25)) s=
	while [ $n -gt 0 ]; do s="$s$((RANDOM % 10))"; n=$((n - 1)); done
	[ $((RANDOM % 3)) = 0 ] && s="-$s"
	echo "$s"
}
# pick: a value in $v, and in $kind how it is written
pick() {
	kind=echo
	case $((RANDOM % 10)) in
	0 | 1) set -- $boundary; shift $((RANDOM % $#)); v=$1 ;;
	2) v=$(rand_mask) ;;
	3) v=$(rand_number) ;;
	4) set -- $scopes; shift $((RANDOM % 5)); v=$1 ;;
	5) v="$long" ;;
	6) kind=nul; v=$((RANDOM % 4)) ;;
	*) IFS='
'
	   set -- $garbage
	   unset IFS
	   shift $((RANDOM % $#))
	   v=$1 ;;
	esac
}

dmesg -c > /dev/null
modprobe test_workqueue_torture duration=600 stat_interval=0 $(torture_lax) ||
	fail "modprobe test_workqueue_torture"

i=0 refused=0 taken=0
while [ $i -lt "$writes" ]; do
	set -- $targets
	shift $((RANDOM % ntargets))
	f=$1
	read -r old < "$f"
	pick
	if touchy "$f"; then
		case "$v" in
		0 | *[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*) ;;
		*[0-9]*) v=garbage ;;
		esac
	fi
	if [ $kind = nul ]; then
		printf "$v\\000$v" 2> /dev/null > "$f"
	else
		printf '%s\n' "$v" 2> /dev/null > "$f"
	fi
	rc=$?
	read -r new < "$f"
	touchy "$f" && echo "$old" > "$f"
	short=$(printf '%.40s' "$v")
	if [ $rc -ne 0 ]; then
		refused=$((refused + 1))
		[ "$new" = "$old" ] || [ "$v" = "$long" ] ||
			fail "$f: '$short' ($kind) was refused but it changed '$old' to '$new'"
	else
		taken=$((taken + 1))
	fi
	[ "$new" = "$old" ] || valid "$f" "$new" ||
		fail "$f: after '$short' ($kind) it reads '$new' (was '$old')"
	i=$((i + 1))
done
restore
echo "ok: $writes writes: $taken taken, $refused refused, every reading old or valid"

rmmod test_workqueue_torture || fail "rmmod test_workqueue_torture"
torture_success " under the fuzzer"
echo "ok: wqtorture ended with SUCCESS under the fuzzer"
