# SPDX-License-Identifier: GPL-2.0
"""The guest machine every harness run uses, in one place.

4 vCPUs as 2 sockets x 2 cores, one NUMA node per socket (CPUs 0-1 on node 0,
CPUs 2-3 on node 1) and 1 GiB of memory split between the nodes (the caller passes -m 1024).  TCG is the
default accelerator because KVM hangs on our machines; WQ_QEMU_ACCEL=kvm opts in.
"""
import os


def qemu_args():
    accel = os.environ.get("WQ_QEMU_ACCEL", "tcg")
    args = ["-accel", accel,
            "-smp", "4,sockets=2,cores=2,threads=1",
            "-object", "memory-backend-ram,id=mem0,size=512M",
            "-object", "memory-backend-ram,id=mem1,size=512M",
            "-numa", "node,nodeid=0,cpus=0-1,memdev=mem0",
            "-numa", "node,nodeid=1,cpus=2-3,memdev=mem1"]
    return args
