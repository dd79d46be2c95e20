#!/bin/sh
# Culling idle workers does not wake an isolated CPU: a worker of the
# isolated CPU's pool that idled past the 300 s timeout exits on a
# housekeeping CPU, as in 6.12.  Runs
# in the isolation boot of make check-deep only (it waits out the timeout);
# other boots skip it.
# wqtest-timeout: 1200
. /lib/wqtest.sh
iso=$(nohz_full_cpus)
[ -n "$iso" ] || skip "no nohz_full= on the command line"
cpu=${iso%%[-,]*}

tr=/sys/kernel/tracing
[ -d $tr/events ] || mount -t tracefs nodev $tr || fail "no tracefs"
ev=$tr/events/sched/sched_process_exit
[ -d $ev ] || skip "no sched_process_exit tracepoint"

# workers of CPU $cpu's normal pool, by name
workers() { ps -o comm | grep -cE "^kworker/$cpu:[0-9]+(-|$)"; }

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'echo 0 > $ev/enable; rmmod wqdemo' EXIT
echo "comm ~ \"kworker/$cpu:*\"" > $ev/filter || fail "tracepoint filter refused"
echo > $tr/trace
echo 1 > $ev/enable

# sleeping items queued at once on every CPU make each pool grow
echo 16 > /sys/module/wqdemo/parameters/burst || fail "burst"
before=$(workers)
[ "$before" -gt 2 ] || fail "only $before workers on CPU $cpu after the burst"
echo "CPU $cpu has $before workers; waiting for the idle ones to be culled"

# The idle timer is deferrable: the isolated CPU's timers wait for it to
# wake, so wake it now and then (an unbound item queued from a kthread
# there) until the surplus is gone, for up to 15 minutes.
t=0
while [ "$(workers)" -gt 2 ] && [ $t -lt 900 ]; do
	sleep 30
	t=$((t + 30))
	probe "$cpu" 1 serial
done
after=$(workers)
[ "$after" -le 2 ] || fail "$after workers still on CPU $cpu after $t s"
echo 0 > $ev/enable

exits=$(grep -c 'sched_process_exit' $tr/trace)
[ "$exits" -gt 0 ] || fail "$((before - after)) workers went, no exit traced"
there=$(grep 'sched_process_exit' $tr/trace | grep -c "\[0*$cpu\]")
[ "$there" = 0 ] || {
	grep 'sched_process_exit' $tr/trace | head -5
	fail "$there of $exits culled workers exited on the isolated CPU $cpu"
}
echo "$exits culled workers of CPU $cpu exited on housekeeping CPUs (${t} s)"
