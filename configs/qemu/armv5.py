# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for the armv5 target: versatilepb, ARM926EJ-S.
# The board needs its device tree; scripts/kunit-target.sh passes the
# path of the one the build made in KMAP_LOCAL_DTB.
import os

from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='arm',
			   kconfig='''
CONFIG_ARCH_MULTI_V5=y
CONFIG_ARCH_VERSATILE=y
CONFIG_SERIAL_AMBA_PL011=y
CONFIG_SERIAL_AMBA_PL011_CONSOLE=y''',
			   qemu_arch='arm',
			   kernel_path='arch/arm/boot/zImage',
			   kernel_command_line='console=ttyAMA0',
			   extra_qemu_params=['-machine', 'versatilepb',
					      '-cpu', 'arm926',
					      '-dtb', os.environ.get('KMAP_LOCAL_DTB', '')])
