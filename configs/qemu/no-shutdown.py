# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for a boot that goes on to userspace
# (scripts/uffd-poison.sh): the QEMU config named by the environment's
# KMAP_LOCAL_QEMU_CONFIG, with kunit_shutdown=none, so that KUnit does not
# reboot the machine before init runs.
import dataclasses
import importlib.util
import os

_path = os.environ['KMAP_LOCAL_QEMU_CONFIG']
# the name kunit.py gives a config it loads, so that its relative import
# of qemu_config works the same
_spec = importlib.util.spec_from_file_location(
	'.qemu_configs/' + os.path.basename(_path), _path)
_config = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_config)

QEMU_ARCH = dataclasses.replace(
	_config.QEMU_ARCH,
	kernel_command_line=_config.QEMU_ARCH.kernel_command_line +
	' kunit_shutdown=none')
