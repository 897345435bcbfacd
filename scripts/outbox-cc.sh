#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# git send-email --cc-cmd of make outbox: who the Cc: tags of the patch
# FILE name, as git send-email would Cc them itself, but stable@: a
# "Cc: stable@vger.kernel.org" tag asks stable to pick the patch up once
# it is merged, and the x86 handbook asks not to mail stable with it.
sed -n 's/^[Cc][Cc]: *//p' "$1" | grep -v -i 'stable@vger\.kernel\.org' || true
