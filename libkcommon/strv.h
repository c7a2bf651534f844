/*
 * strv.h - a NULL-terminated vector of malloc()ed strings (flags lists, args, keys).
 *
 * KC_STRV_INIT is an empty vector; `v` stays NULL until the first push.  All strings are owned
 * by the vector; kc_strv_release() frees them.
 */
#ifndef KC_STRV_H
#define KC_STRV_H

#include <stddef.h>

struct kc_strv {
	char **v; /* NULL or NULL-terminated */
	size_t n;
	size_t alloc;
};

#define KC_STRV_INIT { NULL, 0, 0 }

void kc_strv_release(struct kc_strv *sv);
/* Copies s. */
int kc_strv_push(struct kc_strv *sv, const char *s);
int kc_strv_pushn(struct kc_strv *sv, const char *s, size_t len);
/* Takes s (malloc()ed); frees it on failure. */
int kc_strv_push_steal(struct kc_strv *sv, char *s);
/* Pushes a formatted string (for error lists). */
int kc_strv_pushf(struct kc_strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kc_strv_contains(const struct kc_strv *sv, const char *s);
/* Splits s on sep, appending each piece (empty pieces too, as Go's strings.Split). */
int kc_strv_split(struct kc_strv *sv, const char *s, char sep);
/* A malloc()ed join of all strings with sep between them; NULL when out of memory. */
char *kc_strv_join(const struct kc_strv *sv, const char *sep);

#endif
