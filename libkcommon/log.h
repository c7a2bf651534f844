/*
 * log.h - klog-format logging (upstream: k8s.io/klog/v2).
 *
 * Lines look like klog's:  I1121 22:48:07.123456   1234 file.c:42] message
 * (severity, month day, local time with microseconds, pid right-aligned to 7, file:line).
 * `--v=N` sets the verbosity that kc_v(N, ...) compares against; `--vmodule=pat=N,...` raises it
 * per source file (pattern = file name without .c, glob * and ?; with a '/' the whole path).
 * Library code logs at kc_v(4) or above only: it returns errors and its caller logs once.
 * Each line goes out in one write(2) so lines from several threads never interleave.
 */
#ifndef KC_LOG_H
#define KC_LOG_H

#include <stdarg.h>

/* The highest level any file may log at: kc_v() tests this first, so a disabled kc_v costs a
 * compare. */
extern int kc_log_max_v;

void kc_log_write(char severity, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void kc_log_vwrite(char severity, const char *file, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/* Whether kc_v(level) logs in `file` (a __FILE__). */
int kc_log_v_enabled(int level, const char *file);

/* Global verbosity (--v). */
void kc_log_set_verbosity(int v);
int kc_log_verbosity(void);

/* Parses and installs a --vmodule spec; KC_ERR_INVALID and nothing changed on a bad one. */
int kc_log_set_vmodule(const char *spec);

struct kc_strv;

/*
 * Logs what a daemon's startup returned, as component-base's cli.Run() logs a command's error:
 * one line `"command failed" err="..."`, several messages joined as utilerrors.NewAggregate()
 * joins them ("[a, b]"), quotes and newlines escaped as klog escapes them.  r is what the
 * validation returned: < 0 logs "cannot validate options: <error>", > 0 logs errs, 0 logs
 * nothing.  Returns r.
 */
int kc_log_command_failed(int r, const struct kc_strv *errs);

/* Lines go to this fd (default 2, stderr). */
void kc_log_set_fd(int fd);

#define kc_info(...)	kc_log_write('I', __FILE__, __LINE__, __VA_ARGS__)
#define kc_warning(...) kc_log_write('W', __FILE__, __LINE__, __VA_ARGS__)
#define kc_error(...)	kc_log_write('E', __FILE__, __LINE__, __VA_ARGS__)
#define kc_v(level, ...)                                                          \
	do {                                                                      \
		if ((level) <= kc_log_max_v && kc_log_v_enabled((level), __FILE__)) \
			kc_log_write('I', __FILE__, __LINE__, __VA_ARGS__);       \
	} while (0)

#endif
