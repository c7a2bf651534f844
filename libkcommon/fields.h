/*
 * fields.h - field selectors: "metadata.name=foo,spec.nodeName!=", with backslash escapes
 * (upstream: staging/src/k8s.io/apimachinery/pkg/fields/selector.go, fields.go,
 * requirements.go).
 *
 * A selector is a list of field=value / field!=value requirements ANDed together.  An absent
 * field has the value "" (so "spec.nodeName=" selects unscheduled pods).  Values escape '\',
 * ',' and '=' with a backslash; field names are taken as written.  Terms with both an empty
 * field and an empty value ("=") select everything and are dropped, as upstream.
 *
 * The requirements are kept sorted by their canonical text, so String() is a fixed point of
 * parse.  (Upstream sorts by the raw text, which differs only for "==" and for invalid UTF-8
 * in an escaped value; both select the same objects.)  Errors are upstream's: "invalid
 * selector: '<s>'; can't understand '<term>'", "invalid field selector: invalid escape
 * sequence: \x", "invalid field selector: unescaped character in value: 61".
 */
#ifndef KC_FIELDS_H
#define KC_FIELDS_H

#include <stddef.h>

#include <jansson.h>

#include "libkcommon/labels.h"

struct kc_field_requirement {
	char *field;
	enum kc_selection_op op; /* KC_SELECTION_EQUALS or KC_SELECTION_NOT_EQUALS */
	char *value;             /* unescaped */
};

/* Read-only for callers. */
struct kc_field_selector {
	struct kc_field_requirement *reqs;
	size_t n;
	int nothing; /* fields.Nothing(): matches nothing */
};

/* The value of field in the object being matched, or NULL when it has none (read as ""). */
typedef const char *(*kc_fields_getter)(void *ctx, const char *field);

/* fields.Everything() / fields.Nothing(); NULL when out of memory. */
struct kc_field_selector *kc_field_selector_everything(void);
struct kc_field_selector *kc_field_selector_nothing(void);
/* NULL-safe; returns NULL. */
struct kc_field_selector *kc_field_selector_free(struct kc_field_selector *sel);

/*
 * fields.ParseSelector: comma-separated "<field>=<value>", "<field>==<value>",
 * "<field>!=<value>"; "" is everything.  0, KC_ERR_INVALID with *ret_err (malloc()ed, may be
 * NULL to ignore), KC_ERR_NOMEM.  The text ends at the first NUL.
 */
int kc_fields_parse(const char *s, struct kc_field_selector **ret, char **ret_err);

/* OneTermEqualSelector / OneTermNotEqualSelector (op EQUALS or NOT_EQUALS); NULL on ENOMEM. */
struct kc_field_selector *kc_field_selector_one_term(const char *field, enum kc_selection_op op,
						     const char *value);

/* Matches: 1 or 0.  get(ctx, field) supplies each field's value. */
int kc_field_selector_matches(const struct kc_field_selector *sel, kc_fields_getter get, void *ctx);
/* Matches against a fields.Set: a JSON object of strings (NULL: no fields). */
int kc_field_selector_matches_set(const struct kc_field_selector *sel, const json_t *set);

/* Empty(): no requirements (and not nothing). */
int kc_field_selector_is_empty(const struct kc_field_selector *sel);
/* RequiresExactMatch: the value an "=" requirement pins field to (borrowed), or NULL. */
const char *kc_field_selector_requires_exact_match(const struct kc_field_selector *sel,
						   const char *field);

/* String(): canonical text, malloc()ed ("" for everything and nothing); NULL on ENOMEM. */
char *kc_field_selector_string(const struct kc_field_selector *sel);

/* EscapeValue: '\' ',' '=' escaped with '\'; malloc()ed, NULL on ENOMEM. */
char *kc_fields_escape_value(const char *s);
/* UnescapeValue: 0 with *ret malloc()ed, or KC_ERR_INVALID with *ret_err, or KC_ERR_NOMEM. */
int kc_fields_unescape_value(const char *s, char **ret, char **ret_err);

#endif
