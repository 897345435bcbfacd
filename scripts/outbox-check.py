#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The mail side of scripts/outbox-check.sh.

  sink PORTFILE MAILDIR ENVELOPES
      an SMTP server on 127.0.0.1, on a free port that it writes to
      PORTFILE once it listens; every message it is given goes to the
      Maildir MAILDIR as received (line ends made LF), and its envelope
      (MAIL FROM, RCPT TO) as a JSON line to ENVELOPES.  Runs until
      SIGTERM or SIGINT.  Needs python3-aiosmtpd.

The checks, each one exiting 0 (ok) or 1 (with the reasons on stdout):

  count MAILDIR N
      N mails arrived.
  thread MAILDIR N OUTDIR
      [PATCH i/N] arrived once for every i from 0 to N; the cover letter,
      0/N, alone starts the thread, and each of the N others has
      In-Reply-To and References pointing at it; writes OUTDIR/order (the Maildir keys in thread
      order), OUTDIR/cover-msgid and OUTDIR/patches.mbox (the N patches
      in thread order, mboxrd), even when the threading is wrong, so long
      as the cover letter arrived.
  recipients MAILDIR OUTDIR OUTBOX ENVELOPES SENDER
      each mail's To and Cc are what make outbox meant: OUTBOX/to, and
      OUTBOX/cc plus what the patch's own trailers add (Cc:, *-by:, but
      not the sender's own), by lowercased address, with the names they
      have there; no address twice and no name under two addresses; the
      envelope went to exactly those.
  identity MAILDIR OUTDIR NAME EMAIL SENDER
      NAME and EMAIL (the project identity) nowhere, in any header or
      body, raw or decoded; every mail is From: SENDER.
  shortlog MAILDIR OUTDIR SENDER_NAME N
      the cover letter's shortlog is headed "SENDER_NAME (N):".
"""
import email
import email.header
import email.policy
import email.utils
import json
import mailbox
import os
import re
import sys


def sink(portfile, maildir, envelopes):
    import asyncio
    import signal
    import socket
    from aiosmtpd.smtp import SMTP

    box = mailbox.Maildir(maildir, create=True)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            data = envelope.original_content or envelope.content
            if isinstance(data, str):
                data = data.encode('utf-8', 'surrogateescape')
            data = data.replace(b'\r\n', b'\n')
            key = box.add(mailbox.MaildirMessage(data))
            with open(envelopes, 'a') as f:
                f.write(json.dumps({'key': key,
                                    'mail_from': envelope.mail_from,
                                    'rcpt_tos': envelope.rcpt_tos}) + '\n')
            return '250 OK delivered to the outbox-check sink'

    # Bind port 0 ourselves: the kernel picks a free port, no race.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(('127.0.0.1', 0))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(Handler(), hostname='outbox-check.invalid',
                     ident='outbox-check sink'), sock=sock))
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    tmp = portfile + '.tmp'
    with open(tmp, 'w') as f:
        f.write('%d\n' % sock.getsockname()[1])
    os.rename(tmp, portfile)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()


def load(maildir):
    """{key: (raw bytes, parsed message)} of the Maildir."""
    box = mailbox.Maildir(maildir, create=False)
    mails = {}
    for key in box.keys():
        with box.get_file(key) as f:
            raw = f.read()
        mails[key] = (raw, email.message_from_bytes(raw, policy=email.policy.compat32))
    return mails


def decoded(v):
    """A header value decoded (RFC 2047) and unfolded."""
    s = str(email.header.make_header(email.header.decode_header(str(v))))
    return re.sub(r'\s*\n\s*', ' ', s).strip()


def hdr(msg, name):
    """The first NAME header, decoded, '' when absent."""
    v = msg.get(name)
    return '' if v is None else decoded(v)


def msgids(s):
    return re.findall(r'<[^<>\s]+>', s or '')


def counter(subject):
    m = re.match(r'\[PATCH[^\]]*?\s(\d+)/(\d+)\]', subject)
    return (int(m.group(1)), int(m.group(2))) if m else None


def ordered(maildir, outdir):
    mails = load(maildir)
    with open(os.path.join(outdir, 'order')) as f:
        return [(k,) + mails[k] for k in f.read().split()]


def body_text(msg):
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b''
        parts.append(payload.decode(part.get_content_charset() or 'utf-8', 'replace'))
    return '\n'.join(parts)


def fail(problems):
    for p in problems:
        print(p)
    return 1 if problems else 0


def check_count(maildir, n):
    got = len(load(maildir))
    return fail([] if got == int(n) else ['%d mails arrived, not %s' % (got, n)])


def check_thread(maildir, n, outdir):
    n = int(n)
    mails = load(maildir)
    problems = []
    # place the mails by their [PATCH i/N] counters first, so that the
    # other checks can go on when the threading is wrong
    by_counter = {}
    for k, (_, m) in mails.items():
        subj = hdr(m, 'Subject')
        c = counter(subj)
        if not c or c[1] != n:
            problems.append('"%s": no [PATCH i/%d] counter' % (subj, n))
        elif c[0] in by_counter:
            problems.append('[PATCH %d/%d] arrived twice' % c)
        else:
            by_counter[c[0]] = k
    missing = [i for i in range(0, n + 1) if i not in by_counter]
    if missing:
        problems.append('[PATCH i/%d] for i in %s did not arrive' % (n, missing))
    if 0 not in by_counter:
        return fail(problems + ['no cover letter, no thread'])
    root = by_counter[0]
    cover_id = (msgids(mails[root][1].get('Message-ID')) or [None])[0]
    if not cover_id:
        return fail(problems + ['the cover letter has no Message-ID'])
    roots = [k for k, (_, m) in mails.items() if not m.get('In-Reply-To')]
    if roots != [root]:
        problems.append('%d mails start a thread (have no In-Reply-To), '
                        'not just the cover letter' % len(roots))
    for k, (_, m) in mails.items():
        if k == root:
            continue
        subj = hdr(m, 'Subject')
        if msgids(m.get('In-Reply-To')) != [cover_id]:
            problems.append('"%s": In-Reply-To %s, not the cover letter %s'
                            % (subj, m.get('In-Reply-To'), cover_id))
        if cover_id not in msgids(m.get('References')):
            problems.append('"%s": References %s lacks the cover letter %s'
                            % (subj, m.get('References'), cover_id))
    order = [by_counter[i] for i in sorted(by_counter)]
    with open(os.path.join(outdir, 'order'), 'w') as f:
        f.write('\n'.join(order) + '\n')
    with open(os.path.join(outdir, 'cover-msgid'), 'w') as f:
        f.write(cover_id.strip('<>') + '\n')
    # the patches, without the cover letter, as mboxrd, which
    # git am --patch-format=mboxrd reads back exactly
    with open(os.path.join(outdir, 'patches.mbox'), 'wb') as f:
        for k in order[1:]:
            f.write(b'From mboxrd@z Thu Jan  1 00:00:00 1970\n')
            raw = mails[k][0]
            for line in raw.splitlines(keepends=True):
                if re.match(rb'^>*From ', line):
                    line = b'>' + line
                f.write(line)
            if not raw.endswith(b'\n'):
                f.write(b'\n')
            f.write(b'\n')
    return fail(problems)


def addresses(values):
    """[(name, lowercased address)] of header values or list lines."""
    return [(re.sub(r'\s+', ' ', n).strip(), a.strip().lower())
            for n, a in email.utils.getaddresses(values) if a.strip()]


def patch_trailers(path, sender):
    """The addresses git send-email adds from a patch's own lines: Cc: and
    *-by: (its regex), except the sender's own, and stable@, whose Cc: tag
    make outbox does not mail (scripts/outbox-cc.sh)."""
    with open(path, 'rb') as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.compat32)
    found = []
    for line in body_text(msg).splitlines():
        m = re.match(r'^([a-z][a-z-]*-by|Cc): (.*)', line, re.IGNORECASE)
        if m:
            found += addresses([m.group(2)])
    return {a for _, a in found
            if a != sender and a != 'stable@vger.kernel.org'}


def check_recipients(maildir, outdir, outbox, envelopes, sender):
    sender = sender.lower()
    with open(os.path.join(outbox, 'to')) as f:
        to_named = addresses(f.read().splitlines())
    with open(os.path.join(outbox, 'cc')) as f:
        cc_named = addresses(f.read().splitlines())
    to_exp = {a for _, a in to_named}
    cc_list = {a for _, a in cc_named}
    names = {a: n for n, a in to_named + cc_named}
    patches = sorted(p for p in os.listdir(outbox)
                     if re.match(r'^\d{4}-.*\.patch$', p))
    envs = {}
    with open(envelopes) as f:
        for line in f:
            e = json.loads(line)
            envs[e['key']] = e
    problems = []
    mails = ordered(maildir, outdir)
    if len(mails) != len(patches):
        problems.append('%d mails in the thread, %d patches in %s'
                        % (len(mails), len(patches), outbox))
    for (key, _, m), patch in zip(mails, patches):
        subj = hdr(m, 'Subject')
        with open(os.path.join(outbox, patch), 'rb') as f:
            psubj = hdr(email.message_from_bytes(f.read()), 'Subject')
        if subj != psubj:
            problems.append('mail "%s" in the place of %s ("%s")' % (subj, patch, psubj))
        to = addresses(m.get_all('To', []))
        cc = addresses(m.get_all('Cc', []))
        cc_exp = (cc_list | patch_trailers(os.path.join(outbox, patch), sender)) - to_exp
        got_to, got_cc = {a for _, a in to}, {a for _, a in cc}
        for what, got, exp in (('To', got_to, to_exp), ('Cc', got_cc, cc_exp)):
            if got - exp:
                problems.append('"%s": %s has %s, which outbox did not mean'
                                % (subj, what, sorted(got - exp)))
            if exp - got:
                problems.append('"%s": %s lacks %s' % (subj, what, sorted(exp - got)))
        for n, a in to + cc:
            if names.get(a, n) != n:
                problems.append('"%s": %s is named "%s", not "%s"'
                                % (subj, a, n, names[a]))
        seen_a, seen_n = {}, {}
        for n, a in to + cc:
            if a in seen_a:
                problems.append('"%s": %s is in To/Cc twice' % (subj, a))
            seen_a[a] = n
            key_n = n.lower()
            if key_n and key_n in seen_n and seen_n[key_n] != a:
                problems.append('"%s": %s is in To/Cc as both %s and %s'
                                % (subj, n, seen_n[key_n], a))
            seen_n.setdefault(key_n, a)
        env = envs.get(key)
        if env is None:
            problems.append('"%s": no envelope recorded' % subj)
        else:
            rcpt = {r.lower() for r in env['rcpt_tos']}
            if rcpt != got_to | got_cc:
                problems.append('"%s": delivered to %s, headers say %s'
                                % (subj, sorted(rcpt), sorted(got_to | got_cc)))
    return fail(problems)


def check_identity(maildir, outdir, name, addr, sender):
    problems = []
    needles = (name.lower(), addr.lower())
    for key, raw, m in ordered(maildir, outdir):
        subj = hdr(m, 'Subject')
        texts = [('raw mail', raw.decode('utf-8', 'replace')),
                 ('body', body_text(m))]
        texts += [('header ' + h, decoded(v)) for h, v in m.items()]
        for where, text in texts:
            for needle in needles:
                if needle in text.lower():
                    problems.append('"%s": "%s" in its %s' % (subj, needle, where))
        frm = addresses(m.get_all('From', []))
        if [(n.lower(), a) for n, a in frm] != [(n.lower(), a) for n, a in addresses([sender])]:
            problems.append('"%s": From: %s, not %s' % (subj, m.get('From'), sender))
    return fail(problems)


def check_shortlog(maildir, outdir, sender_name, n):
    mails = ordered(maildir, outdir)
    if not mails:
        return fail(['no cover letter'])
    lines = body_text(mails[0][2]).splitlines()
    want = '%s (%s):' % (sender_name, n)
    problems = []
    if want not in lines:
        heads = [l for l in lines if re.match(r'^\S.* \(\d+\):$', l)]
        problems.append('no "%s" in the cover letter; its shortlog heads: %s' % (want, heads))
    return fail(problems)


def main(argv):
    cmds = {'sink': (sink, 3), 'count': (check_count, 2),
            'thread': (check_thread, 3), 'recipients': (check_recipients, 5),
            'identity': (check_identity, 5), 'shortlog': (check_shortlog, 4)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 2
    return cmds[argv[1]][0](*argv[2:])


if __name__ == '__main__':
    sys.exit(main(sys.argv) or 0)
