#!/bin/sh
# CPU hotplug under a work load: CPU 1 and a whole NUMA node other than CPU
# 0's (CPUs 1-3 on the 4-CPU guest; one node after another on bigger ones)
# go offline and come back in a loop while work runs.  Every batch of work
# must account for every item it queued, and all CPUs must come back.
#
# The load on a guest of up to 4 CPUs: bursts of CPU-bound, sleeping and
# unbound items, 4 of each per CPU.  On a bigger guest: floods of sleeping
# items on the unbound workqueue only.  There, under TCG, per-CPU work on a
# CPU going down trips 6.12's scheduler, workqueue or not: "Dying CPU not
# properly vacated!" from sched_cpu_dying(), its fair deadline server still
# queued ("CPU1 enqueued tasks (2 total)" lists only migration/1).  The
# unbound flood alone trips it as well, on both implementations: on
# 2026-12-07 in a run on stock (three warnings) and in 5 of 6 runs on the
# series, 3 of them with its queueing-side steering turned off.
. /lib/wqtest.sh
p=/sys/module/wqdemo/parameters

all=$(online)
[ "$(count "$all")" -gt 1 ] || skip "one CPU: nothing to take offline"
home=$(node_of 0)
others=$(for n in $(nodes); do [ "$n" != "$home" ] && echo "$n"; done)
set -- $others
nothers=$#

# victims: the CPUs to take offline in round $round
victims() {
	if [ "$nothers" -gt 0 ]; then
		set -- $others
		shift $(((round - 1) % nothers))
		cpus "1,$(node_cpus $1)"
	else
		sample "$all"
	fi | tr ' ' '\n' | grep -Evx '0?' | sort -nu
}

# load: one batch of work, waited for; fails (returns 1) when it lost an item
if [ "$(count "$all")" -le 4 ]; then
	# the report ends with a line "complete: yes" when every item ran
	load() {
		echo 4 > $p/burst || { echo "burst failed" > /tmp/load-failed; return 1; }
		grep -q '^complete: yes' $p/report || { cat $p/report > /tmp/load-failed; return 1; }
	}
else
	load() {
		echo 200 > $p/flood && echo 0 > $p/flood ||
			{ echo "flood failed" > /tmp/load-failed; return 1; }
		grep -qx 'done 200 of 200' $p/flood || { cat $p/flood > /tmp/load-failed; return 1; }
	}
fi

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
(
	i=0
	while [ ! -e /tmp/stop-load ] && load; do
		i=$((i + 1))
	done
	echo $i > /tmp/load-rounds
) &
loader=$!

for round in 1 2 3 4 5; do
	v=$(victims)
	for cpu in $v; do
		cpu_set "$cpu" 0 || fail "offline cpu$cpu (round $round)"
	done
	sleep 1
	for cpu in $v; do
		cpu_set "$cpu" 1 || fail "online cpu$cpu (round $round)"
	done
	echo "round $round: cpus $(list $v) went offline and came back"
done
touch /tmp/stop-load
wait $loader
rmmod wqdemo
[ -e /tmp/load-failed ] && fail "a batch lost work: $(cat /tmp/load-failed)"
[ "$(online)" = "$all" ] || fail "CPUs did not all come back: $(online)"
echo "5 hotplug rounds, $(cat /tmp/load-rounds) complete batches"
