#!/bin/sh
# The guest is what every other test assumes: the CPUs and NUMA nodes the
# harness asked QEMU for (/etc/wq-topo), nodes matching the sockets, and the
# workqueue sysfs interface present.
. /lib/wqtest.sh

[ -n "$WQ_NCPUS" ] || fail "no /etc/wq-topo"
[ "$(online)" = "$WQ_ONLINE" ] || fail "online CPUs are $(online), want $WQ_ONLINE"
[ "$(echo $(nodes))" = "$(seq -s ' ' 0 $((WQ_NNODES - 1)))" ] ||
	fail "nodes with CPUs are '$(nodes)', want $WQ_NNODES"
for node in $(nodes); do
	eval want=\$WQ_NODE$node
	got=$(node_cpus $node)
	[ "$got" = "$want" ] || fail "node$node is CPUs $got, want $want"
done
for cpu in $(cpus "$(online)"); do
	read pkg < $sysfs_cpu/cpu$cpu/topology/physical_package_id
	[ "$pkg" = "$((cpu / WQ_CPUS_PER_NODE))" ] || fail "cpu$cpu is in package $pkg"
done
[ -d /sys/bus/workqueue/devices ] || fail "no /sys/bus/workqueue/devices"
for f in cpumask cpumask_requested cpumask_isolated; do
	[ -r /sys/devices/virtual/workqueue/$f ] || fail "no /sys/devices/virtual/workqueue/$f"
done
n=$(ps -o comm | grep -c '^kworker/')
[ "$n" -gt 0 ] || fail "no kworker threads"
echo "$WQ_NCPUS CPUs in $WQ_NNODES nodes ($WQ_TOPO), $n kworkers"
