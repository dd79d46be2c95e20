#!/bin/sh
# Where unbound work runs: items queued on wqdemo_unbound from kthreads bound
# to a few CPUs ("probes", see harness/modules/wqdemo.c), with the
# workqueue's cpumask, affinity_scope and affinity_strict set through sysfs.
# "serial" probes queue one item at a time, so the queueing CPU idles while
# it runs; "burst" probes queue 20 ms spinners all at once.
#
#  - Work runs only on CPUs of the workqueue's cpumask, also when queued
#    from a CPU outside it.
#  - Under a strict scope (cpu, cache, numa) work runs only in the pod of
#    the queueing CPU, serial or burst.
#  - Under a non-strict cache or numa scope 6.12 starts work in the pod as
#    a best effort, and the scheduler may move it out afterwards: stock ran
#    a whole serial probe outside the pod about one time in 16, so one of
#    four serial probes from each CPU must stay in the pod.  Bursts may
#    spread beyond the pod and are not checked.
#  - Not asserted: a non-strict "cpu" scope.  Stock's serial probes from an
#    idle CPU often run on another CPU, in its node or not.
#  - Under "system" a burst from CPU 0 spreads beyond CPU 0's node.
. /lib/wqtest.sh
u=/sys/bus/workqueue/devices/wqdemo_unbound

all=$(online)
[ "$(count "$all")" -gt 1 ] || skip "one CPU: unbound work has nowhere else to go"
some=$(sample "$all")
set -- $(nodes)
nnodes=$#
shift $(($# - 1))
if [ "$nnodes" -gt 1 ]; then
	inmask=$(node_cpus $1)
else
	inmask=$(list $(cpus "$all" | tr ' ' '\n' | grep -Evx '0?'))
fi

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
restore() {
	echo default > $u/affinity_scope
	echo 0 > $u/affinity_strict
	mask "$all" > $u/cpumask
}
trap 'restore; rmmod wqdemo' EXIT

# The cpumask holds for any scope: a mask without CPU 0's pod sends CPU 0's
# work to the CPUs of the mask.
mask "$inmask" > $u/cpumask || fail "cpumask $(mask "$inmask")"
for cpu in $some; do
	for mode in serial burst; do
		probe "$cpu" 8 "$mode"
		within "$ran" "$inmask" || fail "cpumask $inmask: $mode from cpu$cpu ran on $ran"
	done
done
echo "ok: with cpumask $(cat $u/cpumask), work from cpus $(list $some) ran only on $inmask"
mask "$all" > $u/cpumask || fail "cpumask $(mask "$all")"

echo 1 > $u/affinity_strict || fail "affinity_strict 1"
for scope in cpu cache numa; do
	echo $scope > $u/affinity_scope || fail "affinity_scope $scope"
	for cpu in $some; do
		p=$(pod $scope "$cpu")
		for mode in serial burst; do
			probe "$cpu" 8 "$mode"
			within "$ran" "$p" || fail "strict $scope: $mode from cpu$cpu ran on $ran, pod $p"
		done
	done
	echo "ok: strict $scope: serial and burst work stayed in the pod of cpus $(list $some)"
done

echo 0 > $u/affinity_strict || fail "affinity_strict 0"
for scope in cache numa; do
	echo $scope > $u/affinity_scope || fail "affinity_scope $scope"
	for cpu in $some; do
		p=$(pod $scope "$cpu")
		try=1
		while :; do
			probe "$cpu" 8 serial
			within "$ran" "$p" && break
			echo "note: $scope: serial from cpu$cpu ran on $ran, pod $p (try $try)"
			[ $try -lt 4 ] || fail "$scope: serial work from cpu$cpu left its pod $p 4 times"
			try=$((try + 1))
		done
	done
	echo "ok: $scope: serial work started in the pod of cpus $(list $some)"
done

if [ "$nnodes" -gt 1 ]; then
	echo system > $u/affinity_scope || fail "affinity_scope system"
	home=$(pod numa 0)
	probe 0 16 burst
	! within "$ran" "$home" || fail "system: a burst from cpu0 stayed in node $home ($ran)"
	echo "ok: system: a burst from cpu0 ran on $ran"
fi
echo "unbound work ran where cpumask and affinity scopes say"
