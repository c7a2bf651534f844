/*
 * duration.c - Go duration syntax (upstream: Go's time/format.go ParseDuration, Duration.String).
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/duration.h"
#include "libkcommon/errors.h"

static const struct {
	const char *unit;
	int64_t ns;
} units[] = {
	{ "ns", 1 },
	{ "us", KC_NSEC_PER_USEC },
	{ "\xc2\xb5s", KC_NSEC_PER_USEC }, /* U+00B5 micro sign */
	{ "\xce\xbcs", KC_NSEC_PER_USEC }, /* U+03BC Greek mu */
	{ "ms", KC_NSEC_PER_MSEC },
	{ "s", KC_NSEC_PER_SEC },
	{ "m", 60 * KC_NSEC_PER_SEC },
	{ "h", 3600 * KC_NSEC_PER_SEC },
};

static int
unit_lookup(const char *s, size_t len, int64_t *ret)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].unit) == len && memcmp(units[i].unit, s, len) == 0) {
			*ret = units[i].ns;
			return 0;
		}
	return KC_ERR_INVALID;
}

int
kc_duration_parse(const char *s, int64_t *ret_ns)
{
	int neg = 0;
	uint64_t total = 0;
	const char *p = s;

	if (s == NULL || *s == '\0')
		return KC_ERR_INVALID;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (strcmp(p, "0") == 0) {
		*ret_ns = 0;
		return 0;
	}
	if (*p == '\0')
		return KC_ERR_INVALID;
	while (*p != '\0') {
		uint64_t whole = 0, frac = 0, scale = 1;
		int digits = 0;
		int64_t unit;
		const char *u;

		while (*p >= '0' && *p <= '9') {
			if (whole > (UINT64_MAX - 9) / 10)
				return KC_ERR_RANGE;
			whole = whole * 10 + (uint64_t)(*p++ - '0');
			digits++;
		}
		if (*p == '.') {
			p++;
			while (*p >= '0' && *p <= '9') {
				if (scale < 1000000000000000000ULL) {
					frac = frac * 10 + (uint64_t)(*p - '0');
					scale *= 10;
				}
				p++;
				digits++;
			}
		}
		if (digits == 0)
			return KC_ERR_INVALID;
		u = p;
		while (*p != '\0' && *p != '.' && (*p < '0' || *p > '9'))
			p++;
		if (u == p)
			return KC_ERR_INVALID; /* Go: "missing unit in duration" */
		if (unit_lookup(u, (size_t)(p - u), &unit) < 0)
			return KC_ERR_INVALID;
		if (whole > (uint64_t)INT64_MAX / (uint64_t)unit)
			return KC_ERR_RANGE;
		whole *= (uint64_t)unit;
		whole += (uint64_t)((long double)frac * (long double)unit / (long double)scale);
		if (whole > (uint64_t)INT64_MAX || total > (uint64_t)INT64_MAX - whole)
			return KC_ERR_RANGE;
		total += whole;
	}
	*ret_ns = neg ? -(int64_t)total : (int64_t)total;
	return 0;
}

/* Appends the fraction of v / unit without trailing zeros, Go's fmtFrac. */
static int
fmt_frac(char *buf, size_t size, uint64_t v, int prec)
{
	char digits[24];
	int n = 0, printed = 0;

	for (int i = 0; i < prec; i++) {
		int d = (int)(v % 10);

		printed = printed || d != 0;
		if (printed)
			digits[n++] = (char)('0' + d);
		v /= 10;
	}
	if (n == 0)
		return snprintf(buf, size, "%llu", (unsigned long long)v);
	{
		char rev[24];

		for (int i = 0; i < n; i++)
			rev[i] = digits[n - 1 - i];
		rev[n] = '\0';
		return snprintf(buf, size, "%llu.%s", (unsigned long long)v, rev);
	}
}

const char *
kc_duration_format(int64_t ns, char *buf, size_t size)
{
	uint64_t u = ns < 0 ? (uint64_t)(-(ns + 1)) + 1 : (uint64_t)ns;
	const char *sign = ns < 0 ? "-" : "";
	char num[48];

	if (u == 0) {
		snprintf(buf, size, "0s");
	} else if (u < (uint64_t)KC_NSEC_PER_SEC) {
		/* Sub-second: one unit, the largest that keeps the integer part non-zero. */
		if (u < (uint64_t)KC_NSEC_PER_USEC) {
			snprintf(buf, size, "%s%lluns", sign, (unsigned long long)u);
		} else if (u < (uint64_t)KC_NSEC_PER_MSEC) {
			fmt_frac(num, sizeof(num), u, 3);
			snprintf(buf, size, "%s%s\xc2\xb5s", sign, num);
		} else {
			fmt_frac(num, sizeof(num), u, 6);
			snprintf(buf, size, "%s%sms", sign, num);
		}
	} else {
		uint64_t secs_ns = u % (60ULL * KC_NSEC_PER_SEC);
		uint64_t mins = u / (60ULL * KC_NSEC_PER_SEC);

		fmt_frac(num, sizeof(num), secs_ns, 9);
		if (mins == 0)
			snprintf(buf, size, "%s%ss", sign, num);
		else if (mins < 60)
			snprintf(buf, size, "%s%llum%ss", sign, (unsigned long long)mins, num);
		else
			snprintf(buf, size, "%s%lluh%llum%ss", sign, (unsigned long long)(mins / 60),
				 (unsigned long long)(mins % 60), num);
	}
	return buf;
}
