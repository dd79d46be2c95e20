# SPDX-License-Identifier: GPL-2.0
"""gdb's side of BENCH_STEP (harness/benchstep.py): run by gdb -batch -x.

Attaches to QEMU's gdbstub, stops at STEP_FUNC once the wqbench module's
items have reached it STEP_SKIP times (an item is the module's when its
function lies above the kernel image, in the module area), then steps that
vCPU alone, one instruction at a time, until STEP_FUNC is entered again
(STEP_UNTIL=again: one turn of a loop, a worker's item to item) or returns
(STEP_UNTIL=return: one call).  The program counters go to STEP_OUT, one
per line, and gdb detaches: the guest goes on with its plan.
"""
import os
import time

import gdb

FUNC = os.environ["STEP_FUNC"]
REG = os.environ["STEP_REG"]
SKIP = int(os.environ["STEP_SKIP"])
UNTIL = os.environ["STEP_UNTIL"]
LIMIT = 20000
MODULE_AREA = 0xffffffffa0000000
FUNC_OFFSET = 24        # work_struct.func without lockdep: data, entry, func


class ModuleItem(gdb.Breakpoint):
    """Stops at the (SKIP + 1)th call of FUNC for a module's item."""
    seen = 0

    def stop(self):
        func = int(gdb.parse_and_eval(f"*(unsigned long *)(${REG} + {FUNC_OFFSET})"))
        if func < MODULE_AREA:
            return False
        self.seen += 1
        return self.seen > SKIP


def value(expr):
    return int(gdb.parse_and_eval(expr)) & 0xffffffffffffffff


def main():
    gdb.execute("set pagination off")
    gdb.execute("set confirm off")
    # the boot lays out its initramfs before QEMU listens
    for tries in range(240):
        try:
            gdb.execute(f"target remote 127.0.0.1:{os.environ['STEP_PORT']}")
            break
        except gdb.error:
            if tries == 239:
                raise
            time.sleep(0.5)
    gdb.execute("set scheduler-locking step")
    bp = ModuleItem(FUNC)
    gdb.execute("continue")
    bp.enabled = False
    entry, sp0 = value("$pc"), value("$sp")
    ret = value("*(unsigned long *)$sp")
    pcs = [entry]
    for _ in range(LIMIT):
        gdb.execute("stepi", to_string=True)
        pc = value("$pc")
        if UNTIL == "again" and pc == entry:
            break
        if UNTIL == "return" and pc == ret and value("$sp") > sp0:
            break
        pcs.append(pc)
    with open(os.environ["STEP_OUT"], "w") as f:
        f.write("".join(f"{pc:x}\n" for pc in pcs))
    bp.delete()
    gdb.execute("detach")


main()
