#!/bin/sh
# The tracing recipe of 6.12 keeps working: a kprobe on queue_work_on() sees
# the item as its third argument and one on process_one_work() as its
# second (wqkprobe.ko counts the hits that carry its own items), and the four
# workqueue tracepoints have 6.12's fields.  Passes on stock.
. /lib/wqtest.sh
p=/sys/module/wqkprobe/parameters

insmod /lib/wqkprobe.ko || fail "insmod wqkprobe"
read r < $p/report
rmmod wqkprobe
echo "kprobes: $r"
set -- $r
[ "$1 $3 $4 $5 $7 $8" = "queue_work_on of 64 process_one_work of 64" ] || fail "kprobes: $r"
[ "$2" = 64 ] || fail "the queue_work_on() probe saw $2 of 64 items in its third argument"
[ "$6" = 64 ] || fail "the process_one_work() probe saw $6 of 64 items in its second argument"

t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs nodev $t 2>/dev/null
[ -d $t/events/workqueue ] || fail "no workqueue events in $t"
# each event's own fields, as 6.12 defines them (type and name only)
fields() {
	sed -n 's/^[[:space:]]*field:\([^;]*\);.*/\1/p' $t/events/workqueue/$1/format |
		grep -v ' common_' | tr '\n' '|'
}
want_queue='void * work|void * function|__data_loc char[] workqueue|int req_cpu|int cpu|'
want_activate='void * work|void * function|'
want_start='void * work|void * function|'
want_end='void * work|void * function|'
for e in queue:workqueue_queue_work activate:workqueue_activate_work \
	 start:workqueue_execute_start end:workqueue_execute_end; do
	got=$(fields ${e#*:})
	eval want=\$want_${e%%:*}
	[ "$got" = "$want" ] || fail "${e#*:} has fields '$got', 6.12 has '$want'"
done
echo "ok: both kprobes saw every item where the recipe looks; tracepoint fields as in 6.12"
