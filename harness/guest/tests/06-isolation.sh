#!/bin/sh
# CPUs isolated at boot.  The harness boots once with nohz_full= and
# isolcpus= on the last CPU (ISOLATION_BOOT in harness/wqh.py); other boots
# skip this test.  As in 6.12: nohz_full= turns workqueue.power_efficient
# on, so WQ_POWER_EFFICIENT workqueues are unbound; the global unbound
# cpumask starts without the isolated CPUs (also as the requested one) and
# unbound work does not run there, from wherever it is queued; root may
# still write them into the global cpumask, which then holds as written,
# even when it has nothing but isolated CPUs.
. /lib/wqtest.sh
bus=/sys/bus/workqueue/devices
virt=/sys/devices/virtual/workqueue
iso=$(nohz_full_cpus)
[ -n "$iso" ] || skip "no nohz_full= on the command line"
all=$(online)
hk=
for c in $(cpus "$all"); do
	has "$c" "$iso" || hk="$hk $c"
done
hk=$(list $hk)
echo "isolated: $iso, housekeeping: $hk"

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'mask "$hk" > $virt/cpumask; rmmod wqdemo' EXIT

got=$(cat /sys/module/workqueue/parameters/power_efficient)
[ "$got" = Y ] || fail "power_efficient reads $got under nohz_full=$iso, want Y"
got=$(cat $bus/wqdemo_pwr/per_cpu)
[ "$got" = 0 ] || fail "wqdemo_pwr (WQ_POWER_EFFICIENT) has per_cpu $got, want 0"
echo "ok: nohz_full= makes WQ_POWER_EFFICIENT workqueues unbound"

# global_mask_is CPUS WHEN: the global cpumask and the requested one are
# CPUS, and unbound work queued from every online CPU runs there
global_mask_is() {
	local f c
	for f in cpumask cpumask_requested; do
		[ "$(masknorm "$(cat $virt/$f)")" = "$(masknorm "$(mask "$1")")" ] ||
			fail "$2: $f is $(cat $virt/$f), want CPUs $1"
	done
	for c in $(cpus "$all"); do
		probe "$c" 8 burst
		within "$ran" "$1" || fail "$2: unbound work queued on CPU $c ran on $ran"
	done
	echo "ok: $2: unbound work runs on CPUs $1, from every CPU"
}

global_mask_is "$hk" "at boot"
goodmask $virt/cpumask "$(mask "$all")"
goodmask $virt/cpumask "$(mask "$iso")"
global_mask_is "$iso" "written the isolated CPUs alone"
goodmask $virt/cpumask "$(mask "$hk")"
global_mask_is "$hk" "written back"
echo "isolation in effect"
