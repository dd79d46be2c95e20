#!/bin/sh
# The writes 6.12 takes although they ask for more than it gives, and how
# they read back: a max_active over 512 is 512; affinity_strict takes any
# decimal number, whatever follows it ignored, nonzero being 1; a cpumask
# of offline CPUs only is kept as asked, for a workqueue and for all
# unbound work, and the work still runs; a CPU beyond nr_cpu_ids fails with
# EOVERFLOW.  The one write the series refuses where 6.12 takes it, an
# empty workqueue cpumask (which 6.12 treats as the global one), and the
# WQ_SYSFS ordered workqueue that only the series registers are checked on
# the series alone (see "Differences from 6.12" in the rst).
. /lib/wqtest.sh
bus=/sys/bus/workqueue/devices
virt=/sys/devices/virtual/workqueue
u=$bus/wqdemo_unbound
read impl < /etc/wq-impl
xtra=
[ "$impl" = series ] && xtra=sysfs_ordered=1

insmod /lib/wqdemo.ko $xtra || fail "insmod wqdemo"
trap 'rmmod wqdemo' EXIT

all=$(online)
possible=$(cat $sysfs_cpu/possible)
beyond=$((${possible##*[-,]} + 1))	# nr_cpu_ids

good "$u/max_active" 513 512
good "$u/max_active" 99999 512
good "$u/max_active" 16
good "$u/affinity_strict" 2 1
good "$u/affinity_strict" -1 1
good "$u/affinity_strict" 0x1 0
good "$u/affinity_strict" "1 " 1
good "$u/affinity_strict" 0
bad "$u/cpumask" "$(mask "$beyond")" "Value too large"
bad "$virt/cpumask" "$(mask "$beyond")" "Value too large"

# A mask of offline CPUs only, for a workqueue and for all unbound work:
# kept as written, and the work runs elsewhere meanwhile.
if [ "$(count "$all")" -gt 1 ]; then
	off=${all##*[-,]}
	cpu_set "$off" 0 || fail "offline cpu$off"
	goodmask "$u/cpumask" "$(mask "$off")"
	probe 0 4 serial
	[ -n "$ran" ] || fail "with the cpumask of offline cpu$off, no work ran"
	goodmask "$virt/cpumask" "$(mask "$off")"
	probe 0 4 serial
	[ -n "$ran" ] || fail "with a global cpumask of offline cpu$off, no work ran"
	cpu_set "$off" 1 || fail "online cpu$off"
	# back online, the work runs there
	probe "$off" 4 serial
	within "$ran" "$off" || fail "with cpumask $off, work ran on $ran"
	goodmask "$virt/cpumask" "$(mask "$all")"
	goodmask "$u/cpumask" "$(mask "$all")"
fi

if [ "$impl" = series ]; then
	bad "$u/cpumask" 0
	o=$bus/wqdemo_ordsys
	[ -d "$o" ] || fail "no $o for a WQ_SYSFS ordered workqueue"
	[ "$(cat $o/max_active)" = 1 ] || fail "$o/max_active reads $(cat $o/max_active)"
	[ "$(stat -c %a $o/max_active)" = 444 ] ||
		fail "$o/max_active has mode $(stat -c %a $o/max_active)"
	echo "ok: series: empty cpumask refused, ordered workqueue in sysfs, max_active 0444"
fi
echo "6.12's clamps, roundings and offline masks as in 6.12"
