# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for the arm target: the virt machine with a
# Cortex-A15, as kunit.py's own arm config, but run by qemu-system-aarch64.
# QEMU 7.2's qemu-system-arm truncates the address of a translation table
# above 4 GiB to 32 bits (target_ulong), and HIGHPTE puts user page tables
# there once the guest has more than 3 GiB; qemu-system-aarch64 runs the
# same 32-bit guest with 64-bit addresses (docs/arm-above-4g.md).
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='arm',
			   kconfig='''
CONFIG_ARCH_VIRT=y
CONFIG_SERIAL_AMBA_PL010=y
CONFIG_SERIAL_AMBA_PL010_CONSOLE=y
CONFIG_SERIAL_AMBA_PL011=y
CONFIG_SERIAL_AMBA_PL011_CONSOLE=y''',
			   qemu_arch='aarch64',
			   kernel_path='arch/arm/boot/zImage',
			   kernel_command_line='console=ttyAMA0',
			   extra_qemu_params=['-machine', 'virt'])
