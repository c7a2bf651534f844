/*
 * strv.c - vector of owned strings.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

void
kc_strv_release(struct kc_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
	sv->alloc = 0;
}

int
kc_strv_push_steal(struct kc_strv *sv, char *s)
{
	if (s == NULL)
		return KC_ERR_NOMEM;
	if (sv->n + 2 > sv->alloc) {
		size_t n = sv->alloc < 8 ? 8 : sv->alloc * 2;
		char **p = realloc(sv->v, n * sizeof(*p));

		if (p == NULL) {
			free(s);
			return KC_ERR_NOMEM;
		}
		sv->v = p;
		sv->alloc = n;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
	return 0;
}

int
kc_strv_push(struct kc_strv *sv, const char *s)
{
	return kc_strv_push_steal(sv, strdup(s));
}

int
kc_strv_pushn(struct kc_strv *sv, const char *s, size_t len)
{
	return kc_strv_push_steal(sv, strndup(s, len));
}

int
kc_strv_pushf(struct kc_strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = kc_vstrfmt(fmt, ap);
	va_end(ap);
	return kc_strv_push_steal(sv, s); /* KC_ERR_NOMEM for a NULL s */
}

int
kc_strv_contains(const struct kc_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

int
kc_strv_split(struct kc_strv *sv, const char *s, char sep)
{
	const char *p = s;

	for (;;) {
		const char *e = strchr(p, sep);
		int r = kc_strv_pushn(sv, p, e ? (size_t)(e - p) : strlen(p));

		if (r < 0)
			return r;
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

char *
kc_strv_join(const struct kc_strv *sv, const char *sep)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	for (size_t i = 0; i < sv->n; i++) {
		if ((i > 0 && kc_strbuf_adds(&sb, sep) < 0) || kc_strbuf_adds(&sb, sv->v[i]) < 0) {
			kc_strbuf_release(&sb);
			return NULL;
		}
	}
	return kc_strbuf_detach(&sb, NULL);
}
