/*
 * fields.c - field selector parse, escape and match (upstream:
 * staging/src/k8s.io/apimachinery/pkg/fields/selector.go).
 *
 * Parsing follows parseSelector(): split on unescaped commas, sort the raw terms (which fixes
 * which error is reported first), split each at its first "!=", "==" or "=", and unescape the
 * value rune by rune as Go does (so invalid UTF-8 in an escaped value becomes U+FFFD).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/fields.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

/* ---- selectors ----------------------------------------------------------------------------- */

static struct kc_field_selector *
selector_new(int nothing)
{
	struct kc_field_selector *sel = calloc(1, sizeof(*sel));

	if (sel != NULL)
		sel->nothing = nothing;
	return sel;
}

struct kc_field_selector *
kc_field_selector_everything(void)
{
	return selector_new(0);
}

struct kc_field_selector *
kc_field_selector_nothing(void)
{
	return selector_new(1);
}

struct kc_field_selector *
kc_field_selector_free(struct kc_field_selector *sel)
{
	if (sel == NULL)
		return NULL;
	for (size_t i = 0; i < sel->n; i++) {
		free(sel->reqs[i].field);
		free(sel->reqs[i].value);
	}
	free(sel->reqs);
	free(sel);
	return NULL;
}

static void
selector_freep(struct kc_field_selector **p)
{
	kc_field_selector_free(*p);
}

/* Appends a requirement, copying field and taking value. */
static int
selector_append(struct kc_field_selector *sel, const char *field, size_t field_len,
		enum kc_selection_op op, char *value)
{
	struct kc_field_requirement *p;
	char *f;

	if (value == NULL)
		return KC_ERR_NOMEM;
	p = realloc(sel->reqs, (sel->n + 1) * sizeof(*p));
	if (p == NULL) {
		free(value);
		return KC_ERR_NOMEM;
	}
	sel->reqs = p;
	f = strndup(field, field_len);
	if (f == NULL) {
		free(value);
		return KC_ERR_NOMEM;
	}
	sel->reqs[sel->n++] = (struct kc_field_requirement){ .field = f, .op = op, .value = value };
	return 0;
}

struct kc_field_selector *
kc_field_selector_one_term(const char *field, enum kc_selection_op op, const char *value)
{
	struct kc_field_selector *sel = kc_field_selector_everything();

	if (op != KC_SELECTION_NOT_EQUALS)
		op = KC_SELECTION_EQUALS;
	/* selector_append() takes the value copy, also on failure */
	if (sel == NULL || selector_append(sel, field, strlen(field), op, strdup(value)) < 0)
		return kc_field_selector_free(sel);
	return sel;
}

/* ---- escaping ---------------------------------------------------------------------------- */

char *
kc_fields_escape_value(const char *s)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = kc_strbuf_grow(&sb, strlen(s));

	for (; r >= 0 && *s != '\0'; s++) {
		if (*s == '\\' || *s == ',' || *s == '=')
			r = kc_strbuf_addch(&sb, '\\');
		if (r >= 0)
			r = kc_strbuf_addch(&sb, *s);
	}
	if (r < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}

/* UTF-8 encoding of a rune (U+FFFD for an invalid byte). */
static int
add_rune(struct kc_strbuf *sb, const char *s, size_t n, uint32_t rune)
{
	if (rune == 0xfffd && n == 1)
		return kc_strbuf_add(sb, "\xef\xbf\xbd", 3);
	return kc_strbuf_add(sb, s, n);
}

static int
unescape_n(const char *s, size_t len, char **ret, char **ret_err)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int in_slash = 0, r = 0;
	size_t i = 0;

	if (strcspn(s, "\\,=") >= len) {
		*ret = strndup(s, len);
		return *ret == NULL ? KC_ERR_NOMEM : 0;
	}
	while (r >= 0 && i < len) {
		uint32_t c;
		size_t n = kc_validation_decode_rune(s + i, len - i, &c);

		if (in_slash) {
			if (c == '\\' || c == ',' || c == '=') {
				r = kc_strbuf_addch(&sb, (char)c);
			} else {
				struct kc_strbuf seq = KC_STRBUF_INIT;

				r = kc_strbuf_addch(&seq, '\\');
				if (r >= 0)
					r = add_rune(&seq, s + i, n, c);
				if (r >= 0)
					r = kc_err_invalid_steal(
						ret_err,
						kc_strfmt(
							"invalid field selector: invalid escape sequence: %s",
							seq.buf));
				kc_strbuf_release(&seq);
				kc_strbuf_release(&sb);
				return r;
			}
			in_slash = 0;
		} else if (c == '\\') {
			in_slash = 1;
		} else if (c == ',' || c == '=') {
			kc_strbuf_release(&sb);
			return kc_err_invalid_steal(
				ret_err,
				kc_strfmt(
					"invalid field selector: unescaped character in value: %u",
					(unsigned)c));
		} else {
			r = add_rune(&sb, s + i, n, c);
		}
		i += n;
	}
	if (r >= 0 && in_slash)
		r = kc_err_invalid_steal(
			ret_err, kc_strfmt("invalid field selector: invalid escape sequence: \\"));
	if (r < 0) {
		kc_strbuf_release(&sb);
		return r;
	}
	*ret = kc_strbuf_detach(&sb, NULL);
	return 0;
}

int
kc_fields_unescape_value(const char *s, char **ret, char **ret_err)
{
	return unescape_n(s, strlen(s), ret, ret_err);
}

/* ---- parsing ------------------------------------------------------------------------------- */

struct term {
	const char *s;
	size_t len;
};

/* splitTerms: split on commas not preceded by an escaping backslash. */
static int
split_terms(const char *s, struct term **ret, size_t *ret_n)
{
	size_t n = 1, k = 0, start = 0, i;
	int in_slash = 0;
	struct term *terms;

	for (i = 0; s[i] != '\0'; i++)
		n += s[i] == ',';
	terms = calloc(n, sizeof(*terms));
	if (terms == NULL)
		return KC_ERR_NOMEM;
	for (i = 0; s[i] != '\0'; i++) {
		if (in_slash) {
			in_slash = 0;
		} else if (s[i] == '\\') {
			in_slash = 1;
		} else if (s[i] == ',') {
			terms[k++] = (struct term){ s + start, i - start };
			start = i + 1;
		}
	}
	terms[k++] = (struct term){ s + start, i - start };
	*ret = terms;
	*ret_n = k;
	return 0;
}

static int
cmp_terms(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* splitTerm: the first "!=", "==" or "=" (tried in that order at each position). */
static int
split_term(const struct term *t, size_t *op_at, size_t *op_len, enum kc_selection_op *op)
{
	for (size_t i = 0; i < t->len; i++) {
		const char *p = t->s + i;
		size_t rest = t->len - i;

		if (rest >= 2 && p[0] == '!' && p[1] == '=') {
			*op = KC_SELECTION_NOT_EQUALS;
			*op_len = 2;
		} else if (rest >= 2 && p[0] == '=' && p[1] == '=') {
			*op = KC_SELECTION_EQUALS;
			*op_len = 2;
		} else if (p[0] == '=') {
			*op = KC_SELECTION_EQUALS;
			*op_len = 1;
		} else {
			continue;
		}
		*op_at = i;
		return 0;
	}
	return -1;
}

/* The canonical text of a requirement, for ordering. */
static char *
requirement_text(const struct kc_field_requirement *r)
{
	KC_AUTOFREE char *v = kc_fields_escape_value(r->value);

	if (v == NULL)
		return NULL;
	return kc_strfmt("%s%s%s", r->field, r->op == KC_SELECTION_NOT_EQUALS ? "!=" : "=", v);
}

struct keyed {
	char *text;
	struct kc_field_requirement req;
	size_t index;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->text, y->text);

	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Orders the requirements by canonical text (stable: the index breaks ties). */
static int
sort_canonical(struct kc_field_selector *sel)
{
	struct keyed *k;
	int r = 0;

	if (sel->n < 2)
		return 0;
	k = calloc(sel->n, sizeof(*k));
	if (k == NULL)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < sel->n; i++) {
		k[i] = (struct keyed){ requirement_text(&sel->reqs[i]), sel->reqs[i], i };
		if (k[i].text == NULL)
			r = KC_ERR_NOMEM;
	}
	if (r >= 0) {
		qsort(k, sel->n, sizeof(*k), cmp_keyed);
		for (size_t i = 0; i < sel->n; i++)
			sel->reqs[i] = k[i].req;
	}
	for (size_t i = 0; i < sel->n; i++)
		free(k[i].text);
	free(k);
	return r;
}

static int
parse_term(struct kc_field_selector *sel, const char *whole, const struct term *t, char **ret_err)
{
	enum kc_selection_op op;
	size_t at, oplen;
	char *value = NULL;
	int r;

	if (split_term(t, &at, &oplen, &op) < 0)
		return kc_err_invalid_steal(
			ret_err, kc_strfmt("invalid selector: '%s'; can't understand '%.*s'", whole,
					   (int)t->len, t->s));
	r = unescape_n(t->s + at + oplen, t->len - at - oplen, &value, ret_err);
	if (r < 0)
		return r;
	/* Transform() with the identity drops a term whose field and value are both empty */
	if (at == 0 && value[0] == '\0') {
		free(value);
		return 0;
	}
	return selector_append(sel, t->s, at, op, value);
}

int
kc_fields_parse(const char *s, struct kc_field_selector **ret, char **ret_err)
{
	KC_CLEANUP(selector_freep) struct kc_field_selector *sel = kc_field_selector_everything();
	KC_AUTOFREE struct term *terms = NULL;
	size_t n = 0;
	int r = 0;

	if (sel == NULL)
		return KC_ERR_NOMEM;
	if (s[0] != '\0') {
		r = split_terms(s, &terms, &n);
		if (r < 0)
			return r;
		qsort(terms, n, sizeof(*terms), cmp_terms);
	}
	for (size_t i = 0; r >= 0 && i < n; i++)
		if (terms[i].len > 0)
			r = parse_term(sel, s, &terms[i], ret_err);
	if (r >= 0)
		r = sort_canonical(sel);
	if (r < 0)
		return r;
	*ret = kc_take_ptr(sel);
	return 0;
}

/* ---- matching and text ---------------------------------------------------------------------- */

int
kc_field_selector_matches(const struct kc_field_selector *sel, kc_fields_getter get, void *ctx)
{
	if (sel->nothing)
		return 0;
	for (size_t i = 0; i < sel->n; i++) {
		const struct kc_field_requirement *r = &sel->reqs[i];
		const char *v = get(ctx, r->field);
		int equal = strcmp(v != NULL ? v : "", r->value) == 0;

		if (equal != (r->op != KC_SELECTION_NOT_EQUALS))
			return 0;
	}
	return 1;
}

static const char *
set_get(void *ctx, const char *field)
{
	const json_t *set = ctx;

	return json_is_object(set) ? json_string_value(json_object_get(set, field)) : NULL;
}

int
kc_field_selector_matches_set(const struct kc_field_selector *sel, const json_t *set)
{
	return kc_field_selector_matches(sel, set_get, (void *)set);
}

int
kc_field_selector_is_empty(const struct kc_field_selector *sel)
{
	return !sel->nothing && sel->n == 0;
}

const char *
kc_field_selector_requires_exact_match(const struct kc_field_selector *sel, const char *field)
{
	for (size_t i = 0; !sel->nothing && i < sel->n; i++)
		if (sel->reqs[i].op != KC_SELECTION_NOT_EQUALS &&
		    strcmp(sel->reqs[i].field, field) == 0)
			return sel->reqs[i].value;
	return NULL;
}

char *
kc_field_selector_string(const struct kc_field_selector *sel)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = 0;

	for (size_t i = 0; r >= 0 && !sel->nothing && i < sel->n; i++) {
		KC_AUTOFREE char *t = requirement_text(&sel->reqs[i]);

		if (t == NULL)
			r = KC_ERR_NOMEM;
		if (r >= 0 && i > 0)
			r = kc_strbuf_addch(&sb, ',');
		if (r >= 0)
			r = kc_strbuf_adds(&sb, t);
	}
	if (r < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}
