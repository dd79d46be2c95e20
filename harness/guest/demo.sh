#!/bin/sh
# The guest side of `make run`: a short tour of the workqueue subsystem on
# this machine, printed between two marker lines the harness picks up.
sysfs=/sys/bus/workqueue/devices
virt=/sys/devices/virtual/workqueue

kworkers() {
	# ps prints "[kworker/...]" for kernel threads; count them by kind.
	ps -o comm 2>/dev/null | awk '
		/^kworker\/R-/ { r++; next }
		/^kworker\/u/ { u++; next }
		/^kworker\/[0-9]+:[0-9]+H/ { h++; next }
		/^kworker\/[0-9]+:/ { n++; next }
		END { printf "%d per-CPU normal, %d per-CPU high-priority, %d unbound, %d rescuers\n", n, h, u, r }'
}

# Keep kernel messages off the console while the summary prints; they follow
# it, so the harness still scans them for splats.
klines=$(dmesg | wc -l)
echo 1 > /proc/sys/kernel/printk
echo "=============== wq summary begin ==============="
echo "Kernel $(uname -r) on $(grep -c ^processor /proc/cpuinfo) CPUs:"
for n in /sys/devices/system/node/node[0-9]*; do
	echo "  NUMA $(basename $n): CPUs $(cat $n/cpulist)"
done
echo
echo "Workqueues visible in sysfs ($sysfs):"
for wq in $sysfs/*; do
	name=$(basename "$wq")
	if [ -e "$wq/cpumask" ]; then
		echo "  $name: unbound, max_active $(cat $wq/max_active), cpumask $(cat $wq/cpumask), scope '$(cat $wq/affinity_scope)'"
	else
		echo "  $name: per_cpu=$(cat $wq/per_cpu), max_active $(cat $wq/max_active)"
	fi
done
echo "Unbound work may run on CPUs $(cat $virt/cpumask) (requested $(cat $virt/cpumask_requested), isolated '$(cat $virt/cpumask_isolated)')"
echo
echo "Worker threads after boot: $(kworkers)"
if [ -d /sys/kernel/debug/workqueue ]; then
	echo
	echo "The state at a glance (tools/workqueue/wqdump, its first 60 lines):"
	wqdump > /tmp/wqdump.out
	head -n 60 /tmp/wqdump.out | sed 's/^/  /'
	echo "  ... $(($(wc -l < /tmp/wqdump.out) - 60)) more lines: every pool's workers, every workqueue's pwqs"
fi
echo
if insmod /lib/wqdemo.ko; then
	wq=$sysfs/wqdemo_unbound
	echo "Tuning example: the demo module made the unbound workqueue wqdemo_unbound."
	echo "  before: cpumask $(cat $wq/cpumask), affinity_scope '$(cat $wq/affinity_scope)'"
	echo "  # echo c > $wq/cpumask      (CPUs 2-3, the second NUMA node)"
	echo c > $wq/cpumask || echo "  (write failed)"
	echo "  after:  cpumask $(cat $wq/cpumask)"
	echo "  # echo bogus > $wq/affinity_scope"
	if echo bogus 2>/dev/null > $wq/affinity_scope; then
		echo "  accepted (it should not be)"
	else
		echo "  rejected, scope still '$(cat $wq/affinity_scope)'"
	fi
	echo
	echo "A burst of work (16 items of each kind per CPU):"
	if [ -d /sys/kernel/debug/workqueue ]; then
		# wqstat's first read comes before the burst: its items count as queued
		wqstat -i 0.5 -n 2 wqdemo events > /tmp/wqstat.out &
		sleep 0.2
		echo 16 > /sys/module/wqdemo/parameters/burst
		wait
		echo "  Meanwhile, tools/workqueue/wqstat -i 0.5 -n 2 wqdemo events:"
		sed 's/^/    /' /tmp/wqstat.out
	else
		echo 16 > /sys/module/wqdemo/parameters/burst
	fi
	sed 's/^/  /' /sys/module/wqdemo/parameters/report
	echo "  Concurrency management ran the CPU-bound items one at a time per CPU and"
	echo "  started more workers only for the sleeping ones; the unbound items"
	echo "  stayed inside the cpumask set above."
	echo
	echo "Worker threads after the burst: $(kworkers)"
	rmmod wqdemo
else
	echo "(wqdemo.ko did not load: no burst)"
fi
echo "=============== wq summary end ==============="
echo "Kernel messages during the demo:"
dmesg | tail -n +"$((klines + 1))"
