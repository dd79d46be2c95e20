#!/bin/sh
# Freezer cycles through pm_test: with a WQ_FREEZABLE workqueue busy, the
# system freezes and thaws, and the freezable work carries on afterwards.
fail() { echo "FAIL: $*"; exit 1; }
p=/sys/module/wqdemo/parameters

[ -w /sys/power/pm_test ] || { echo "no /sys/power/pm_test"; exit 77; }
grep -qw freeze /sys/power/state || { echo "no freeze state"; exit 77; }
insmod /lib/wqdemo.ko || fail "insmod wqdemo"
echo 1 > $p/freezable
[ -w /sys/module/suspend/parameters/pm_test_delay ] &&
	echo 1 > /sys/module/suspend/parameters/pm_test_delay
echo freezer > /sys/power/pm_test || fail "pm_test freezer"
for cycle in 1 2 3; do
	before=$(cat $p/freezable_runs)
	echo freeze > /sys/power/state || fail "freeze cycle $cycle failed"
	sleep 1
	after=$(cat $p/freezable_runs)
	[ "$after" -gt "$before" ] || fail "freezable work stopped after cycle $cycle ($before -> $after)"
	echo "cycle $cycle: freezable work ran $before -> $after"
done
echo none > /sys/power/pm_test
echo 0 > $p/freezable
rmmod wqdemo || fail "rmmod wqdemo"
echo "3 freezer cycles with a busy freezable workqueue"
