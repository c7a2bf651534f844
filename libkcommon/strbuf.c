/*
 * strbuf.c - growable string (upstream idea: git strbuf.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"

char kc_strbuf_empty[1];

void
kc_strbuf_init(struct kc_strbuf *sb)
{
	sb->buf = kc_strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void
kc_strbuf_release(struct kc_strbuf *sb)
{
	if (sb->alloc != 0)
		free(sb->buf);
	kc_strbuf_init(sb);
}

void
kc_strbuf_reset(struct kc_strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc != 0)
		sb->buf[0] = '\0';
}

int
kc_strbuf_grow(struct kc_strbuf *sb, size_t extra)
{
	size_t need, n;
	char *p;

	if (extra > (size_t)-1 / 2 - sb->len)
		return KC_ERR_NOMEM;
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return 0;
	n = sb->alloc < 64 ? 64 : sb->alloc;
	while (n < need)
		n *= 2;
	p = realloc(sb->alloc != 0 ? sb->buf : NULL, n);
	if (p == NULL)
		return KC_ERR_NOMEM;
	if (sb->alloc == 0)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = n;
	return 0;
}

int
kc_strbuf_add(struct kc_strbuf *sb, const void *data, size_t len)
{
	if (kc_strbuf_grow(sb, len) < 0)
		return KC_ERR_NOMEM;
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int
kc_strbuf_adds(struct kc_strbuf *sb, const char *s)
{
	return kc_strbuf_add(sb, s, strlen(s));
}

int
kc_strbuf_addch(struct kc_strbuf *sb, char c)
{
	return kc_strbuf_add(sb, &c, 1);
}

int
kc_strbuf_vaddf(struct kc_strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return KC_ERR_INVALID;
	if (kc_strbuf_grow(sb, (size_t)n) < 0)
		return KC_ERR_NOMEM;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int
kc_strbuf_addf(struct kc_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = kc_strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return r;
}

void
kc_strbuf_consume(struct kc_strbuf *sb, size_t len)
{
	if (len >= sb->len) {
		kc_strbuf_reset(sb);
		return;
	}
	memmove(sb->buf, sb->buf + len, sb->len - len);
	sb->len -= len;
	sb->buf[sb->len] = '\0';
}

char *
kc_strbuf_detach(struct kc_strbuf *sb, size_t *ret_len)
{
	char *s;

	if (sb->alloc == 0 && kc_strbuf_grow(sb, 0) < 0)
		return NULL;
	s = sb->buf;
	if (ret_len != NULL)
		*ret_len = sb->len;
	kc_strbuf_init(sb);
	return s;
}

char *
kc_vstrfmt(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL; /* s is undefined then */
	return s;
}

char *
kc_strfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = kc_vstrfmt(fmt, ap);
	va_end(ap);
	return s;
}
