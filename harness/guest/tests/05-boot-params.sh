#!/bin/sh
# The workqueue parameters on the kernel command line take effect:
# workqueue.unbound_cpus= (less isolated CPUs) is the global unbound
# cpumask, workqueue.default_affinity_scope= the scope of every unbound
# workqueue that keeps the default, workqueue.power_efficient=1 makes
# WQ_POWER_EFFICIENT workqueues unbound, and with lpj= making the CPU look
# slow the CPU-hog threshold grows.  The harness boots once with them (see
# PARAMS_BOOT in harness/wqh.py); other boots skip this test.
. /lib/wqtest.sh
bus=/sys/bus/workqueue/devices
virt=/sys/devices/virtual/workqueue
read cmdline < /proc/cmdline

# param NAME: the value NAME= has on the command line (status 1 if absent)
param() {
	local w
	for w in $cmdline; do
		case "$w" in
		"$1="*) echo "${w#*=}"; return 0 ;;
		esac
	done
	return 1
}

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'rmmod wqdemo' EXIT
checked=0

if want=$(param workqueue.unbound_cpus); then
	# CPUs isolated from the scheduler domains (isolcpus=, with
	# CONFIG_CPU_ISOLATION) are not for unbound work either
	read iso < $sysfs_cpu/isolated
	if [ -n "$iso" ]; then
		keep=
		for c in $(cpus "$want"); do
			has "$c" "$iso" || keep="$keep $c"
		done
		want=$(list $keep)
	fi
	got=$(cat $virt/cpumask)
	[ "$(masknorm "$got")" = "$(masknorm "$(mask "$want")")" ] ||
		fail "unbound cpumask is $got, want CPUs $want"
	probe 0 8 burst
	within "$ran" "$want" || fail "unbound work ran on $ran, outside $want"
	echo "ok: unbound work runs on CPUs $want only"
	checked=$((checked + 1))
fi

if want=$(param workqueue.default_affinity_scope); then
	got=$(cat /sys/module/workqueue/parameters/default_affinity_scope)
	[ "$got" = "$want" ] || fail "default_affinity_scope reads $got, want $want"
	got=$(cat $bus/wqdemo_unbound/affinity_scope)
	[ "$got" = "default ($want)" ] || fail "wqdemo_unbound's scope reads '$got'"
	echo "ok: unbound workqueues default to the $want scope"
	checked=$((checked + 1))
fi

if v=$(param workqueue.power_efficient); then
	case "$v" in
	1|[yY]*) want=0 ;;
	*) want=1 ;;
	esac
	got=$(cat $bus/wqdemo_pwr/per_cpu)
	[ "$got" = "$want" ] || fail "power_efficient=$v: wqdemo_pwr per_cpu is $got"
	echo "ok: power_efficient=$v makes WQ_POWER_EFFICIENT per_cpu=$want"
	checked=$((checked + 1))
fi

# workqueue.cpu_intensive_thresh_us left unset: 10 ms on a CPU of 4000
# BogoMIPS or more, raised in proportion on a slower one, up to a second
# (lpj= on the command line makes the CPU look slow)
if param lpj > /dev/null && ! param workqueue.cpu_intensive_thresh_us > /dev/null; then
	bogo=$(awk '/^bogomips/ { print int($3); exit }' /proc/cpuinfo)
	want=10000
	if [ "$bogo" -lt 4000 ]; then
		want=$((10000 * 4000 / (bogo > 0 ? bogo : 1)))
		[ "$want" -le 1000000 ] || want=1000000
	fi
	got=$(cat /sys/module/workqueue/parameters/cpu_intensive_thresh_us)
	[ "$got" = "$want" ] ||
		fail "cpu_intensive_thresh_us is $got at $bogo BogoMIPS, want $want"
	echo "ok: cpu_intensive_thresh_us defaults to $want at $bogo BogoMIPS"
	checked=$((checked + 1))
fi

[ "$checked" -gt 0 ] || skip "no workqueue parameters on the command line"
echo "$checked workqueue boot parameters in effect"
