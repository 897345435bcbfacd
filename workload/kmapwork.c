// SPDX-License-Identifier: GPL-2.0
/*
 * kmapwork: a userspace workload for the kmap_local_page() series.
 *
 * Runs as /init (PID 1) from an initramfs on a 32-bit HIGHMEM kernel and
 * moves data through the kernel paths that map highmem pages with
 * kmap_local_page(): tmpfs (shmem pages), pipes (pipe buffer pages), ext4
 * on virtio-blk (page cache, read from the disk after drop_caches) and
 * zram swap (anonymous pages compressed out and decompressed back in).
 * All phases run at the same time, several processes each, so that tasks
 * holding kmap_local mappings are switched out and in all the time.
 *
 * Every byte is checked.  Content is a pure function of (stream, offset):
 * a "stream" is a 32-bit id derived from the seed, phase, worker, file and
 * generation, and each 4 KiB block of a stream is regenerated from it, so
 * nothing needs to be kept to verify a read.  Half of the blocks are
 * pseudo-random, half compress well, so zram stores both kinds.
 *
 * Sizes and switches come from the kernel command line (kmapwork.KEY=VAL
 * in /proc/cmdline) when run as PID 1, or from KEY=VAL arguments when run
 * as an ordinary process (host mode, for debugging the data logic: it
 * works in a directory, skips mounts, zram and swapon, and does not
 * require pages to reach swap).  Keys:
 *
 *   mib=N      MiB per phase (tmpfs, pipe, ext4)                 [64]
 *   swapmib=N  MiB of anonymous memory in the swap phase         [mib]
 *   memmax=N   cgroup memory.high of the swap phase in MiB [swapmib/4, >=24]
 *   workers=N  processes per phase                               [2]
 *   rounds=N   repeat every phase N times                        [1]
 *   seed=N     data seed                                          [1]
 *   phases=L   comma list of tmpfs,pipe,ext4,swap                [all]
 *   serial=1   one phase after another instead of all at once    [0]
 *   dir=PATH   host mode only: where the files go        [/tmp/kmapwork]
 *   corrupt=1  self-test of the checker: worker 0 of each phase damages
 *              one byte behind the kernel's back, so the run must FAIL
 *              with one mismatch per phase (two for ext4: hot and cold)
 *
 * Output (console): "kmapwork: ..." lines, one result line per phase
 *   kmapwork: phase NAME mib=.. verified_mib=.. seconds=.. mismatches=.. errors=..
 * and at the end
 *   kmapwork: total gib=.. seconds=.. mismatches=.. errors=.. pswpout=..
 *             pswpin=.. result=PASS|FAIL
 * "gib" counts verified bytes: every byte read back and compared (ext4 is
 * read twice, hot and after drop_caches; swap is checked twice).
 * mismatches counts 4 KiB blocks whose content was wrong; errors counts
 * failed syscalls, short reads, dead workers, and a swap phase in which
 * no page reached swap.  PASS needs both to be 0.  Then, as PID 1, it
 * syncs and powers the machine off.
 *
 * Build: a static binary, e.g. i686-linux-gnu-gcc -O2 -static; for arm
 * see scripts/workload.sh, which also packs it as /init and boots it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#endif

#define BLK		4096u		/* unit of data generation and checking */
#define PIECE		(256u * 1024)	/* unit of generation and verification */
#define MAGIC		0x6b6d6170u	/* "kmap" */
#define MAX_WORKERS	16
#define MAX_REPORTS	8		/* mismatch lines per worker */
#define MIB		(1024u * 1024)

enum { PH_TMPFS, PH_PIPE, PH_EXT4, PH_SWAP, NR_PHASES };
static const char *const phase_name[NR_PHASES] = {
	"tmpfs", "pipe", "ext4", "swap"
};

static struct {
	unsigned mib, swapmib, memmax, workers, rounds, serial, corrupt;
	uint32_t seed;
	int phase_on[NR_PHASES];
	char dir[256];
} cfg = {
	.mib = 64, .workers = 2, .rounds = 1, .seed = 1,
	.phase_on = { 1, 1, 1, 1 },
	.dir = "/tmp/kmapwork",
};

static int pid1;		/* running as init: mounts, zram, poweroff */
static int use_memcg;		/* swap phase runs in a memory.high cgroup */
static char ext4_dir[300], tmpfs_dir[300];

/*
 * Results live in a MAP_SHARED page so that workers (separate processes)
 * can report to their phase leader and the leader to PID 1.  Each slot
 * has one writer, so no locking is needed.
 */
struct wres {
	uint64_t verified;	/* bytes read back and compared */
	uint64_t mismatches;	/* bad 4 KiB blocks */
	uint64_t errors;	/* failed syscalls, short data, crashes */
	unsigned reports;
};
struct pres {
	struct wres w[MAX_WORKERS];
	struct wres sum;
	uint64_t ms;		/* wall time of the phase */
	uint64_t pswpout, pswpin;
	int done;
};
static struct pres *res;

/* ---------------------------------------------------------------- output */

/*
 * One write() per line: many processes share the console, and stdio
 * buffers would be duplicated by fork() and interleave mid-line.
 */
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(1, buf, n) < 0) {
		/* nowhere left to report it */
	}
}

/*
 * No floating point anywhere: the arm KUnit kernel has no CONFIG_VFP, so
 * nothing here may need an FPU (scripts/workload.sh builds arm soft-float
 * for the same reason).  Times are milliseconds, fractions are printed
 * with integer arithmetic.
 */
static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "12.34" for 12345 ms, "1.50" for 1.5 GiB etc.: value / unit, two decimals */
static const char *fixed2(char *buf, size_t size, uint64_t value,
			  uint64_t unit)
{
	uint64_t hundredths = (value * 100 + unit / 2) / unit;

	snprintf(buf, size, "%" PRIu64 ".%02u", hundredths / 100,
		 (unsigned)(hundredths % 100));
	return buf;
}

/* The worker context: where errors and mismatches are counted. */
struct wctx {
	int phase, id;
	struct wres *r;
};

static void werr(struct wctx *w, const char *what, const char *path)
{
	int e = errno;

	w->r->errors++;
	say("kmapwork: ERROR %s.%d: %s %s: %s", phase_name[w->phase], w->id,
	    what, path ? path : "", e ? strerror(e) : "unexpected result");
}

/* --------------------------------------------------------- data pattern */

/* 32-bit arithmetic only: the targets are 32-bit and this is the hot loop. */
static inline uint32_t mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

static uint32_t stream_id(int phase, int worker, unsigned file,
			  unsigned gen)
{
	return mix32(cfg.seed * 0x9e3779b9u ^
		     mix32((uint32_t)phase << 28 ^ (uint32_t)worker << 20 ^
			   file ^ mix32(gen + 0x51ed270bu)));
}

/*
 * Block blk of a stream.  The first four words say whose block it is, so
 * a block landing in the wrong place shows up as such in a report.
 */
static void fill_block(uint32_t *w, uint32_t stream, uint32_t blk)
{
	uint32_t s = mix32(stream ^ mix32(blk + 0x2545f491u)) | 1u;
	unsigned i;

	w[0] = MAGIC;
	w[1] = stream;
	w[2] = blk;
	w[3] = s;
	if (s & 2) {
		/* xorshift32: incompressible, zram stores it whole */
		for (i = 4; i < BLK / 4; i++) {
			s ^= s << 13;
			s ^= s >> 17;
			s ^= s << 5;
			w[i] = s;
		}
	} else {
		/* runs of 32 equal words: lzo squeezes it */
		for (i = 4; i < BLK / 4; i++)
			w[i] = s + (i >> 5);
	}
}

/* Expected content of bytes [off, off + len) of a stream. */
static void gen_range(uint32_t stream, uint64_t off, unsigned char *buf,
		      size_t len)
{
	static uint32_t tmp[BLK / 4];

	while (len) {
		uint32_t blk = off / BLK;
		size_t in = off % BLK, n = BLK - in;

		if (n > len)
			n = len;
		if (in == 0 && n == BLK && ((uintptr_t)buf & 3) == 0) {
			fill_block((uint32_t *)buf, stream, blk);
		} else {
			fill_block(tmp, stream, blk);
			memcpy(buf, (unsigned char *)tmp + in, n);
		}
		buf += n;
		off += n;
		len -= n;
	}
}

/* Compare buf with bytes [off, off + len) of a stream; count bad blocks. */
static void check_range(struct wctx *w, const char *what, uint32_t stream,
			uint64_t off, const unsigned char *buf, size_t len)
{
	static uint32_t tmp[BLK / 4];

	while (len) {
		uint32_t blk = off / BLK;
		size_t in = off % BLK, n = BLK - in, i;

		if (n > len)
			n = len;
		fill_block(tmp, stream, blk);
		if (memcmp(buf, (unsigned char *)tmp + in, n)) {
			const unsigned char *exp = (unsigned char *)tmp + in;
			size_t bad = 0, first = n;

			for (i = 0; i < n; i++) {
				if (buf[i] != exp[i]) {
					bad++;
					if (first == n)
						first = i;
				}
			}
			w->r->mismatches++;
			if (w->r->reports++ < MAX_REPORTS)
				say("kmapwork: MISMATCH %s.%d %s stream=%08x offset=%" PRIu64
				    " block=%u: %zu of %zu bytes differ, first at +%zu "
				    "(expected %02x got %02x)",
				    phase_name[w->phase], w->id, what, stream,
				    off, blk, bad, n, in + first, exp[first],
				    buf[first]);
		}
		buf += n;
		off += n;
		len -= n;
	}
}

/* Cheap per-process generator for I/O sizes: not part of the content. */
static uint32_t rng_state = 1;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/*
 * An I/O size: mostly odd sizes, so that the kernel copies partial pages
 * at odd offsets through its mappings, sometimes whole pages or more.
 */
static size_t io_size(size_t left)
{
	size_t n;

	switch (rnd() % 4) {
	case 0:
		n = 1 + rnd() % BLK;
		break;
	case 1:
		n = BLK * (1 + rnd() % 16);
		break;
	case 2:
		n = 1 + rnd() % (64 * 1024);
		break;
	default:
		n = 1 + rnd() % PIECE;
		break;
	}
	return n < left ? n : left;
}

/* -------------------------------------------------------------- file I/O */

static int write_all(struct wctx *w, int fd, const unsigned char *buf,
		     size_t len, const char *path)
{
	while (len) {
		size_t n = io_size(len);
		ssize_t r = write(fd, buf, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = 0;
			werr(w, "write", path);
			return -1;
		}
		buf += r;
		len -= r;
	}
	return 0;
}

/* Read exactly len bytes (fewer only at EOF); returns bytes read or -1. */
static ssize_t read_full(struct wctx *w, int fd, unsigned char *buf,
			 size_t len, const char *path)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = read(fd, buf + got, io_size(len - got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			werr(w, "read", path);
			return -1;
		}
		if (r == 0)
			break;
		got += r;
	}
	return got;
}

/*
 * Size of file f of a worker's share: files of per_file bytes, the last
 * one what is left.  Sizes are not multiples of a page, so every file
 * ends in a partial page.
 */
static uint64_t file_size(unsigned f, uint64_t per_file, uint64_t share)
{
	uint64_t left = share - (uint64_t)f * per_file;
	uint64_t nominal = left < per_file ? left : per_file;
	uint32_t cut = mix32(f * 7919u + cfg.seed) % BLK;

	return nominal > BLK ? nominal - cut : nominal;
}

static int write_file(struct wctx *w, const char *path, uint32_t stream,
		      uint64_t size, unsigned char *buf, int do_fsync)
{
	uint64_t off;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		werr(w, "open for writing", path);
		return -1;
	}
	for (off = 0; off < size; off += PIECE) {
		size_t n = size - off < PIECE ? size - off : PIECE;

		gen_range(stream, off, buf, n);
		if (write_all(w, fd, buf, n, path)) {
			close(fd);
			return -1;
		}
	}
	if (do_fsync && fsync(fd)) {
		werr(w, "fsync", path);
		close(fd);
		return -1;
	}
	if (!pid1 && do_fsync)
		/* host mode: the nearest thing to drop_caches for one file */
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	if (close(fd)) {
		werr(w, "close", path);
		return -1;
	}
	return 0;
}

static int verify_file(struct wctx *w, const char *path, const char *what,
		       uint32_t stream, uint64_t size, unsigned char *buf)
{
	uint64_t off = 0;
	unsigned char extra;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		werr(w, "open for reading", path);
		return -1;
	}
	while (off < size) {
		size_t n = size - off < PIECE ? size - off : PIECE;

		r = read_full(w, fd, buf, n, path);
		if (r < 0)
			break;
		check_range(w, what, stream, off, buf, r);
		w->r->verified += r;
		off += r;
		if ((size_t)r < n) {
			errno = 0;
			werr(w, "short file", path);
			break;
		}
	}
	if (off == size && read(fd, &extra, 1) != 0) {
		errno = 0;
		werr(w, "file longer than written", path);
	}
	close(fd);
	return off == size ? 0 : -1;
}

/* corrupt=1: flip one byte of the first file, as a bad kernel would */
static void corrupt_file(struct wctx *w, const char *dir)
{
	char path[340];
	unsigned char c;
	int fd;

	snprintf(path, sizeof(path), "%s/f0", dir);
	fd = open(path, O_RDWR);
	if (fd < 0 || pread(fd, &c, 1, 5000) != 1) {
		werr(w, "corrupt", path);
	} else {
		c ^= 0x40;
		if (pwrite(fd, &c, 1, 5000) != 1 || fsync(fd))
			werr(w, "corrupt", path);
	}
	if (fd >= 0)
		close(fd);
}

/*
 * tmpfs and ext4 workers: write all files first, so the data sits in
 * highmem pages at once, then read everything back.  ext4 also fsyncs,
 * drops the page cache and reads again, so the second read comes from
 * the disk into new page cache pages.
 */
static void files_worker(struct wctx *w, const char *base, unsigned round)
{
	uint64_t share = (uint64_t)cfg.mib * MIB / cfg.workers;
	uint64_t per_file = 8 * MIB;
	unsigned nfiles, f;
	int ext4 = w->phase == PH_EXT4;
	char dir[300], path[340];
	unsigned char *buf = malloc(PIECE);

	if (!buf) {
		werr(w, "malloc", NULL);
		return;
	}
	if (share < per_file)
		per_file = share ? share : BLK;
	nfiles = (share + per_file - 1) / per_file;
	snprintf(dir, sizeof(dir), "%s/w%d", base, w->id);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		werr(w, "mkdir", dir);
		free(buf);
		return;
	}

	for (f = 0; f < nfiles; f++) {
		snprintf(path, sizeof(path), "%s/f%u", dir, f);
		if (write_file(w, path, stream_id(w->phase, w->id, f, round),
			       file_size(f, per_file, share), buf, ext4))
			break;
	}
	say("kmapwork: %s.%d round %u wrote %u files", phase_name[w->phase],
	    w->id, round, nfiles);
	if (cfg.corrupt && w->id == 0 && round == 0)
		corrupt_file(w, dir);

	for (f = 0; f < nfiles; f++) {
		snprintf(path, sizeof(path), "%s/f%u", dir, f);
		verify_file(w, path, ext4 ? "hot" : "read",
			    stream_id(w->phase, w->id, f, round),
			    file_size(f, per_file, share), buf);
	}

	if (ext4) {
		int fd;

		sync();
		if (pid1) {
			/* concurrent drops from other workers are harmless */
			fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
			if (fd < 0 || write(fd, "3\n", 2) != 2)
				werr(w, "drop_caches", NULL);
			if (fd >= 0)
				close(fd);
		}
		for (f = 0; f < nfiles; f++) {
			snprintf(path, sizeof(path), "%s/f%u", dir, f);
			verify_file(w, path, "cold",
				    stream_id(w->phase, w->id, f, round),
				    file_size(f, per_file, share), buf);
		}
	}

	for (f = 0; f < nfiles; f++) {
		snprintf(path, sizeof(path), "%s/f%u", dir, f);
		if (unlink(path))
			werr(w, "unlink", path);
	}
	rmdir(dir);
	say("kmapwork: %s.%d round %u verified, mismatches=%" PRIu64,
	    phase_name[w->phase], w->id, round, w->r->mismatches);
	free(buf);
}

/* ---------------------------------------------------------------- pipes */

/*
 * A writer child pushes the stream through a pipe in odd-sized writes;
 * pipe_write() appends to a partly filled buffer page through a mapping.
 * Half the workers use a 1 MiB pipe, so many highmem buffer pages are in
 * flight at once.
 */
static void pipe_worker(struct wctx *w, unsigned round)
{
	uint64_t total = (uint64_t)cfg.mib * MIB / cfg.workers, off;
	uint32_t stream = stream_id(PH_PIPE, w->id, 0, round);
	unsigned char *buf = malloc(PIECE);
	int fds[2], st;
	pid_t pid;

	if (!buf || pipe(fds)) {
		werr(w, "pipe", NULL);
		free(buf);
		return;
	}
	if (w->id % 2 && fcntl(fds[1], F_SETPIPE_SZ, 1 << 20) < 0)
		werr(w, "F_SETPIPE_SZ", NULL);

	pid = fork();
	if (pid < 0) {
		werr(w, "fork", NULL);
		free(buf);
		return;
	}
	if (pid == 0) {
		/* own counters: the reader owns the shared slot */
		struct wres mine = { 0 };
		int bad = 0;

		w->r = &mine;
		close(fds[0]);
		rng_state = mix32(stream) | 1;
		for (off = 0; off < total && !bad; off += PIECE) {
			size_t n = total - off < PIECE ? total - off : PIECE;

			gen_range(stream, off, buf, n);
			if (cfg.corrupt && w->id == 0 && round == 0 && !off)
				buf[123] ^= 0x40;
			bad = write_all(w, fds[1], buf, n, "pipe");
		}
		_exit(bad ? 1 : 0);
	}

	close(fds[1]);
	for (off = 0; off < total;) {
		size_t n = total - off < PIECE ? total - off : PIECE;
		ssize_t r = read_full(w, fds[0], buf, n, "pipe");

		if (r < 0)
			break;
		check_range(w, "stream", stream, off, buf, r);
		w->r->verified += r;
		off += r;
		if ((size_t)r < n) {
			errno = 0;
			werr(w, "pipe ended early", NULL);
			break;
		}
	}
	close(fds[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st)) {
		errno = 0;
		werr(w, "pipe writer failed", NULL);
	}
	say("kmapwork: pipe.%d round %u verified, mismatches=%" PRIu64, w->id,
	    round, w->r->mismatches);
	free(buf);
}

/* ----------------------------------------------------------------- swap */

/*
 * Anonymous memory larger than the cgroup's memory.high: filling it pushes
 * earlier pages out to zram, reading it back faults them in again.  Pass 1
 * writes generation 0, pass 2 checks it and writes generation 1 in place
 * (pages come in, get dirtied, go out again), pass 3 checks generation 1.
 * MADV_PAGEOUT on every other MiB forces swap-out even where the cgroup
 * limit is not hit (or there is no memcg).
 */
static void swap_worker(struct wctx *w, unsigned round)
{
	size_t size = (size_t)cfg.swapmib * MIB / cfg.workers, off;
	uint32_t s0 = stream_id(PH_SWAP, w->id, 0, 2 * round);
	uint32_t s1 = stream_id(PH_SWAP, w->id, 0, 2 * round + 1);
	unsigned char *mem;

	size &= ~(size_t)(MIB - 1);
	if (!size)
		size = MIB;
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		werr(w, "mmap", NULL);
		return;
	}

	for (off = 0; off < size; off += BLK)
		gen_range(s0, off, mem + off, BLK);
	if (cfg.corrupt && w->id == 0 && round == 0)
		mem[BLK + 7] ^= 0x40;
	for (off = 0; off < size; off += 2 * MIB)
		madvise(mem + off, MIB, MADV_PAGEOUT);
	say("kmapwork: swap.%d round %u filled %zu MiB", w->id, round,
	    size / MIB);

	for (off = 0; off < size; off += BLK) {
		check_range(w, "gen0", s0, off, mem + off, BLK);
		gen_range(s1, off, mem + off, BLK);
	}
	w->r->verified += size;
	for (off = MIB; off < size; off += 2 * MIB)
		madvise(mem + off, MIB, MADV_PAGEOUT);

	for (off = 0; off < size; off += BLK)
		check_range(w, "gen1", s1, off, mem + off, BLK);
	w->r->verified += size;

	if (munmap(mem, size))
		werr(w, "munmap", NULL);
	say("kmapwork: swap.%d round %u verified, mismatches=%" PRIu64, w->id,
	    round, w->r->mismatches);
}

/* ------------------------------------------------------- /proc and /sys */

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	if (close(fd) || n != (ssize_t)strlen(s))
		return -1;
	return 0;
}

static int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, got = 0;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + got, size - 1 - got)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	return n < 0 ? -1 : 0;
}

/* A "Key: value" or "key value" field of /proc/meminfo or /proc/vmstat. */
static long long field(const char *text, const char *key)
{
	size_t kl = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, kl) && (p[kl] == ':' || p[kl] == ' '))
			return strtoll(p + kl + 1 + strspn(p + kl + 1, ": "),
				       NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

static long long vmstat(const char *key)
{
	char buf[16384];

	if (read_text("/proc/vmstat", buf, sizeof(buf)))
		return -1;
	return field(buf, key);
}

static long long high_total = -1, high_free_min = -1, high_free_before = -1;

/* Sample memory use; print it if when is given (else only track the
 * lowest HighFree, which short runs would otherwise miss). */
static void meminfo(const char *when)
{
	char buf[8192];
	long long mt, ht, hf, lf, mf, sf;

	if (read_text("/proc/meminfo", buf, sizeof(buf))) {
		if (when)
			say("kmapwork: meminfo when=%s unreadable", when);
		return;
	}
	mt = field(buf, "MemTotal");
	mf = field(buf, "MemFree");
	ht = field(buf, "HighTotal");
	hf = field(buf, "HighFree");
	lf = field(buf, "LowFree");
	sf = field(buf, "SwapFree");
	if (hf >= 0 && (high_free_min < 0 || hf < high_free_min))
		high_free_min = hf;
	if (high_free_before < 0)
		high_free_before = hf;
	high_total = ht;
	if (!when)
		return;
	say("kmapwork: meminfo when=%s MemTotal=%lld kB MemFree=%lld kB "
	    "HighTotal=%lld kB HighFree=%lld kB LowFree=%lld kB SwapFree=%lld kB "
	    "highmem_pct=%lld pswpout=%lld pswpin=%lld",
	    when, mt, mf, ht, hf, lf, sf, mt > 0 && ht >= 0 ? ht * 100 / mt : -1,
	    vmstat("pswpout"), vmstat("pswpin"));
}

/* ------------------------------------------------------------ options */

static void set_opt(const char *kv)
{
	const char *eq = strchr(kv, '=');
	const char *v;
	size_t kl;
	int i;

	if (!eq)
		return;
	kl = eq - kv;
	v = eq + 1;
#define KEY(k) (kl == strlen(k) && !strncmp(kv, k, kl))
	if (KEY("mib"))
		cfg.mib = strtoul(v, NULL, 0);
	else if (KEY("swapmib"))
		cfg.swapmib = strtoul(v, NULL, 0);
	else if (KEY("memmax"))
		cfg.memmax = strtoul(v, NULL, 0);
	else if (KEY("workers"))
		cfg.workers = strtoul(v, NULL, 0);
	else if (KEY("rounds"))
		cfg.rounds = strtoul(v, NULL, 0);
	else if (KEY("seed"))
		cfg.seed = strtoul(v, NULL, 0);
	else if (KEY("serial"))
		cfg.serial = strtoul(v, NULL, 0);
	else if (KEY("corrupt"))
		cfg.corrupt = strtoul(v, NULL, 0);
	else if (KEY("dir"))
		snprintf(cfg.dir, sizeof(cfg.dir), "%.*s",
			 (int)strcspn(v, " \n"), v);
	else if (KEY("phases")) {
		for (i = 0; i < NR_PHASES; i++) {
			const char *p = v;
			size_t nl = strlen(phase_name[i]);

			cfg.phase_on[i] = 0;
			while (*p && *p != ' ' && *p != '\n') {
				size_t l = strcspn(p, ", \n");

				if (l == nl && !strncmp(p, phase_name[i], nl))
					cfg.phase_on[i] = 1;
				p += l;
				if (*p == ',')
					p++;
			}
		}
	} else
		say("kmapwork: warning: unknown option %.*s", (int)kl, kv);
#undef KEY
}

static void parse_cmdline(void)
{
	char buf[4096], *tok, *save;

	if (read_text("/proc/cmdline", buf, sizeof(buf))) {
		say("kmapwork: warning: cannot read /proc/cmdline: %s",
		    strerror(errno));
		return;
	}
	for (tok = strtok_r(buf, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save))
		if (!strncmp(tok, "kmapwork.", 9))
			set_opt(tok + 9);
}

/* ------------------------------------------------------------- PID 1 */

static int setup_errors;

static void setup_fail(const char *what)
{
	setup_errors++;
	say("kmapwork: ERROR setup: %s: %s", what, strerror(errno));
}

static int mount_or_fail(const char *src, const char *dst, const char *type,
			 const char *opts)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, 0, opts)) {
		char what[128];

		snprintf(what, sizeof(what), "mount %s on %s", type, dst);
		setup_fail(what);
		return -1;
	}
	return 0;
}

/*
 * The kernel hands init /dev/console only if the initramfs has that node;
 * open it ourselves from devtmpfs so the cpio needs no device nodes.
 */
static void early_mounts(void)
{
	int fd;

	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL))
		mknod("/dev/console", S_IFCHR | 0600, makedev(5, 1));
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	/* now that output works, report what failed above */
	if (access("/proc/self", F_OK))
		setup_fail("mount proc");
	if (access("/sys/kernel", F_OK))
		setup_fail("mount sysfs");
	if (access("/dev/null", F_OK))
		setup_fail("mount devtmpfs");
}

static void setup_tmpfs(void)
{
	char opts[64];
	/* all files exist at once, plus room for partial pages and rounding */
	unsigned long long size = (unsigned long long)cfg.mib * MIB * 5 / 4 +
				  64ull * MIB;

	snprintf(opts, sizeof(opts), "size=%llu", size);
	mount_or_fail("tmpfs", "/tmp", "tmpfs", opts);
	say("kmapwork: setup tmpfs /tmp %s", opts);
}

static void setup_ext4(void)
{
	int i;

	/* virtio-blk may finish probing after init starts */
	for (i = 0; i < 100 && access("/dev/vda", F_OK); i++)
		usleep(100000);
	mkdir("/mnt", 0755);
	if (mount_or_fail("/dev/vda", "/mnt/ext4", "ext4", NULL)) {
		/* do not let the phase write into the initramfs instead */
		cfg.phase_on[PH_EXT4] = 0;
		say("kmapwork: ERROR setup: no ext4 file system, ext4 phase "
		    "skipped (is the disk attached?)");
		return;
	}
	say("kmapwork: setup ext4 /dev/vda on /mnt/ext4");
}

/* A version 1 swap header, as mkswap writes it. */
static int write_swap_header(const char *dev, uint64_t bytes)
{
	long psz = sysconf(_SC_PAGESIZE);
	unsigned char *page = calloc(1, psz);
	uint32_t *info = (uint32_t *)(page + 1024);
	int fd, ret = -1;

	if (!page)
		return -1;
	info[0] = 1;				/* version */
	info[1] = bytes / psz - 1;		/* last_page */
	info[2] = 0;				/* nr_badpages */
	memcpy(page + psz - 10, "SWAPSPACE2", 10);
	fd = open(dev, O_WRONLY);
	if (fd >= 0) {
		if (pwrite(fd, page, psz, 0) == psz && fsync(fd) == 0)
			ret = 0;
		close(fd);
	}
	free(page);
	return ret;
}

static void setup_swap(void)
{
	char buf[64];
	/* zram's disksize is uncompressed capacity: room for what the swap
	 * phase pushes out, plus tmpfs pages reclaimed under pressure */
	uint64_t bytes = (uint64_t)cfg.swapmib * MIB * 2 + 256ull * MIB;
	const char *alg = "lzo-rle";

	if (access("/sys/block/zram0", F_OK) &&
	    read_text("/sys/class/zram-control/hot_add", buf, sizeof(buf))) {
		setup_fail("no /sys/block/zram0 (CONFIG_ZRAM?)");
		return;
	}
	if (write_str("/sys/block/zram0/comp_algorithm", alg)) {
		alg = "lzo";
		if (write_str("/sys/block/zram0/comp_algorithm", alg))
			setup_fail("zram comp_algorithm lzo-rle/lzo");
	}
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)bytes);
	if (write_str("/sys/block/zram0/disksize", buf)) {
		setup_fail("zram disksize");
		return;
	}
	if (write_swap_header("/dev/zram0", bytes)) {
		setup_fail("swap header on /dev/zram0");
		return;
	}
	if (swapon("/dev/zram0", 0)) {
		setup_fail("swapon /dev/zram0");
		return;
	}
	say("kmapwork: setup swap zram0 comp=%s disksize=%llu MiB swapon ok",
	    alg, (unsigned long long)(bytes / MIB));
}

/*
 * cgroup v2 with memory.high; without it the swap phase relies on
 * MADV_PAGEOUT alone, which is enough to get pages swapped.  memory.high
 * reclaims and throttles but never OOM-kills: with memory.max a worker
 * whose pages all stay active in a small cgroup could be killed while swap
 * was free (once in two runs on 7.3-rc7 i386 with 64 MiB per phase).
 */
static void setup_memcg(void)
{
	char buf[64];

	mkdir("/sys/fs/cgroup", 0755);
	if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, NULL) ||
	    write_str("/sys/fs/cgroup/cgroup.subtree_control", "+memory") ||
	    (mkdir("/sys/fs/cgroup/kmapwork", 0755) && errno != EEXIST)) {
		say("kmapwork: setup memcg unavailable (%s): swap phase uses "
		    "MADV_PAGEOUT only", strerror(errno));
		return;
	}
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)cfg.memmax * MIB);
	if (write_str("/sys/fs/cgroup/kmapwork/memory.high", buf)) {
		setup_fail("memory.high");
		return;
	}
	use_memcg = 1;
	say("kmapwork: setup memcg /sys/fs/cgroup/kmapwork memory.high=%u MiB",
	    cfg.memmax);
}

/* ------------------------------------------------------------ phases */

/*
 * A phase leader: forks the workers of one phase, waits for them and
 * adds up their results.  A worker that dies (a signal, the OOM killer)
 * counts as an error, never as silence.
 */
static void phase_leader(int ph)
{
	struct pres *p = &res[ph];
	pid_t pids[MAX_WORKERS];
	long long out0 = vmstat("pswpout"), in0 = vmstat("pswpin");
	uint64_t t0 = now_ms();
	char mibs[32], secs[32];
	unsigned i, r;

	if (ph == PH_SWAP && use_memcg &&
	    write_str("/sys/fs/cgroup/kmapwork/cgroup.procs", "0"))
		setup_fail("join cgroup kmapwork"), p->sum.errors++;

	say("kmapwork: phase %s start workers=%u mib=%u", phase_name[ph],
	    cfg.workers, ph == PH_SWAP ? cfg.swapmib : cfg.mib);
	for (i = 0; i < cfg.workers; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			p->w[i].errors++;
			say("kmapwork: ERROR %s: fork: %s", phase_name[ph],
			    strerror(errno));
			continue;
		}
		if (pids[i] == 0) {
			struct wctx w = { .phase = ph, .id = i, .r = &p->w[i] };

			rng_state = mix32(cfg.seed + ph * 101 + i) | 1;
			for (r = 0; r < cfg.rounds; r++) {
				switch (ph) {
				case PH_TMPFS:
					files_worker(&w, tmpfs_dir, r);
					break;
				case PH_EXT4:
					files_worker(&w, ext4_dir, r);
					break;
				case PH_PIPE:
					pipe_worker(&w, r);
					break;
				case PH_SWAP:
					swap_worker(&w, r);
					break;
				}
			}
			_exit(0);
		}
	}
	for (i = 0; i < cfg.workers; i++) {
		int st;

		if (pids[i] <= 0)
			continue;
		while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			p->w[i].errors++;
			say("kmapwork: ERROR %s.%u: worker %s %d", phase_name[ph],
			    i, WIFSIGNALED(st) ? "killed by signal" : "exit",
			    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		}
		p->sum.verified += p->w[i].verified;
		p->sum.mismatches += p->w[i].mismatches;
		p->sum.errors += p->w[i].errors;
	}
	p->ms = now_ms() - t0;
	fixed2(mibs, sizeof(mibs), p->sum.verified, MIB);
	fixed2(secs, sizeof(secs), p->ms, 1000);
	p->pswpout = vmstat("pswpout") - out0;
	p->pswpin = vmstat("pswpin") - in0;
	if (ph == PH_SWAP) {
		/* host mode may have no swap at all: only PID 1 insists */
		if (pid1 && p->pswpout == 0) {
			p->sum.errors++;
			say("kmapwork: ERROR swap: no page went out to swap "
			    "(pswpout did not move)");
		}
		say("kmapwork: phase swap mib=%u verified_mib=%s"
		    " seconds=%s mismatches=%" PRIu64 " errors=%" PRIu64
		    " pswpout=%" PRIu64 " pswpin=%" PRIu64 " memcg=%d",
		    cfg.swapmib, mibs, secs,
		    p->sum.mismatches, p->sum.errors, p->pswpout, p->pswpin,
		    use_memcg);
	} else {
		say("kmapwork: phase %s mib=%u verified_mib=%s"
		    " seconds=%s mismatches=%" PRIu64 " errors=%" PRIu64,
		    phase_name[ph], cfg.mib, mibs, secs, p->sum.mismatches,
		    p->sum.errors);
	}
	p->done = 1;
}

/*
 * Reap children (PID 1 also inherits orphans) and print memory use every
 * few seconds, so the log shows HighFree going down while data moves.
 */
static void wait_phases(pid_t *leaders, int n, uint64_t t0)
{
	uint64_t next = now_ms() + 10000, sample = 0;
	int left = 0, i, st;
	pid_t pid;

	for (i = 0; i < n; i++)
		left += leaders[i] > 0;

	while (left > 0) {
		pid = waitpid(-1, &st, WNOHANG);
		if (pid < 0 && errno != EINTR)
			break;
		if (pid > 0) {
			for (i = 0; i < n; i++) {
				if (leaders[i] != pid)
					continue;
				left--;
				leaders[i] = 0;
				if (!WIFEXITED(st) || WEXITSTATUS(st) ||
				    !res[i].done) {
					res[i].sum.errors++;
					say("kmapwork: ERROR phase %s leader died "
					    "(status 0x%x)", phase_name[i], st);
				}
			}
			continue;
		}
		if (now_ms() >= sample) {
			meminfo(NULL);
			sample = now_ms() + 500;
		}
		if (now_ms() >= next) {
			char when[32];

			snprintf(when, sizeof(when), "t+%us",
				 (unsigned)((now_ms() - t0) / 1000));
			meminfo(when);
			next = now_ms() + 10000;
		}
		usleep(100000);
	}
}

static pid_t start_phase(int ph)
{
	pid_t pid = fork();

	if (pid == 0) {
		phase_leader(ph);
		_exit(0);
	}
	if (pid < 0) {
		res[ph].sum.errors++;
		say("kmapwork: ERROR phase %s: fork: %s", phase_name[ph],
		    strerror(errno));
		return 0;
	}
	return pid;
}

static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	/* not reached unless the kernel cannot power off: let it reboot,
	 * which qemu -no-reboot turns into an exit */
	say("kmapwork: ERROR power off failed: %s", strerror(errno));
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	pid_t leaders[NR_PHASES] = { 0 };
	uint64_t verified = 0, mismatches = 0, errors = 0;
	uint64_t pswpout = 0, pswpin = 0;
	uint64_t t0, ms;
	char gibs[32], secs[32];
	int i, pass;

	pid1 = getpid() == 1;
	if (pid1) {
		early_mounts();
		parse_cmdline();
	} else {
		for (i = 1; i < argc; i++)
			set_opt(argv[i]);
	}
	if (!cfg.workers)
		cfg.workers = 1;
	if (cfg.workers > MAX_WORKERS)
		cfg.workers = MAX_WORKERS;
	if (!cfg.rounds)
		cfg.rounds = 1;
	if (!cfg.swapmib)
		cfg.swapmib = cfg.mib;
	if (!cfg.memmax)
		cfg.memmax = cfg.swapmib / 4 > 24 ? cfg.swapmib / 4 : 24;

	say("kmapwork: start pid1=%d mib=%u swapmib=%u memmax=%u workers=%u "
	    "rounds=%u seed=%u serial=%u corrupt=%u phases=%s%s%s%s", pid1,
	    cfg.mib, cfg.swapmib, cfg.memmax, cfg.workers, cfg.rounds,
	    cfg.seed, cfg.serial, cfg.corrupt, cfg.phase_on[PH_TMPFS] ? "tmpfs," : "",
	    cfg.phase_on[PH_PIPE] ? "pipe," : "",
	    cfg.phase_on[PH_EXT4] ? "ext4," : "",
	    cfg.phase_on[PH_SWAP] ? "swap" : "");
	meminfo("before");

	res = mmap(NULL, sizeof(*res) * NR_PHASES, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		say("kmapwork: ERROR mmap results: %s", strerror(errno));
		say("kmapwork: total gib=0.00 seconds=0.00 mismatches=0 errors=1 result=FAIL");
		if (pid1)
			power_off();
		return 1;
	}

	if (pid1) {
		setup_tmpfs();
		snprintf(tmpfs_dir, sizeof(tmpfs_dir), "/tmp");
		if (cfg.phase_on[PH_EXT4])
			setup_ext4();
		snprintf(ext4_dir, sizeof(ext4_dir), "/mnt/ext4");
		if (cfg.phase_on[PH_SWAP]) {
			setup_swap();
			setup_memcg();
		}
	} else {
		snprintf(tmpfs_dir, sizeof(tmpfs_dir), "%s/tmpfs", cfg.dir);
		snprintf(ext4_dir, sizeof(ext4_dir), "%s/ext4", cfg.dir);
		mkdir(cfg.dir, 0755);
		if ((mkdir(tmpfs_dir, 0755) && errno != EEXIST) ||
		    (mkdir(ext4_dir, 0755) && errno != EEXIST))
			setup_fail("mkdir in dir=");
	}

	t0 = now_ms();
	if (cfg.serial) {
		for (i = 0; i < NR_PHASES; i++) {
			if (!cfg.phase_on[i])
				continue;
			leaders[i] = start_phase(i);
			wait_phases(leaders, NR_PHASES, t0);
		}
	} else {
		for (i = 0; i < NR_PHASES; i++)
			if (cfg.phase_on[i])
				leaders[i] = start_phase(i);
		wait_phases(leaders, NR_PHASES, t0);
	}
	ms = now_ms() - t0;
	meminfo("after");

	for (i = 0; i < NR_PHASES; i++) {
		verified += res[i].sum.verified;
		mismatches += res[i].sum.mismatches;
		errors += res[i].sum.errors;
		if (cfg.phase_on[i] && !res[i].done && !res[i].sum.errors) {
			errors++;
			say("kmapwork: ERROR phase %s did not finish",
			    phase_name[i]);
		}
	}
	pswpout = res[PH_SWAP].pswpout;
	pswpin = res[PH_SWAP].pswpin;

	if (pid1) {
		if (cfg.phase_on[PH_SWAP] && swapoff("/dev/zram0"))
			setup_fail("swapoff /dev/zram0");
		sync();
		if (cfg.phase_on[PH_EXT4] && umount("/mnt/ext4"))
			setup_fail("umount /mnt/ext4");
	}
	errors += setup_errors;

	/* how much of highmem the run really filled at its peak */
	say("kmapwork: highmem HighTotal=%lld kB HighFree_before=%lld kB "
	    "HighFree_min=%lld kB highmem_used_peak=%lld kB", high_total,
	    high_free_before, high_free_min,
	    high_free_before >= 0 ? high_free_before - high_free_min : -1);
	pass = !mismatches && !errors && verified;
	say("kmapwork: total gib=%s seconds=%s mismatches=%" PRIu64
	    " errors=%" PRIu64 " pswpout=%" PRIu64 " pswpin=%" PRIu64
	    " result=%s", fixed2(gibs, sizeof(gibs), verified, 1ull << 30),
	    fixed2(secs, sizeof(secs), ms, 1000), mismatches,
	    errors, pswpout, pswpin, pass ? "PASS" : "FAIL");

	if (pid1) {
		say("kmapwork: powering off");
		power_off();
	}
	return pass ? 0 : 1;
}
