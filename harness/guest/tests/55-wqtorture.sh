#!/bin/sh
# wqtorture (lib/test_workqueue_torture.c) for WQTORTURE_SECS (60) seconds
# with every disturbance: its own CPU hotplug, max_active changes and
# workqueue churn, plus, from here, freezer cycles, attribute changes of its
# unbound workqueues, changes of the global cpumask and, on the series,
# windows in which worker creation fails, and readers of every file of
# /sys/kernel/debug/workqueue/ with a reset now and then, which must keep
# to the lifetimes of workqueues, pwqs, pools and workers that the churn
# ends.  It must end with
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
		usleep $((200000 + RANDOM % 600000))
	done
}

# Worker creation failing on demand (the series' fail_workqueue_worker):
# every few seconds a window of one to three seconds in which every worker
# a pool's manager tries to create fails; the rescuers must carry
# WQ_MEM_RECLAIM work through it and every pool must recover after it.
# Each window's count of injected failures goes to /tmp/wqt-faults.
fault=/sys/kernel/debug/fail_workqueue_worker
fault_budget=100000
fault_close() {
	echo 0 > $fault/probability
	echo $((fault_budget - $(cat $fault/times))) >> /tmp/wqt-faults
	echo 0 > $fault/times
}
fault_loop() {
	echo 0 > $fault/times
	echo 0 > $fault/verbose
	echo 0 > $fault/space
	echo 1 > $fault/interval
	echo N > $fault/task-filter
	while :; do
		sleep $((3 + RANDOM % 4))
		echo $fault_budget > $fault/times
		echo 100 > $fault/probability
		sleep $((1 + RANDOM % 3))
		fault_close
	done
}

# The series' statistics, read while all of the above goes on.
stats=/sys/kernel/debug/workqueue
stats_loop() {
	local f
	while :; do
		for f in stats latency pools pwqs workers pods; do
			cat $stats/$f > /dev/null || echo "cannot read $f" >> /tmp/wqt-stats-errors
		done
		echo "read" >> /tmp/wqt-stats
		[ $((RANDOM % 8)) = 0 ] && echo 1 > $stats/reset
		usleep 100000
	done
}

lines() { [ -r "$1" ] && wc -l < "$1" || echo 0; }
sum() {
	local n=0 v
	[ -r "$1" ] && while read -r v; do n=$((n + v)); done < "$1"
	echo $n
}

faults=
read impl < /etc/wq-impl
if [ -d $fault ]; then
	faults=1
elif [ "$impl" = stock ]; then
	echo "stock 6.12 has no fail_workqueue_worker: no injected failures"
else
	fail "no $fault on the series (CONFIG_FAIL_WORKQUEUE_WORKER, debugfs)"
fi

old_global=$(cat $global)
trap 'rmmod test_workqueue_torture 2> /dev/null' EXIT
rm -f /tmp/wqt-*
dmesg -c > /dev/null
modprobe test_workqueue_torture duration="$secs" spin_us=$((thresh + thresh / 4)) \
	$(torture_lax) ||
	fail "modprobe test_workqueue_torture"
freezer_loop & fpid=$!
attrs_loop & apid=$!
global_loop & gpid=$!
fpid2=
[ -n "$faults" ] && { fault_loop & fpid2=$!; }
spid=
[ -d $stats ] && { stats_loop & spid=$!; }
torture_wait $((secs + 240)); ended=$?
kill $fpid $apid $gpid $fpid2 $spid 2> /dev/null
wait 2> /dev/null
[ -n "$fpid2" ] && [ "$(cat $fault/times)" != 0 ] && fault_close
[ -w /sys/power/pm_test ] && echo none > /sys/power/pm_test
echo "$old_global" > $global
echo "from here: $(lines /tmp/wqt-freezer) freezer cycles, $(lines /tmp/wqt-attrs) attrs writes," \
	"$(lines /tmp/wqt-global) global cpumask writes, $(sum /tmp/wqt-faults) injected" \
	"worker creation failures in $(lines /tmp/wqt-faults) windows," \
	"$(lines /tmp/wqt-stats) reads of the debugfs statistics"
[ -r /tmp/wqt-stats-errors ] && fail "debugfs statistics: $(sort -u /tmp/wqt-stats-errors | head -3)"
[ $ended -eq 0 ] || { dmesg | tail -20; fail "no end line $((secs + 240)) s after the start"; }
torture_success
rmmod test_workqueue_torture || fail "rmmod after the run"
[ -z "$fpid2" ] || [ "$(sum /tmp/wqt-faults)" -gt 0 ] ||
	fail "fail_workqueue_worker injected no failure in $(lines /tmp/wqt-faults) windows"
echo "ok: ${secs} s run"

dmesg -c > /dev/null
modprobe test_workqueue_torture duration=0 stat_interval=0 || fail "modprobe (second run)"
sleep 5
rmmod test_workqueue_torture || fail "rmmod during the run"
torture_success " when removed in its middle"
echo "ok: removed during a run, it stopped cleanly"
