#!/bin/sh
# The workqueue module parameters under /sys/module/workqueue/parameters:
# 6.12's names and modes, each reading back what is written to it, and 0
# accepted where 6.12 gives it a meaning (thresholds: off; panic_on_stall:
# never), and watchdog_thresh bounded as in 6.12.  The test kernels have
# CONFIG_WQ_WATCHDOG and CONFIG_WQ_CPU_INTENSIVE_REPORT.
. /lib/wqtest.sh
p=/sys/module/workqueue/parameters

want="cpu_intensive_thresh_us:644 cpu_intensive_warning_thresh:644
debug_force_rr_cpu:644 default_affinity_scope:644 panic_on_stall:644
power_efficient:444 watchdog_thresh:644"
got=
for f in $p/*; do
	got="$got $(basename "$f"):$(stat -c %a "$f")"
done
[ "$(echo $got)" = "$(echo $want)" ] || fail "parameters are '$(echo $got)', want '$(echo $want)'"
echo "ok: $(echo $got)"

# write NAME VALUE: write, read back the same, restore
write() {
	local old new
	read old < $p/$1
	echo "$2" > $p/$1 || fail "writing $2 to $1"
	read new < $p/$1
	[ "$new" = "$2" ] || fail "$1 reads $new after writing $2"
	echo "$old" > $p/$1 || fail "restoring $1 to $old"
	echo "ok: $1 takes $2 (was $old)"
}

write cpu_intensive_thresh_us 0
write cpu_intensive_thresh_us 20000
write cpu_intensive_warning_thresh 0
write cpu_intensive_warning_thresh 8
write panic_on_stall 0
write debug_force_rr_cpu Y
write debug_force_rr_cpu N
write watchdog_thresh 0
write watchdog_thresh 30

# A threshold is taken while it fits in milliseconds and refused with
# ERANGE above (6.12's bound is ULONG_MAX / 1000 seconds whatever HZ is; the
# guests are 64-bit).  The biggest one taken reports no stall while it
# holds, though pools are busy: seconds times HZ must not wrap into a
# threshold that has always passed.
modprobe test_workqueue_torture duration=0 stat_interval=0 disturb=none \
	spin_us=2000 || fail "modprobe test_workqueue_torture"
dmesg -c > /dev/null
for v in 4294967296 18446744073709551; do
	good $p/watchdog_thresh "$v"
	sleep 2
	echo 30 > $p/watchdog_thresh || fail "restoring watchdog_thresh"
	if dmesg | grep -q "workqueue lockup"; then
		dmesg | grep "workqueue lockup" | head -3
		fail "watchdog_thresh=$v: a lockup was reported within 2 s"
	fi
	echo "ok: watchdog_thresh takes $v, no lockup reported in 2 s"
done
rmmod test_workqueue_torture || fail "rmmod test_workqueue_torture"
for v in 18446744073709552 9223372036854775808 18446744073709551615; do
	bad $p/watchdog_thresh "$v" "Numerical result out of range"
done
