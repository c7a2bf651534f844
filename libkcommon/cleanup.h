/*
 * cleanup.h - scope-bound cleanup for locals (upstream idea: systemd cleanup-fundamental.h).
 *
 *	KC_AUTOFREE char *s = strdup(x);	   free()d when s goes out of scope
 *	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf b = KC_STRBUF_INIT;
 *	return kc_take_ptr(s);			   hand ownership out, the cleanup skips it
 *
 * jansson's own json_auto_t does the same for json_t.
 */
#ifndef KC_CLEANUP_H
#define KC_CLEANUP_H

#include <stdlib.h>

static inline void
kc_freep(void *p)
{
	free(*(void **)p);
}

#define KC_CLEANUP(fn) __attribute__((cleanup(fn)))
#define KC_AUTOFREE	KC_CLEANUP(kc_freep)

/* Returns *pp and sets *pp to NULL: ownership leaves the scope-bound variable. */
#define kc_take_ptr(p)                          \
	({                                      \
		__typeof__(p) kc_tmp_ = (p);    \
		(p) = NULL;                     \
		kc_tmp_;                        \
	})

#define KC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define KC_UNUSED __attribute__((unused))

#endif
