#!/bin/sh
# CPU hotplug under a work load: CPUs 1-3 go offline and come back in a loop
# while bursts of per-CPU, sleeping and unbound work run.  Every burst must
# account for every item it queued, and all CPUs must come back.
fail() { echo "FAIL: $*"; exit 1; }
burst=/sys/module/wqdemo/parameters/burst
report=/sys/module/wqdemo/parameters/report

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
(
	i=0
	while [ ! -e /tmp/stop-load ]; do
		echo 4 > $burst || { echo "burst failed" > /tmp/load-failed; break; }
		# the report ends with a line "complete: yes" when every item ran
		grep -q '^complete: yes' $report || { cat $report > /tmp/load-failed; break; }
		i=$((i + 1))
	done
	echo $i > /tmp/load-rounds
) &
load=$!

for round in 1 2 3 4 5; do
	for cpu in 1 2 3; do
		echo 0 > /sys/devices/system/cpu/cpu$cpu/online || fail "offline cpu$cpu (round $round)"
	done
	sleep 1
	for cpu in 1 2 3; do
		echo 1 > /sys/devices/system/cpu/cpu$cpu/online || fail "online cpu$cpu (round $round)"
	done
done
touch /tmp/stop-load
wait $load
rmmod wqdemo
[ -e /tmp/load-failed ] && fail "a burst lost work: $(cat /tmp/load-failed)"
[ "$(cat /sys/devices/system/cpu/online)" = "0-3" ] || fail "CPUs did not all come back"
echo "5 hotplug rounds, $(cat /tmp/load-rounds) complete bursts"
