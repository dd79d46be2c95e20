#!/bin/sh
# /sys/kernel/debug/workqueue/ (series only): every file is root-only and
# parses with the format the rst documents (a header of column names, then
# records with as many whitespace-separated columns, numbers or "-", no
# pointers), stats has every workqueue and pools every pool, reset zeroes
# the counters and refuses anything but 1.  Also run in the boot with
# workqueue.stats=0, where the counters read "-" and latency is empty.
. /lib/wqtest.sh
d=/sys/kernel/debug/workqueue
read impl < /etc/wq-impl
[ "$impl" = stock ] && skip "stock 6.12 has no $d: the series' statistics (issue 13)"
[ -d $d ] || fail "no $d"
p=/sys/module/wqdemo/parameters
stats_on=1
case " $(cat /proc/cmdline) " in *" workqueue.stats=0 "*) stats_on=0 ;; esac

hdr_stats="id name flags max_active queued started completed cancelled pending inactive running cpu_us cpu_intensive cm_wakeups repatriated maydays rescued max_wait_us max_run_us"
hdr_pools="id kind cpu node nice cpus pod flags workers idle busy running pending oldest_ms stall_s"
hdr_pwqs="wq name pool cpus refcnt active max_active inactive in_flight"
hdr_workers="pool pid id flags wq func running_us"
hdr_pods="scope pod cpus"
hdr_latency="id name kind lt1"
b=1
while [ $b -lt 8388608 ]; do
	b=$((b * 2))
	hdr_latency="$hdr_latency lt$b"
done
hdr_latency="$hdr_latency ge$b"

# permissions: read-only files and a write-only reset, for root alone
for f in stats latency pools pwqs workers pods reset; do
	m=$(stat -c %A $d/$f) || fail "no $d/$f"
	want=-r--------
	[ $f = reset ] && want=--w-------
	[ "$m" = $want ] || fail "$d/$f has mode $m, want $want"
done
setpriv --reuid=65534 --regid=65534 --clear-groups cat $d/stats >/dev/null 2>&1 &&
	fail "an unprivileged user can read $d/stats"

# check FILE: header as documented, every record as wide as it, each column
# of the kind its name says; prints the number of records
check() {
	eval want=\$hdr_$1
	awk -v f="$1" -v want="$want" -v on=$stats_on '
		function bad(msg) { print "FAIL: " f " line " NR ": " msg; err = 1; exit 1 }
		NR == 1 {
			if ($0 != want) bad("header \"" $0 "\", want \"" want "\"")
			for (i = 1; i <= NF; i++) col[i] = $i
			n = NF
			next
		}
		{
			if (NF != n) bad(NF " columns, the header has " n)
			if ($0 ~ /(0x|ffff)[0-9a-f]/) bad("looks like a pointer: " $0)
			for (i = 1; i <= NF; i++) {
				c = col[i]; v = $i
				if (c == "name" || c == "wq" && f == "workers" || c == "func" ||
				    c == "flags" || c == "kind" || c == "scope") {
					if (v ~ /[[:space:]]/ || v == "") bad(c " \"" v "\"")
				} else if (c == "cpus" || c == "pod") {
					if (v !~ /^([0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*|-)$/) bad(c " \"" v "\"")
				} else if (c == "nice") {
					if (v !~ /^-?[0-9]+$/) bad(c " \"" v "\"")
				} else if (v !~ /^([0-9]+|-)$/) {
					bad(c " \"" v "\" is not a number")
				}
			}
			if (f == "stats") {
				# counters are "-" exactly when statistics are off
				for (i = 5; i <= NF; i++)
					if (i < 9 || i > 11)
						if ((v = ($i == "-")) == on) bad(col[i] " \"" $i "\" with stats=" on)
			}
			rec++
		}
		END { if (!err) print rec + 0 }' $d/$1
}
for f in stats pools pwqs workers pods latency; do
	n=$(check $f) || fail "$n"
	echo "$f: $n records"
	eval n_$f=$n
done
[ $stats_on = 1 ] || [ "$n_latency" = 0 ] || fail "latency has $n_latency records with stats off"
[ $stats_on = 0 ] || [ "$n_latency" = $((2 * n_stats)) ] ||
	fail "latency has $n_latency records for $n_stats workqueues"

# every workqueue: the WQ_SYSFS ones by name, the system ones too
for w in events events_unbound events_highpri events_bh mm_percpu_wq \
	 $(ls /sys/bus/workqueue/devices); do
	awk -v w=$w 'NR > 1 && $2 == w { f = 1 } END { exit !f }' $d/stats ||
		fail "workqueue $w is not in stats"
done
# every pool: two task and two BH pools per possible CPU, and unbound ones
ncpu=$(count "$(cat /sys/devices/system/cpu/possible)")
for k in cpu bh; do
	got=$(awk -v k=$k 'NR > 1 && $2 == k' $d/pools | wc -l)
	[ "$got" = $((2 * ncpu)) ] || fail "$got $k pools for $ncpu possible CPUs"
done
awk 'NR > 1 && $2 == "unbound" { f = 1 } END { exit !f }' $d/pools || fail "no unbound pool"
awk 'NR > 1 && $1 == "system" { n++ } END { exit n != 1 }' $d/pods || fail "not one system pod"

[ $stats_on = 1 ] || { echo "ok: every file parses; counters off and shown as -"; exit 0; }

# field NAME WQ: a stats column of a workqueue
field() {
	awk -v c=$1 -v w=$2 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
		$2 == w { print $k }' $d/stats
}
insmod /lib/wqdemo.ko || fail "insmod wqdemo"
trap 'rmmod wqdemo' EXIT
echo 4 > $p/burst || fail "burst"
n=$(field completed wqdemo_unbound)
[ "$n" -gt 0 ] || fail "wqdemo_unbound completed '$n' after a burst"
[ "$(field queued wqdemo_unbound)" = "$n" ] || fail "queued $(field queued wqdemo_unbound), completed $n"
echo 2 > $d/reset 2>/dev/null && fail "reset took 2"
[ "$(field completed wqdemo_unbound)" = "$n" ] || fail "a refused reset changed the counters"
echo 1 > $d/reset || fail "reset refused 1"
for c in queued started completed cpu_us max_run_us; do
	v=$(field $c wqdemo_unbound)
	[ "$v" = 0 ] || fail "$c is $v after reset"
done
awk '$2 == "wqdemo_unbound" { for (i = 4; i <= NF; i++) s += $i } END { exit s != 0 }' \
	$d/latency || fail "latency not zeroed by reset"
echo "ok: every file parses, root only; reset zeroes and refuses 2"
