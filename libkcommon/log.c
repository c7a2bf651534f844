/*
 * log.c - klog-format lines on stderr (upstream: k8s.io/klog/v2 klog.go, header()).
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/log.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

#define KC_LOG_LINE_MAX 8192
#define KC_VMODULE_MAX	32

struct vmodule_rule {
	char pattern[128];
	int level;
	int has_slash;
};

int kc_log_max_v;
static int log_v;
static int log_fd = 2;
static struct vmodule_rule vmodule[KC_VMODULE_MAX];
static int vmodule_n;

static void
recompute_max_v(void)
{
	int m = log_v;

	for (int i = 0; i < vmodule_n; i++)
		if (vmodule[i].level > m)
			m = vmodule[i].level;
	kc_log_max_v = m;
}

void
kc_log_set_verbosity(int v)
{
	log_v = v < 0 ? 0 : v;
	recompute_max_v();
}

int
kc_log_verbosity(void)
{
	return log_v;
}

void
kc_log_set_fd(int fd)
{
	log_fd = fd;
}

int
kc_log_set_vmodule(const char *spec)
{
	struct vmodule_rule rules[KC_VMODULE_MAX];
	int n = 0;
	const char *p = spec;

	while (p != NULL && *p != '\0') {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		char *end;
		long level;

		if (eq == NULL || eq == p || (size_t)(eq - p) >= sizeof(rules[0].pattern) ||
		    n == KC_VMODULE_MAX)
			return KC_ERR_INVALID;
		errno = 0;
		level = strtol(eq + 1, &end, 10);
		if (end == eq + 1 || end != p + len || errno != 0 || level < 0 || level > 1000)
			return KC_ERR_INVALID;
		memcpy(rules[n].pattern, p, (size_t)(eq - p));
		rules[n].pattern[eq - p] = '\0';
		/* klog matches the file name without its extension. */
		rules[n].has_slash = memchr(p, '/', (size_t)(eq - p)) != NULL;
		rules[n].level = (int)level;
		n++;
		p = comma ? comma + 1 : NULL;
	}
	memcpy(vmodule, rules, sizeof(rules[0]) * (size_t)n);
	vmodule_n = n;
	recompute_max_v();
	return 0;
}

int
kc_log_v_enabled(int level, const char *file)
{
	char name[256];
	const char *base;
	char *dot;

	if (vmodule_n == 0)
		return level <= log_v;
	for (int i = 0; i < vmodule_n; i++) {
		base = vmodule[i].has_slash ? file : strrchr(file, '/');
		base = base == NULL ? file : (vmodule[i].has_slash ? base : base + 1);
		snprintf(name, sizeof(name), "%s", base);
		dot = strrchr(name, '.');
		if (dot != NULL && strchr(dot, '/') == NULL)
			*dot = '\0';
		if (fnmatch(vmodule[i].pattern, name, 0) == 0)
			return level <= vmodule[i].level;
	}
	return level <= log_v;
}

void
kc_log_vwrite(char severity, const char *file, int line, const char *fmt, va_list ap)
{
	char buf[KC_LOG_LINE_MAX];
	struct timeval tv;
	struct tm tm;
	const char *base = strrchr(file, '/');
	int n, m;
	int saved_errno = errno; /* callers may log "%m" after us */

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	n = snprintf(buf, sizeof(buf), "%c%02d%02d %02d:%02d:%02d.%06ld %7d %s:%d] ", severity,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)tv.tv_usec,
		     (int)getpid(), base ? base + 1 : file, line);
	if (n < 0)
		return;
	errno = saved_errno;
	m = vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n >= sizeof(buf) - 1)
		n = sizeof(buf) - 2; /* truncated: keep the newline */
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n++] = '\n';
	(void)!write(log_fd, buf, (size_t)n);
	errno = saved_errno;
}

void
kc_log_write(char severity, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kc_log_vwrite(severity, file, line, fmt, ap);
	va_end(ap);
}

int
kc_log_command_failed(int r, const struct kc_strv *errs)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	if (r < 0) {
		kc_error("cannot validate options: %s", kc_strerror(r));
		return r;
	}
	if (r == 0 || errs->n == 0)
		return r;
	if (errs->n > 1)
		kc_strbuf_addch(&sb, '[');
	for (size_t i = 0; i < errs->n; i++) {
		if (i > 0)
			kc_strbuf_adds(&sb, ", ");
		for (const char *p = errs->v[i]; *p != '\0'; p++) {
			if (*p == '\n') {
				kc_strbuf_adds(&sb, "\\n");
				continue;
			}
			if (*p == '"' || *p == '\\')
				kc_strbuf_addch(&sb, '\\');
			kc_strbuf_addch(&sb, *p);
		}
	}
	if (errs->n > 1)
		kc_strbuf_addch(&sb, ']');
	kc_error("\"command failed\" err=\"%s\"", sb.buf);
	kc_strbuf_release(&sb);
	return r;
}
