# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for the workqueue suites: x86_64 with the harness's
# 2-socket, 2-node, 4-CPU guest (see wqtopo.py beside this file).
import os
import sys

from ..qemu_config import QemuArchParams

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wqtopo import qemu_args  # noqa: E402

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   # see HOG_THRESH_PARAM in wqh.py
			   kernel_command_line='console=ttyS0 '
					       'workqueue.cpu_intensive_thresh_us=100000',
			   extra_qemu_params=['-bios', 'qboot.rom'] + qemu_args())
