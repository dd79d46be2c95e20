# Helpers for the boot tests, which source this file as /lib/wqtest.sh: the
# machine the harness meant to boot (/etc/wq-topo, written from
# harness/wqtopo.py: WQ_NCPUS, WQ_NNODES, WQ_NODE<n>, ...) and cpulist
# arithmetic for busybox sh.  Nothing here assumes a CPU count.

[ -r /etc/wq-topo ] && . /etc/wq-topo

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "skip: $*"; exit 77; }

# series_only WHY: skip on stock 6.12 a test of what only the series does
series_only() {
	local impl
	read impl < /etc/wq-impl
	[ "$impl" = stock ] && skip "stock 6.12 $*; the series does not (issue 5)"
	return 0
}

sysfs_cpu=/sys/devices/system/cpu

# The helpers below fork nothing where they can: under TCG every fork costs
# about 10 ms, and the tests call them in loops.  (The cpulists of nodes and
# of the topology/ directory are binary attributes that the shell's read
# cannot take in: those need cat.)

# has CPU LIST: the cpulist ("0-2,5") has the CPU
has() {
	local IFS=, r
	for r in $2; do
		[ "$1" -ge "${r%-*}" ] && [ "$1" -le "${r#*-}" ] && return 0
	done
	return 1
}

# within A B: every CPU of cpulist A is in cpulist B
within() {
	local IFS=, r c
	for r in $1; do
		c=${r%-*}
		while [ "$c" -le "${r#*-}" ]; do
			has "$c" "$2" || return 1
			c=$((c + 1))
		done
	done
}

# cpus LIST: the CPUs of a cpulist as words ("0 1 2 5")
cpus() {
	local IFS=, r c
	for r in $1; do
		c=${r%-*}
		while [ "$c" -le "${r#*-}" ]; do
			printf '%s ' "$c"
			c=$((c + 1))
		done
	done
}

# count LIST: how many CPUs a cpulist has
count() {
	local IFS=, r n=0
	for r in $1; do
		n=$((n + ${r#*-} - ${r%-*} + 1))
	done
	echo $n
}

online() {
	local l
	read l < $sysfs_cpu/online
	echo "$l"
}

# list WORDS...: the cpulist of CPU numbers given in increasing order
list() {
	local out= first= last= c
	for c in "$@" -; do
		if [ "$c" != - ] && [ -n "$last" ] && [ "$c" -eq $((last + 1)) ]; then
			last=$c
			continue
		fi
		if [ -n "$first" ]; then
			[ "$first" = "$last" ] && out="$out,$first" || out="$out,$first-$last"
		fi
		first=$c last=$c
	done
	echo "${out#,}"
}

# mask LIST: the cpulist as a hex cpumask the kernel parses, with a comma
# between 32-bit groups (up to 64 CPUs)
mask() {
	local lo=0 hi=0 c
	for c in $(cpus "$1"); do
		if [ "$c" -lt 32 ]; then
			lo=$((lo | (1 << c)))
		else
			hi=$((hi | (1 << (c - 32))))
		fi
	done
	if [ "$hi" -ne 0 ]; then
		printf '%x,%08x\n' "$hi" "$lo"
	else
		printf '%x\n' "$lo"
	fi
}

# masknorm MASK: a hex cpumask without commas and leading zeros, so that
# masks compare as strings whatever nr_cpu_ids pads them to
masknorm() {
	local m
	m=$(echo "$1" | tr -d , | sed 's/^0*//')
	echo "${m:-0}"
}

# node_cpus NODE: the cpulist of a NUMA node
node_cpus() {
	cat "/sys/devices/system/node/node$1/cpulist"
}

# nodes: the NUMA nodes with CPUs, as words
nodes() {
	local n
	for n in /sys/devices/system/node/node[0-9]*; do
		n=${n##*node}
		[ -n "$(node_cpus "$n")" ] && printf '%s ' "$n"
	done
}

# node_of CPU: the NUMA node of a CPU
node_of() {
	local n
	for n in $(nodes); do
		if has "$1" "$(node_cpus "$n")"; then
			echo "$n"
			return
		fi
	done
}

# pod SCOPE CPU: the CPUs an unbound workqueue with affinity_scope SCOPE
# groups CPU with (before its cpumask narrows them): the CPU itself, its SMT
# siblings, the CPUs sharing its last-level cache (L3, else the package),
# its NUMA node, or every online CPU
pod() {
	local d=$sysfs_cpu/cpu$2 p=
	case $1 in
	cpu) p=$2 ;;
	smt) p=$(cat "$d/topology/thread_siblings_list") ;;
	cache)
		if [ -r "$d/cache/index3/shared_cpu_list" ]; then
			read p < "$d/cache/index3/shared_cpu_list"
		else
			p=$(cat "$d/topology/core_siblings_list")
		fi ;;
	numa) p=$(node_cpus "$(node_of "$2")") ;;
	system) read p < $sysfs_cpu/online ;;
	esac
	echo "$p"
}

# sample LIST: a few CPUs of a cpulist to act on when acting on all of them
# would take too long: all of them up to 4, else the first and last CPU of
# each NUMA node that the list has
sample() {
	local n nl first last
	if [ "$(count "$1")" -le 4 ]; then
		cpus "$1"
		return
	fi
	for n in $(nodes); do
		nl=$(node_cpus "$n")
		first=${nl%%[-,]*}
		last=${nl##*[-,]}
		has "$first" "$1" && printf '%s ' "$first"
		[ "$last" != "$first" ] && has "$last" "$1" && printf '%s ' "$last"
	done
}

# cpu_set CPU 0|1: take a CPU offline or bring it back
cpu_set() {
	local on
	read on < "$sysfs_cpu/cpu$1/online"
	[ "$on" = "$2" ] && return 0
	echo "$2" > "$sysfs_cpu/cpu$1/online"
}

# nohz_full_cpus: the cpulist given as nohz_full= on the kernel command
# line, empty without one
nohz_full_cpus() {
	local w line
	read line < /proc/cmdline
	for w in $line; do
		case "$w" in
		nohz_full=*) echo "${w#*=}"; return ;;
		esac
	done
}

# probe CPU N serial|burst: queue N items on wqdemo_unbound from a kthread
# bound to CPU (see harness/modules/wqdemo.c) and set $ran to the cpulist
# they ran on; fails the test unless all N ran
probe() {
	local r
	echo "$1 $2 $3" > /sys/module/wqdemo/parameters/probe || fail "probe '$*' refused"
	read r < /sys/module/wqdemo/parameters/probe
	case "$r" in
	"ran $2 of $2 on "*) ran=${r##* on } ;;
	*) fail "probe '$*': $r" ;;
	esac
}

# Writes to sysfs files, as the sysfs tests make them.

# try FILE VALUE: write, return the shell's status (nonzero when rejected)
try() { echo "$2" 2>/dev/null > "$1"; }
# good FILE VALUE [READBACK]: the write works and reads back
good() {
	try "$1" "$2" || fail "write '$2' to $1 failed"
	got=$(cat "$1")
	[ "$got" = "${3:-$2}" ] || fail "$1: wrote '$2', reads '$got'"
	echo "ok: $1 <- $2"
}
# goodmask FILE MASK: the same for a cpumask, which reads back padded to
# nr_cpu_ids bits
goodmask() {
	try "$1" "$2" || fail "write '$2' to $1 failed"
	got=$(cat "$1")
	[ "$(masknorm "$got")" = "$(masknorm "$2")" ] || fail "$1: wrote '$2', reads '$got'"
	echo "ok: $1 <- $2"
}
# bad FILE VALUE [ERROR]: the write fails with ERROR (the strerror text
# busybox prints, "Invalid argument" by default) and the old value stays
bad() {
	old=$(cat "$1")
	want=${3:-Invalid argument}
	if err=$(echo "$2" 2>&1 > "$1"); then
		fail "$1 accepted '$2'"
	fi
	case "$err" in
	*"$want"*) ;;
	*) fail "$1 rejects '$2' with '$err', want '$want'" ;;
	esac
	[ "$(cat "$1")" = "$old" ] || fail "$1 changed to '$(cat "$1")' on a bad write"
	echo "ok: $1 rejects '$2' ($want)"
}

# The wqtorture module (lib/test_workqueue_torture.c) from the boot tests.

# torture_lax: the module argument for IMPL: 6.12 lets the items of an
# ordered workqueue overtake across a change of its attributes (see
# 75-ordered-retune), and returns from a _sync cancel while the item still
# runs on the replaced pool_workqueue (76-ordered-cancel), so on stock the
# torture counts both apart
torture_lax() {
	local impl
	read impl < /etc/wq-impl
	[ "$impl" = stock ] && echo ordered_lax=1
	return 0
}

# torture_wait SECS: wait up to SECS seconds for the run's end line
torture_wait() {
	local i=0
	while [ $i -lt "$1" ]; do
		dmesg | grep -q "wqtorture: End of test" && return 0
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# torture_success WHAT: show the run's final lines; fail unless it ended
# with SUCCESS, showing its end and violation lines (or the log's tail)
torture_success() {
	dmesg | grep "wqtorture: final:"
	dmesg | grep -q "wqtorture: End of test: SUCCESS" && return 0
	dmesg | grep "wqtorture: \(End of test\|violation\)" || dmesg | tail -20
	fail "wqtorture did not succeed$1"
}
