#!/bin/sh
# What the series rejects beyond 6.12: every write that asks for something
# the kernel cannot do fails with EINVAL and changes nothing, instead of
# being clamped (max_active over 512), rounded (affinity_strict 2), failed
# with another errno (a cpumask beyond nr_cpu_ids: EOVERFLOW) or taken
# although no online CPU could run the work (a mask of offline CPUs, an
# empty mask).  Stock 6.12 does those things, so this test skips on it.
. /lib/wqtest.sh
series_only "clamps, rounds or takes these writes"
bus=/sys/bus/workqueue/devices
virt=/sys/devices/virtual/workqueue
u=$bus/wqdemo_unbound

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'rmmod wqdemo' EXIT

all=$(online)
possible=$(cat $sysfs_cpu/possible)
beyond=$((${possible##*[-,]} + 1))	# nr_cpu_ids

bad "$u/max_active" 513
bad "$u/max_active" 99999
bad "$u/affinity_strict" 2
bad "$u/affinity_strict" -1
bad "$u/cpumask" 0
bad "$u/cpumask" "$(mask "$beyond")"
bad "$virt/cpumask" "$(mask "$beyond")"

# A mask of offline CPUs only, for a workqueue and for all unbound work.
if [ "$(count "$all")" -gt 1 ]; then
	off=${all##*[-,]}
	cpu_set "$off" 0 || fail "offline cpu$off"
	bad "$u/cpumask" "$(mask "$off")"
	bad "$virt/cpumask" "$(mask "$off")"
	cpu_set "$off" 1 || fail "online cpu$off"
	# back online, the same masks are fine
	goodmask "$u/cpumask" "$(mask "$off")"
	probe "$off" 4 serial
	within "$ran" "$off" || fail "with cpumask $off, work ran on $ran"
	goodmask "$u/cpumask" "$(mask "$all")"
fi
echo "out-of-range, offline and empty values rejected with EINVAL"
