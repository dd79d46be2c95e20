#!/bin/sh
# Take secondary CPUs offline and back once each (on a big machine a few of
# them: the first and last of each node); the kernel must survive and the
# per-CPU kworkers of a returning CPU must be there again.
. /lib/wqtest.sh

all=$(online)
[ "$(count "$all")" -gt 1 ] || skip "one CPU: nothing to take offline"
some=$(for cpu in $(sample "$all"); do [ "$cpu" != 0 ] && echo "$cpu"; done)
for cpu in $some; do
	cpu_set "$cpu" 0 || fail "offline cpu$cpu"
	cpu_set "$cpu" 1 || fail "online cpu$cpu"
done
[ "$(online)" = "$all" ] || fail "CPUs did not all return: $(online)"
for cpu in $some; do
	ps -o comm | grep -q "^kworker/$cpu:" || fail "no kworker for cpu$cpu"
done
echo "cpus $(list $some) went offline and came back"
