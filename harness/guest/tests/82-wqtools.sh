#!/bin/sh
# tools/workqueue: wqstat and wqdump read /sys/kernel/debug/workqueue/.  On
# the series their --json output parses (the harness checks the WQJSON lines)
# and agrees with debugfs; anywhere, a missing debugfs, a kernel without the
# statistics (stock 6.12) and a malformed file give a message and exit 2 or
# 3, never a crash.  The same binaries run on both IMPLs.
. /lib/wqtest.sh
dbg=/sys/kernel/debug
d=$dbg/workqueue
read impl < /etc/wq-impl

# expect STATUS WORDS CMD...: CMD exits with STATUS and says WORDS on stderr
expect() {
	local want=$1 words=$2 rc
	shift 2
	"$@" > /tmp/out 2> /tmp/err
	rc=$?
	[ $rc = $want ] || fail "$* exited $rc, want $want: $(head -c 300 /tmp/err)"
	grep -q "$words" /tmp/err || fail "$* said '$(head -c 300 /tmp/err)', want '$words'"
	echo "$*: exit $rc: $(head -n 1 /tmp/err)"
}

if [ ! -d $d ]; then
	[ "$impl" = stock ] || fail "no $d on the series"
	expect 2 "no workqueue statistics" wqstat -1
	expect 2 "no workqueue statistics" wqdump
	echo "ok: on stock 6.12 both tools say there are no statistics"
	exit 0
fi

# a malformed file, through --root
mkdir -p /tmp/bad
echo "not a header" > /tmp/bad/stats
echo "1 2 3" >> /tmp/bad/stats
expect 3 "stats" wqstat --root /tmp/bad -1
printf '%s\n' "id kind cpu node nice cpus pod flags workers idle busy running pending oldest_ms stall_s" \
	"0 cpu 0 0" > /tmp/bad/pools
expect 3 "pools" wqdump --root /tmp/bad

# debugfs unmounted for a moment
umount $dbg || fail "umount $dbg"
expect 2 "not mounted" wqstat -1
expect 2 "not mounted" wqdump
mount -t debugfs debugfs $dbg || fail "mount debugfs"

# JSON that the harness parses; the counts are debugfs's at the same moment
echo 1 > /proc/sys/kernel/printk	# keep kernel lines out of the JSON lines
insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'rmmod wqdemo' EXIT
n_wq=$(($(wc -l < $d/stats) - 1))
n_pools=$(($(wc -l < $d/pools) - 1))
n_pods=$(($(wc -l < $d/pods) - 1))
out=$(wqdump --json) || fail "wqdump --json exited $?"
echo "WQJSON wqdump:workqueues=$n_wq:pools=$n_pools:pods=$n_pods $out"
echo 8 > /sys/module/wqdemo/parameters/burst &
out=$(wqstat --json -a -i 0.5 -1) || fail "wqstat --json exited $?"
wait
echo "WQJSON wqstat:workqueues=$n_wq $out"
# the table: a header and a line for the busy demo workqueue, busy in
# every interval (one burst can end before wqstat's first read, and then
# nothing was queued between two of them)
( while :; do echo 8 > /sys/module/wqdemo/parameters/burst; done ) & bpid=$!
wqstat -i 0.5 -n 2 wqdemo > /tmp/out || { rc=$?; kill $bpid; fail "wqstat exited $rc"; }
kill $bpid
wait
cat /tmp/out
grep -q wqdemo_unbound /tmp/out || fail "wqstat did not show wqdemo_unbound during a burst"
wqdump > /tmp/out || fail "wqdump exited $?"
grep -q wqdemo_percpu /tmp/out || fail "wqdump does not show wqdemo_percpu"
echo "ok: the tools' output agrees with debugfs; bad input gives exit 2 and 3"
