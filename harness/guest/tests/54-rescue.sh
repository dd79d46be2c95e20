#!/bin/sh
# Forward progress through the rescuer, deterministically: while every
# worker creation fails (the series' fail_workqueue_worker), wqdemo's rescue
# probe puts sleeping items on one CPU's normal pool until it has no worker
# left, and the WQ_MEM_RECLAIM item queued behind them must still run, in
# its rescuer.  Once creation works again the pool must get the workers
# its sleepers need, and a second probe must get its item run.  The window
# is short: every pool that needs a worker meanwhile waits for it (a pool
# of one worker stops whole), which the watchdog reports after 30 s.
# The series' debugfs statistics must count the mayday and the rescued item.
# Stock 6.12 has no such fault attribute: it skips.
# wqtest-timeout: 200
. /lib/wqtest.sh

fault=/sys/kernel/debug/fail_workqueue_worker
p=/sys/module/wqdemo/parameters
[ -d $fault ] || {
	read impl < /etc/wq-impl
	[ "$impl" = stock ] && skip "stock 6.12 has no fail_workqueue_worker to fail worker creation"
	fail "no $fault on the series (CONFIG_FAIL_WORKQUEUE_WORKER, debugfs)"
}

# the last online CPU: not the one the shell and most of the boot run on
set -- $(cpus "$(online)")
for cpu; do :; done

fault_open() {
	echo 0 > $fault/verbose		# no stack per failure: that is a splat
	echo 0 > $fault/space
	echo 1 > $fault/interval
	echo N > $fault/task-filter
	echo 100000 > $fault/times
	echo 100 > $fault/probability
}
fault_close() {
	echo 0 > $fault/probability
	echo 0 > $fault/times
}
trap 'fault_close; rmmod wqdemo 2> /dev/null' EXIT

insmod /lib/wqdemo.ko || fail "insmod wqdemo"
fault_open
echo "$cpu" > $p/rescue || fail "rescue probe on CPU $cpu"
left=$(cat $fault/times)
got=$(cat $p/rescue)
case $got in
"rescued after "*) ;;
*)	# the state of the pools while creation still fails
	dmesg -c > /dev/null
	echo t > /proc/sysrq-trigger
	dmesg | sed -n '/^Showing busy workqueues/,$p' | grep -v '^ *?' | head -80 ;;
esac
fault_close
# read before "wait" destroys the workqueue
st=/sys/kernel/debug/workqueue/stats
counted=
[ -r $st ] && counted=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
	$2 == "wqdemo_reclaim" { print $k["maydays"], $k["rescued"] }' $st)
echo wait > $p/rescue || fail "waiting for the sleepers"
echo "CPU $cpu, creation failing: $got ($((100000 - left)) creations failed)"
case $got in
"rescued after "*) ;;
*) fail "with worker creation failing, CPU $cpu's pool: $got" ;;
esac
[ "$left" -lt 100000 ] || fail "no worker creation was failed"
# the statistics saw it: the rescuer called and the item counted as rescued
if [ -n "$counted" ]; then
	set -- $counted
	echo "debugfs stats of wqdemo_reclaim: maydays $1, rescued $2"
	[ "${1:-0}" -ge 1 ] || fail "wqdemo_reclaim counts '$1' maydays after a rescue"
	[ "${2:-0}" -ge 1 ] || fail "wqdemo_reclaim counts '$2' rescued items after a rescue"
fi

# creation works: the sleepers' workers, and new ones for the rounds that
# need them
echo "$cpu" > $p/rescue || fail "rescue probe on CPU $cpu, creation working"
echo wait > $p/rescue || fail "waiting for the sleepers, creation working"
got=$(cat $p/rescue)
echo "CPU $cpu, creation working: $got"
case $got in
"run by a worker after "*|"rescued after "*) ;;
*) fail "with worker creation working again, CPU $cpu's pool: $got" ;;
esac
rmmod wqdemo || fail "rmmod wqdemo"
echo "ok: the rescuer ran the item while creation failed; the pool recovered"
