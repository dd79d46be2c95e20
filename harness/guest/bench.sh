#!/bin/sh
# The guest side of `make bench`: runs the steps /etc/wq-bench lists, one per
# line, and prints every figure as "WQB ROW UNIT VALUE" (and the histograms
# of the sampled rows as "WQB hist ROW B0 ... B23") for the harness to pick
# up.  $1 is the uptime at which /init started.  The steps:
#
#   rows ROW...		run each row of /lib/wqbench.ko on its own
#   scope S ROW...	set the affinity scope of wqbench_unbound to S, then
#			run the rows, their figures named ROW@S
#   footprint LABEL	kworkers and their memory now, as fp_LABEL_*
#   idle SECONDS	sleep (under -icount sleep=off the guest's clock jumps
#			over it, so the idle-worker culling is seen at once)
#   prof ROW...		run each row under /lib/wqprof.ko's sampling profile
#			and print it as "WQB prof ROW COUNT FUNCTION" lines
#			(and "WQB prof ROW total COUNT")
#   profdetail FUNC	for the prof steps after it: FUNC's samples by
#			offset, "FUNC+0xOFF" (wqprof's detail=)
#   count ROW		run ROW, whose timed part the module marks for QEMU's
#			counting plugin (BENCH_COUNT), and print the items it
#			did there as "WQB count ROW items N"
run=/sys/module/wqbench/parameters/run
unbound=/sys/devices/virtual/workqueue/wqbench_unbound

# Kernel messages would break the lines up on the console: keep them off it
# while the rows run and print them at the end, where the harness scans
# them for splats like every console log.
klines=$(dmesg | wc -l)
echo 1 > /proc/sys/kernel/printk
echo "WQB boot_to_init s $1"
insmod /lib/wqbench.ko || { echo "WQB error: cannot load wqbench"; exit 1; }

# "ROW UNIT VALUE" lines of the module, ROW suffixed with $1 if given
results() {
	while read -r a b c; do
		case "$a" in
		hist) echo "WQB hist $b$1 $c" ;;
		*) echo "WQB $a$1 $b $c" ;;
		esac
	done < $run
}

row() {
	if echo "$1" > $run; then
		results "$2"
	else
		echo "WQB error: row $1 failed"
	fi
}

kworkers() { ps -o comm | grep -c '^kworker/'; }

meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }

footprint() {
	echo "WQB fp_${1}_kworkers count $(kworkers)"
	echo "WQB fp_${1}_kernelstack kB $(meminfo KernelStack)"
	echo "WQB fp_${1}_sunreclaim kB $(meminfo SUnreclaim)"
}

while read -r step args; do
	echo "WQB step $step $args"
	case "$step" in
	rows)
		for r in $args; do row $r; done
		;;
	scope)
		set -- $args
		s=$1
		shift
		if echo $s > $unbound/affinity_scope; then
			for r in "$@"; do row $r "@$s"; done
		else
			echo "WQB error: scope $s refused"
		fi
		;;
	footprint)
		footprint $args
		;;
	profdetail)
		prof_detail=$args
		;;
	idle)
		sleep $args
		;;
	prof)
		prof=/sys/module/wqprof/parameters
		if ! insmod /lib/wqprof.ko ${prof_detail:+detail=$prof_detail}; then
			echo "WQB error: cannot load wqprof"
			continue
		fi
		for r in $args; do
			echo 1 > $prof/on
			row $r
			echo 0 > $prof/on
			while read -r n f; do
				echo "WQB prof $r $n $f"
			done < $prof/report
		done
		rmmod wqprof
		;;
	count)
		row $args
		echo "WQB count $args items $(cat /sys/module/wqbench/parameters/counted)"
		;;
	esac
done < /etc/wq-bench
rmmod wqbench
echo "WQB done"
dmesg | tail -n +"$((klines + 1))"
