#!/bin/sh
# wqtorture (lib/test_workqueue_torture.c) for WQTORTURE_SECS (60) seconds
# with every disturbance: its own CPU hotplug, max_active changes and
# workqueue churn, plus, from here, freezer cycles, attribute changes of its
# unbound workqueues and changes of the global cpumask.  It must end with
# "End of test: SUCCESS".  Then a second run is removed after a few seconds
# and must stop cleanly, with SUCCESS as well.
# wqtest-timeout: 400
. /lib/wqtest.sh

secs=${WQTORTURE_SECS:-60}
wqs=/sys/devices/virtual/workqueue
global=$wqs/cpumask
thresh=$(cat /sys/module/workqueue/parameters/cpu_intensive_thresh_us)
possible=$(cat $sysfs_cpu/possible)
ncpus=$(count "$possible")

# a random non-empty cpumask in hex, with CPU 0 if ZERO is set
random_mask() {
	local m=$((RANDOM % (1 << ncpus)))
	[ -n "$1" ] && m=$((m | 1))
	[ "$m" -eq 0 ] && m=1
	printf '%x' "$m"
}

freezer_loop() {
	[ -w /sys/power/pm_test ] && grep -qw freeze /sys/power/state || return 0
	[ -w /sys/module/suspend/parameters/pm_test_delay ] &&
		echo 1 > /sys/module/suspend/parameters/pm_test_delay
	echo freezer > /sys/power/pm_test
	while :; do
		sleep $((3 + RANDOM % 4))
		echo freeze > /sys/power/state && echo "freezer cycle" >> /tmp/wqt-freezer
	done
}

attrs_loop() {
	local scopes="default cpu smt cache numa system" d s
	while :; do
		for d in $wqs/wqtorture_u*; do
			[ -d "$d" ] || continue
			case $((RANDOM % 5)) in
			0) random_mask > "$d/cpumask" ;;
			1) set -- $scopes; shift $((RANDOM % 6)); echo "$1" > "$d/affinity_scope" ;;
			2) echo $((RANDOM % 2)) > "$d/affinity_strict" ;;
			3) echo $((RANDOM % 11 - 5)) > "$d/nice" ;;
			4) echo $((1 + RANDOM % 16)) > "$d/max_active" ;;
			esac 2> /dev/null && echo "attrs" >> /tmp/wqt-attrs
		done
		usleep 200000
	done
}

global_loop() {
	while :; do
		random_mask zero > $global 2> /dev/null && echo "global" >> /tmp/wqt-global
		sleep 1
	done
}

lines() { [ -r "$1" ] && wc -l < "$1" || echo 0; }

# wait_end SECS: wait for the end line of the current run
wait_end() {
	local i=0
	while [ $i -lt "$1" ]; do
		dmesg | grep -q "wqtorture: End of test" && return 0
		sleep 1
		i=$((i + 1))
	done
	return 1
}

old_global=$(cat $global)
rm -f /tmp/wqt-*
dmesg -c > /dev/null
modprobe test_workqueue_torture duration="$secs" spin_us=$((thresh + thresh / 4)) ||
	fail "modprobe test_workqueue_torture"
freezer_loop & fpid=$!
attrs_loop & apid=$!
global_loop & gpid=$!
wait_end $((secs + 240)); ended=$?
kill $fpid $apid $gpid 2> /dev/null
wait 2> /dev/null
[ -w /sys/power/pm_test ] && echo none > /sys/power/pm_test
echo "$old_global" > $global
dmesg | grep "wqtorture: final:"
echo "from here: $(lines /tmp/wqt-freezer) freezer cycles, $(lines /tmp/wqt-attrs) attrs writes," \
	"$(lines /tmp/wqt-global) global cpumask writes"
[ $ended -eq 0 ] || { dmesg | tail -20; fail "no end line $((secs + 240)) s after the start"; }
dmesg | grep -q "wqtorture: End of test: SUCCESS" || {
	dmesg | grep "wqtorture: End of test"
	fail "wqtorture did not succeed"
}
rmmod test_workqueue_torture || fail "rmmod after the run"
echo "ok: ${secs} s run"

dmesg -c > /dev/null
modprobe test_workqueue_torture duration=0 stat_interval=0 || fail "modprobe (second run)"
sleep 5
rmmod test_workqueue_torture || fail "rmmod during the run"
dmesg | grep -q "wqtorture: End of test: SUCCESS" || {
	dmesg | tail -20
	fail "a run removed in its middle did not end with SUCCESS"
}
echo "ok: removed during a run, it stopped cleanly"
