#!/bin/sh
# cancel_work_sync() of an ordered workqueue's item waits for the item's
# running instance even when that instance runs on a pool_workqueue that a
# global cpumask change has replaced, and the instance it cancelled was
# pending on the new one.  wqtorture found stock 6.12 returning early there
# ("still runs after a _sync cancel"); it does so every time here, so on
# stock this reports what it saw and skips: a test of the series' fix.
. /lib/wqtest.sh
virt=/sys/devices/virtual/workqueue
p=/sys/module/wqdemo/parameters
all=$(online)
[ "$(count "$all")" -gt 1 ] || skip "one CPU: no other cpumask to switch to"
last=${all##*[-,]}
read impl < /etc/wq-impl

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'mask "$all" > $virt/cpumask; rmmod wqdemo' EXIT
echo start > $p/ordered_cancel || fail "ordered_cancel start"
read r < $p/ordered_cancel
[ "$r" = started ] || fail "$r"
# a new pool_workqueue, on another pool, for every unbound workqueue
mask "$last" > $virt/cpumask || fail "global cpumask $last"
echo cancel > $p/ordered_cancel || fail "ordered_cancel cancel"
mask "$all" > $virt/cpumask || fail "global cpumask $all"
read r < $p/ordered_cancel
echo "cancel_work_sync() $r"
if [ "$r" != "waited for the running instance" ]; then
	[ "$impl" = stock ] && skip "stock 6.12's cancel_work_sync() $r; the series waits"
	fail "cancel_work_sync() $r"
fi
echo "ok: the cancel waited for the instance on the old pool_workqueue"
