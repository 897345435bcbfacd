#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make lava's LAVA jobs, from the boots make test ran.

  lava-job.py job EXEC_LOG SUITE JOB [--url-base URL [--copy-to DIR]]
                  [--metadata K=V]...
      Write the LAVA job that boots what EXEC_LOG (kunit.py's output of one
      make test boot) shows kunit.py ran: the same QEMU binary, machine,
      CPU, RAM, CPUs, kernel, device tree and kernel command line, under
      TCG, with the KTAP results of SUITE parsed into LAVA test cases by a
      monitor.  A boot that does not ask for the suite's WARNs also gets
      panic_on_warn=1, so that a WARN fails the job as it fails make test.
      With --url-base the images are named under URL (for a lab), and
      --copy-to copies them into DIR, to be put there.
  lava-job.py device TEMPLATES JOB DEVICE
      Render LAVA's qemu device type (TEMPLATES/qemu.jinja2) with the
      job's context into the device dictionary lava-run takes, as a LAVA
      server renders it for the job.
  lava-job.py results LOG SUITE
      From lava-run's log: "passed failed skipped job-result" of SUITE's
      test cases, then one line per case.
"""
import argparse
import json
import os
import shlex
import shutil
import sys

import yaml

# QEMU binary -> LAVA's arch (the qemu device type picks the binary by it)
ARCHES = {
    'qemu-system-i386': 'i386',
    'qemu-system-x86_64': 'x86_64',
    # the arm target: a 32-bit guest, run by qemu-system-aarch64 for its
    # 64-bit table walks (docs/arm-above-4g.md)
    'qemu-system-aarch64': 'aarch64',
    'qemu-system-arm': 'arm',
    'qemu-system-ppc': 'ppc',
    'qemu-system-mips': 'mips',
    'qemu-system-mipsel': 'mipsel',
    'qemu-system-sparc': 'sparc',
}
# The device type always adds a NIC (virtio unless told): the machines
# without PCI get their own.
NIC = {'versatilepb': 'model=smc91c111', 'SS-5': 'model=lance',
       'SS-10': 'model=lance', 'SS-20': 'model=lance'}
# The machine QEMU (and the device type) use when none is named
DEFAULT_MACHINE = {'sparc': 'SS-5'}

# One KTAP case line of the suite (four spaces in), its result SKIP where
# the line says so: "    ok 3 name", "    not ok 3 name",
# "    ok 3 name # SKIP reason".  Parameter lines (eight spaces) and the
# suite's own line are not cases.  The line end is looked at, not taken,
# so that the next line's start is still there to match.
CASE = (r'(?:\n|\] )    (?=(?:ok \d+ [^\s#]+ # )?(?P<result>SKIP|not ok|ok))'
        r'(?:not ok|ok) \d+ (?P<test_case_id>[^\s#]+)[^\r\n]*(?=[\r\n])')


def qemu_command(exec_log):
    """The QEMU command line kunit.py printed in EXEC_LOG, split."""
    with open(exec_log) as f:
        for line in f:
            if line.startswith('$ qemu-system-'):
                return shlex.split(line[2:])
    sys.exit(f'lava-job.py: no QEMU command in {exec_log}')


def job(args):
    cmd = qemu_command(args.exec_log)
    arch = ARCHES.get(cmd[0])
    if not arch:
        sys.exit(f'lava-job.py: {cmd[0]}: no LAVA arch for it')
    opts = {}
    extra = []
    i = 1
    while i < len(cmd):
        o = '-machine' if cmd[i] == '-M' else cmd[i]
        if o in ('-kernel', '-append', '-dtb', '-m', '-cpu', '-machine'):
            opts[o] = cmd[i + 1]	# the last one wins, as for QEMU
            i += 2
        elif o == '-accel':
            i += 2			# TCG: KVM is not asked for
        elif o in ('-nographic', '-nodefaults', '-serial'):
            i += 2 if o == '-serial' else 1	# the device type's
        else:
            extra.append(o)
            i += 1
    append = opts['-append']
    if 'test_kmap_local.warn=1' not in append:
        append += ' panic_on_warn=1'
    url = args.url_base.rstrip('/') + '/' if args.url_base else 'file://'

    def image(path):
        if args.copy_to:
            shutil.copy(path, args.copy_to)
        return url + (os.path.basename(path) if args.url_base else os.path.abspath(path))

    context = {'arch': arch, 'no_kvm': True, 'memory': opts.get('-m', '1024'),
               'extra_options': [' '.join(shlex.quote(e) for e in extra)]}
    if '-cpu' in opts:
        context['cpu'] = opts['-cpu']
    if '-machine' in opts:
        context['machine'] = opts['-machine']
    machine = opts.get('-machine', DEFAULT_MACHINE.get(arch))
    if machine in NIC:
        context['model'] = NIC[machine]
    images = {'kernel': {
        'image_arg': '-kernel {kernel} -append ' + shlex.quote(' '.join(append.split())),
        'url': image(opts['-kernel'])}}
    if '-dtb' in opts:
        images['dtb'] = {'image_arg': '-dtb {dtb}', 'url': image(opts['-dtb'])}
    suite = args.suite
    metadata = dict(m.split('=', 1) for m in args.metadata)
    j = {
        'device_type': 'qemu',
        'job_name': f'kmap_local {metadata.get("target", "")} {suite}'.replace('  ', ' '),
        'timeouts': {'job': {'minutes': 30}, 'action': {'minutes': 25},
                     'connection': {'minutes': 2}},
        'priority': 'medium',
        'visibility': 'public',
        'metadata': metadata,
        'context': context,
        'actions': [
            {'deploy': {'to': 'tmpfs', 'timeout': {'minutes': 5}, 'images': images}},
            {'boot': {'method': 'qemu', 'media': 'tmpfs',
                      'timeout': {'minutes': 3}}},
            {'test': {'timeout': {'minutes': 25}, 'monitors': [{
                'name': suite,
                'start': rf'# Subtest: {suite}\s',
                'end': rf'\n(?:not )?ok \d+ {suite}\s',
                'pattern': CASE,
                'fixupdict': {'ok': 'pass', 'not ok': 'fail', 'SKIP': 'skip'},
            }]}},
        ],
    }
    with open(args.job, 'w') as f:
        f.write(f'# LAVA job: the {suite} boot of make test ({args.exec_log})\n')
        yaml.safe_dump(j, f, sort_keys=False, width=1000)


def device(args):
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment
    env = SandboxedEnvironment(loader=FileSystemLoader([args.templates]),
                               trim_blocks=True, autoescape=False)
    with open(args.job) as f:
        context = yaml.safe_load(f)['context']
    text = env.get_template('qemu.jinja2').render(**context)
    yaml.safe_load(text)	# must be YAML
    with open(args.device, 'w') as f:
        f.write(text)


def results(args):
    p = f = s = 0
    job_result = 'incomplete'
    cases = []
    with open(args.log) as log:
        for line in log:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get('lvl') != 'results':
                continue
            m = entry['msg']
            if m.get('definition') == args.suite:
                cases.append(f'{m["result"]:5} {m["case"]}')
                p += m['result'] == 'pass'
                f += m['result'] == 'fail'
                s += m['result'] == 'skip'
            elif m.get('definition') == 'lava' and m.get('case') == 'job':
                job_result = m['result']
    print(p, f, s, job_result)
    for c in cases:
        print(c)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    a = sub.add_parser('job')
    a.add_argument('exec_log')
    a.add_argument('suite')
    a.add_argument('job')
    a.add_argument('--url-base')
    a.add_argument('--copy-to')
    a.add_argument('--metadata', action='append', default=[])
    a.set_defaults(func=job)
    a = sub.add_parser('device')
    a.add_argument('templates')
    a.add_argument('job')
    a.add_argument('device')
    a.set_defaults(func=device)
    a = sub.add_parser('results')
    a.add_argument('log')
    a.add_argument('suite')
    a.set_defaults(func=results)
    args = ap.parse_args()
    args.func(args)


if __name__ == '__main__':
    main()
