#!/bin/sh
# The guest is what every other test assumes: 4 CPUs online in 2 NUMA nodes,
# nodes matching the sockets, and the workqueue sysfs interface present.
fail() { echo "FAIL: $*"; exit 1; }

[ "$(cat /sys/devices/system/cpu/online)" = "0-3" ] ||
	fail "online CPUs are $(cat /sys/devices/system/cpu/online), want 0-3"
[ "$(cat /sys/devices/system/node/node0/cpulist)" = "0-1" ] || fail "node0 is not CPUs 0-1"
[ "$(cat /sys/devices/system/node/node1/cpulist)" = "2-3" ] || fail "node1 is not CPUs 2-3"
for cpu in 0 1 2 3; do
	pkg=$(cat /sys/devices/system/cpu/cpu$cpu/topology/physical_package_id)
	[ "$pkg" = "$((cpu / 2))" ] || fail "cpu$cpu is in package $pkg"
done
[ -d /sys/bus/workqueue/devices ] || fail "no /sys/bus/workqueue/devices"
for f in cpumask cpumask_requested cpumask_isolated; do
	[ -r /sys/devices/virtual/workqueue/$f ] || fail "no /sys/devices/virtual/workqueue/$f"
done
n=$(ps -o comm | grep -c '^kworker/')
[ "$n" -gt 0 ] || fail "no kworker threads"
echo "4 CPUs in 2 nodes, $n kworkers"
