# SPDX-License-Identifier: GPL-2.0
"""The guest machines the harness boots, in one place.

Every topology has one NUMA node per socket, one thread per core, and its
memory split evenly between the nodes:

  default  4 vCPUs as 2 sockets x 2 cores (CPUs 0-1 on node 0, 2-3 on node 1),
           1 GiB: what make check, make run and the KUnit runs use
  scale32  32 vCPUs as 4 sockets x 8 cores, 4 nodes of 256 MiB (make scale)
  one      1 vCPU, one node (make scale)

The caller passes -m memory_mb(topology).  TCG is the default accelerator
because KVM hangs on our machines; WQ_QEMU_ACCEL=kvm opts in.
"""
import os

# name: (sockets, cores per socket, MiB, per-test timeout in the guest in s)
TOPOLOGIES = {
    "default": (2, 2, 1024, 300),
    "scale32": (4, 8, 1024, 900),
    "one": (1, 1, 1024, 300),
}


def _topo(name):
    if name not in TOPOLOGIES:
        raise ValueError(f"unknown topology {name!r}: expected one of "
                         + ", ".join(sorted(TOPOLOGIES)))
    return TOPOLOGIES[name]


def _cpulist(first, last):
    return str(first) if first == last else f"{first}-{last}"


def memory_mb(name="default"):
    return _topo(name)[2]


def ncpus(name="default"):
    sockets, cores, _, _ = _topo(name)
    return sockets * cores


def qemu_args(name="default", accel=None):
    """-accel (@accel, else $WQ_QEMU_ACCEL or tcg), -smp and the NUMA layout
    of a topology (without -m)."""
    sockets, cores, mem, _ = _topo(name)
    accel = accel or os.environ.get("WQ_QEMU_ACCEL", "tcg")
    args = ["-accel", accel,
            "-smp", f"{sockets * cores},sockets={sockets},cores={cores},threads=1"]
    for node in range(sockets):
        args += ["-object", f"memory-backend-ram,id=mem{node},size={mem // sockets}M"]
    for node in range(sockets):
        cpus = _cpulist(node * cores, node * cores + cores - 1)
        args += ["-numa", f"node,nodeid={node},cpus={cpus},memdev=mem{node}"]
    return args


def expectations(name="default"):
    """The guest's /etc/wq-topo: what the boot tests may assume, as sh variables."""
    sockets, cores, _, timeout = _topo(name)
    lines = [f"# written by harness/wqtopo.py for the topology {name!r}",
             f"WQ_TOPO={name}",
             f"WQ_NCPUS={sockets * cores}",
             f"WQ_NNODES={sockets}",
             f"WQ_CPUS_PER_NODE={cores}",
             f"WQ_ONLINE={_cpulist(0, sockets * cores - 1)}",
             f"WQTEST_TIMEOUT={timeout}"]
    for node in range(sockets):
        lines.append(f"WQ_NODE{node}={_cpulist(node * cores, node * cores + cores - 1)}")
    return "\n".join(lines) + "\n"
