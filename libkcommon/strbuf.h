/*
 * strbuf.h - a growable NUL-terminated string (upstream idea: git strbuf.h).
 *
 * Invariants: after KC_STRBUF_INIT or kc_strbuf_init(), `buf` is never NULL and buf[len] == '\0'.
 * On allocation failure the add functions return KC_ERR_NOMEM and leave the content unchanged.
 * kc_strbuf_detach() is the only way to take the memory; it leaves the strbuf empty and usable.
 */
#ifndef KC_STRBUF_H
#define KC_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct kc_strbuf {
	char *buf;
	size_t len;
	size_t alloc; /* 0 while buf points at the shared empty string */
};

extern char kc_strbuf_empty[];
#define KC_STRBUF_INIT                                       \
	{                                                    \
		.buf = kc_strbuf_empty, .len = 0, .alloc = 0 \
	}

void kc_strbuf_init(struct kc_strbuf *sb);
void kc_strbuf_release(struct kc_strbuf *sb);
void kc_strbuf_reset(struct kc_strbuf *sb);
int kc_strbuf_grow(struct kc_strbuf *sb, size_t extra);
int kc_strbuf_add(struct kc_strbuf *sb, const void *data, size_t len);
int kc_strbuf_adds(struct kc_strbuf *sb, const char *s);
int kc_strbuf_addch(struct kc_strbuf *sb, char c);
int kc_strbuf_addf(struct kc_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int kc_strbuf_vaddf(struct kc_strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Removes len bytes from the front. */
void kc_strbuf_consume(struct kc_strbuf *sb, size_t len);
/* Returns the malloc()ed string (never NULL unless out of memory) and empties sb. */
char *kc_strbuf_detach(struct kc_strbuf *sb, size_t *ret_len);

/* A malloc()ed printf (git's xstrfmt, without dying): NULL when out of memory. */
char *kc_strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *kc_vstrfmt(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
