#!/bin/sh
# wqtorture in a guest squeezed by a memory hog: a tmpfs file (the guest
# has no swap, so its pages cannot be reclaimed) takes all free memory but
# a little above the zones' low watermarks, so that kswapd runs all the
# time and worker creation competes for what is left.  The items of the
# torture's WQ_MEM_RECLAIM workqueues allocate as they run (alloc_kb,
# GFP_NOIO; failures are counted, not violations), and its own
# disturbances run as in 55-wqtorture.  It must end with SUCCESS: nothing
# lost, out of order or run twice while memory is short.
# wqtest-timeout: 400
. /lib/wqtest.sh

secs=${WQTORTURE_SECS:-60}
thresh=$(cat /sys/module/workqueue/parameters/cpu_intensive_thresh_us)

meminfo() { sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo; }

# the zones' low watermarks, in KiB
low=0
while read -r what n _; do
	[ "$what" = low ] && low=$((low + n * 4))
done < /proc/zoneinfo
free=$(meminfo MemFree)
# leave the watermarks twice over and 24 MiB for the torture's own needs
hog=$(( (free - 2 * low) / 1024 - 24 ))
[ "$hog" -gt 64 ] || skip "only $free KiB free (low watermarks $low KiB): nothing to squeeze"

mkdir -p /mnt/hog
mount -t tmpfs -o size=$((hog + 1))m hog /mnt/hog || fail "mount the hog's tmpfs"
trap 'rmmod test_workqueue_torture 2> /dev/null; rm -f /mnt/hog/fill; umount /mnt/hog' EXIT
dd if=/dev/zero of=/mnt/hog/fill bs=1M count=$hog 2> /dev/null ||
	fail "the hog could not take $hog MiB"
echo "hog: $hog MiB taken; MemFree $free KiB before, $(meminfo MemFree) KiB now" \
	"(low watermarks $low KiB)"

# Reclaim inside an item is CPU time of the item: under the hog the
# torture's function passes the CPU-intensive threshold for real, besides
# its three planned spins, and the "hogged CPU" report that follows (seen
# on stock) is the kernel doing its job, not a fault.  It is off here.
par=/sys/module/workqueue/parameters
read warn < $par/cpu_intensive_warning_thresh
echo 0 > $par/cpu_intensive_warning_thresh
trap 'rmmod test_workqueue_torture 2> /dev/null; rm -f /mnt/hog/fill; umount /mnt/hog
	echo $warn > $par/cpu_intensive_warning_thresh' EXIT

dmesg -c > /dev/null
modprobe test_workqueue_torture duration="$secs" alloc_kb=64 $(torture_lax) \
	spin_us=$((thresh + thresh / 4)) || fail "modprobe test_workqueue_torture"
torture_wait $((secs + 240))
echo "MemFree at the end: $(meminfo MemFree) KiB"
torture_success " under memory pressure"
dmesg | grep -q "wqtorture: final: allocations=[1-9]" ||
	fail "no WQ_MEM_RECLAIM item allocated"
rmmod test_workqueue_torture || fail "rmmod after the run"
echo "ok: ${secs} s run with $hog MiB hogged"
