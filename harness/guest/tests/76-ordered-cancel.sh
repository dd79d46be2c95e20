#!/bin/sh
# cancel_work_sync() of an ordered workqueue's item waits for the item's
# running instance even when that instance runs on a pool_workqueue that a
# global cpumask change has replaced, and the instance it cancelled was
# pending on the new one; so does flush_work() after a plain cancel_work().
# wqtorture found stock 6.12 returning early there ("still runs after a
# _sync cancel"); it does so every time here, so on stock this reports what
# it saw and skips: a test of the series' fix.
. /lib/wqtest.sh
virt=/sys/devices/virtual/workqueue
p=/sys/module/wqdemo/parameters
all=$(online)
[ "$(count "$all")" -gt 1 ] || skip "one CPU: no other cpumask to switch to"
last=${all##*[-,]}
read impl < /etc/wq-impl

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'mask "$all" > $virt/cpumask; rmmod wqdemo' EXIT

# cancel: cancel_work_sync(); flush: cancel_work(), then flush_work()
early=
for how in cancel flush; do
	echo start > $p/ordered_cancel || fail "ordered_cancel start"
	read r < $p/ordered_cancel
	[ "$r" = started ] || fail "$r"
	# a new pool_workqueue, on another pool, for every unbound workqueue
	mask "$last" > $virt/cpumask || fail "global cpumask $last"
	echo $how > $p/ordered_cancel || fail "ordered_cancel $how"
	mask "$all" > $virt/cpumask || fail "global cpumask $all"
	read r < $p/ordered_cancel
	echo "$how: $r"
	[ "$r" = "waited for the running instance" ] || early="$early $how"
done
if [ -n "$early" ]; then
	[ "$impl" = stock ] && skip "stock 6.12 returns early ($early ); the series waits"
	fail "returned while the item still ran:$early"
fi
echo "ok: the cancel and the flush waited for the instance on the old pool_workqueue"
