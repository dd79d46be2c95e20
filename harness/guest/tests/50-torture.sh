#!/bin/sh
# The kernel's own torture tests for a bounded time each: RCU (whose
# callbacks and kthreads lean on workqueues) and locking.  Each must end
# with "End of test: SUCCESS".
fail() { echo "FAIL: $*"; exit 1; }

run() {
	mod=$1
	shift
	dmesg -c > /dev/null
	modprobe "$mod" "$@" || fail "modprobe $mod"
	sleep "${TORTURE_SECS:-15}"
	rmmod "$mod" || fail "rmmod $mod"
	dmesg | grep -q "End of test: SUCCESS" || {
		dmesg | tail -20
		fail "$mod did not end with SUCCESS"
	}
	echo "ok: $mod $*"
}

run rcutorture torture_type=rcu stat_interval=0 onoff_interval=0 shutdown_secs=0
run locktorture torture_type=spin_lock stat_interval=0 shutdown_secs=0
run locktorture torture_type=mutex_lock stat_interval=0 shutdown_secs=0
echo "torture tests passed"
