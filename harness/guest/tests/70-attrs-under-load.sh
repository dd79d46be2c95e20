#!/bin/sh
# Retuning a busy unbound workqueue: with max_active 2 and a flood of a few
# hundred sleeping items queued on wqdemo_unbound, its cpumask, affinity
# scope, strictness and nice change over and over.  Every item must still
# run, and the settings must come back to what they were.
. /lib/wqtest.sh
u=/sys/bus/workqueue/devices/wqdemo_unbound
flood=/sys/module/wqdemo/parameters/flood
n=400

all=$(online)
set -- $(nodes)
first=$(node_cpus $1)
shift $(($# - 1))
last=$(node_cpus $1)

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
max=$(cat $u/max_active)
echo 2 > $u/max_active || fail "max_active 2"
echo $n > $flood || fail "flood $n"

i=0
while [ "$(cat $flood)" != "done $n of $n" ] && [ $i -lt 100 ]; do
	for m in "$first" "$last" "$all"; do
		mask "$m" > $u/cpumask || fail "cpumask $m (round $i)"
	done
	for scope in cpu numa system default; do
		echo $scope > $u/affinity_scope || fail "affinity_scope $scope (round $i)"
	done
	echo $((i % 2)) > $u/affinity_strict || fail "affinity_strict (round $i)"
	echo $((i % 3 * 5 - 5)) > $u/nice || fail "nice (round $i)"
	i=$((i + 1))
done
echo "$i rounds of changes; flood: $(cat $flood)"

# A lost item would make the wait below hang: give the flood a minute.
t=0
while [ "$(cat $flood)" != "done $n of $n" ]; do
	[ $t -lt 60 ] || fail "items were lost: $(cat $flood) after 60 s"
	sleep 1
	t=$((t + 1))
done
echo 0 > $flood || fail "flood wait"

echo $max > $u/max_active
echo 0 > $u/nice
echo 0 > $u/affinity_strict
mask "$all" > $u/cpumask
[ "$(cat $u/max_active)" = "$max" ] || fail "max_active reads $(cat $u/max_active), want $max"
[ "$(cat $u/nice)" = 0 ] || fail "nice reads $(cat $u/nice)"
[ "$(cat $u/affinity_strict)" = 0 ] || fail "affinity_strict reads $(cat $u/affinity_strict)"
[ "$(masknorm "$(cat $u/cpumask)")" = "$(masknorm "$(mask "$all")")" ] ||
	fail "cpumask reads $(cat $u/cpumask)"
grep -q '^default (' $u/affinity_scope || fail "affinity_scope reads $(cat $u/affinity_scope)"
rmmod wqdemo || fail "rmmod wqdemo"
echo "all $n items ran through $i rounds of changes"
