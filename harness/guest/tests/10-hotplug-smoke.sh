#!/bin/sh
# Take each secondary CPU offline and back once; the kernel must survive
# and the per-CPU kworkers of a returning CPU must be there again.
fail() { echo "FAIL: $*"; exit 1; }

for cpu in 1 2 3; do
	echo 0 > /sys/devices/system/cpu/cpu$cpu/online || fail "offline cpu$cpu"
	echo 1 > /sys/devices/system/cpu/cpu$cpu/online || fail "online cpu$cpu"
done
[ "$(cat /sys/devices/system/cpu/online)" = "0-3" ] || fail "CPUs did not all return"
for cpu in 1 2 3; do
	ps -o comm | grep -q "^kworker/$cpu:" || fail "no kworker for cpu$cpu"
done
echo "cpus 1-3 went offline and came back"
