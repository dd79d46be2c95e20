#!/bin/sh
# The workqueue module parameters under /sys/module/workqueue/parameters:
# 6.12's names and modes, each reading back what is written to it, and 0
# accepted where 6.12 gives it a meaning (thresholds: off; panic_on_stall:
# never).  The test kernels have CONFIG_WQ_WATCHDOG and
# CONFIG_WQ_CPU_INTENSIVE_REPORT.
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
