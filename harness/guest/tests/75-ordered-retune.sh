#!/bin/sh
# An ordered workqueue keeps its order while the global unbound cpumask
# changes under it: every change gives it a new pool_workqueue, which must
# not start before the old one has run what it holds.  Stock 6.12 lets the
# items of the new pool_workqueue overtake (seen with apply_workqueue_attrs()
# in KUnit), so this is a test of the series only.
. /lib/wqtest.sh
series_only "lets items of an ordered workqueue overtake across an attrs change"
virt=/sys/devices/virtual/workqueue
p=/sys/module/wqdemo/parameters
all=$(online)
[ "$(count "$all")" -gt 1 ] || skip "one CPU: no other cpumask to switch to"
first=${all%%[-,]*}
last=${all##*[-,]}

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'mask "$all" > $virt/cpumask; rmmod wqdemo' EXIT

echo 300 > $p/ordered || fail "ordered 300"
for round in 1 2 3; do
	for m in "$first" "$last" "$all"; do
		mask "$m" > $virt/cpumask || fail "global cpumask $m"
		usleep 50000
	done
done
echo 0 > $p/ordered || fail "waiting for the ordered items"
read r < $p/ordered
[ "$r" = "ran 300 of 300, 0 out of turn, at most 1 at once" ] || fail "$r"
echo "ok: 9 global cpumask changes, ordered items: $r"
