# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for the arc target, which is built and never
# booted: QEMU 7.2 has no ARC system model.  kunit.py needs a QEMU
# config to build for an architecture it has none for; scripts/
# kunit-target.sh stops after the build for this target (T_BOOT=no).
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='arc',
			   kconfig='''
CONFIG_ISA_ARCV2=y
CONFIG_ARC_CPU_HS=y''',
			   qemu_arch='arc',
			   kernel_path='vmlinux',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=[])
