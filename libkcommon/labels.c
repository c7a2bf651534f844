/*
 * labels.c - label selector lexer, parser, requirements and matching (upstream:
 * staging/src/k8s.io/apimachinery/pkg/labels/selector.go; LabelSelectorAsSelector from
 * apis/meta/v1/helpers.go; nodeSelectorRequirementsAsSelector from
 * component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go).
 *
 * The lexer and the recursive-descent parser follow upstream's token by token, so the same
 * texts are accepted and the same "found '...', expected: ..." messages come out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/labels.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/validation.h"

static const char *const op_names[] = {
	[KC_SELECTION_EQUALS] = "=",         [KC_SELECTION_DOUBLE_EQUALS] = "==",
	[KC_SELECTION_NOT_EQUALS] = "!=",    [KC_SELECTION_IN] = "in",
	[KC_SELECTION_NOT_IN] = "notin",     [KC_SELECTION_EXISTS] = "exists",
	[KC_SELECTION_DOES_NOT_EXIST] = "!", [KC_SELECTION_GREATER_THAN] = "gt",
	[KC_SELECTION_LESS_THAN] = "lt",
};

const char *
kc_selection_op_name(enum kc_selection_op op)
{
	if ((unsigned)op >= KC_ARRAY_SIZE(op_names))
		return "";
	return op_names[op];
}

/* strconv.ParseInt(s, 10, 64) */
static int
parse_int64(const char *s, int64_t *ret)
{
	const char *p = s + (*s == '+' || *s == '-');
	char *end;
	long long v;

	if (*p < '0' || *p > '9')
		return -1;
	for (const char *q = p; *q != '\0'; q++)
		if (*q < '0' || *q > '9')
			return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*ret = v;
	return 0;
}

/* ---- requirements and selectors ------------------------------------------------------------ */

static void
requirement_release(struct kc_label_requirement *r)
{
	free(r->key);
	r->key = NULL;
	kc_strv_release(&r->values);
}

static struct kc_label_selector *
selector_new(int nothing)
{
	struct kc_label_selector *sel = calloc(1, sizeof(*sel));

	if (sel != NULL)
		sel->nothing = nothing;
	return sel;
}

struct kc_label_selector *
kc_label_selector_everything(void)
{
	return selector_new(0);
}

struct kc_label_selector *
kc_label_selector_nothing(void)
{
	return selector_new(1);
}

struct kc_label_selector *
kc_label_selector_free(struct kc_label_selector *sel)
{
	if (sel == NULL)
		return NULL;
	for (size_t i = 0; i < sel->n; i++)
		requirement_release(&sel->reqs[i]);
	free(sel->reqs);
	free(sel);
	return NULL;
}

static void
selector_freep(struct kc_label_selector **p)
{
	kc_label_selector_free(*p);
}

#define SELECTOR_AUTOFREE KC_CLEANUP(selector_freep)

static int
selector_reserve(struct kc_label_selector *sel, size_t extra)
{
	struct kc_label_requirement *p;
	size_t n;

	if (sel->n + extra <= sel->alloc)
		return 0;
	n = sel->alloc < 4 ? 4 : sel->alloc;
	while (n < sel->n + extra)
		n *= 2;
	p = realloc(sel->reqs, n * sizeof(*p));
	if (p == NULL)
		return KC_ERR_NOMEM;
	sel->reqs = p;
	sel->alloc = n;
	return 0;
}

/* Inserts r (taken) after every requirement with a key <= r's: a stable sort by key. */
static int
selector_insert(struct kc_label_selector *sel, struct kc_label_requirement *r)
{
	size_t lo = 0, hi = sel->n;

	if (selector_reserve(sel, 1) < 0) {
		requirement_release(r);
		return KC_ERR_NOMEM;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(sel->reqs[mid].key, r->key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(sel->reqs + lo + 1, sel->reqs + lo, (sel->n - lo) * sizeof(*r));
	sel->reqs[lo] = *r;
	sel->n++;
	memset(r, 0, sizeof(*r));
	return 0;
}

/* Stable merge sort of sel->reqs by key (parse appends all, then sorts once). */
static int
selector_sort(struct kc_label_selector *sel)
{
	struct kc_label_requirement *tmp;

	if (sel->n < 2)
		return 0;
	tmp = malloc(sel->n * sizeof(*tmp));
	if (tmp == NULL)
		return KC_ERR_NOMEM;
	for (size_t width = 1; width < sel->n; width *= 2) {
		for (size_t lo = 0; lo < sel->n; lo += 2 * width) {
			size_t mid = lo + width < sel->n ? lo + width : sel->n;
			size_t hi = lo + 2 * width < sel->n ? lo + 2 * width : sel->n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				tmp[k++] = strcmp(sel->reqs[j].key, sel->reqs[i].key) < 0
						   ? sel->reqs[j++]
						   : sel->reqs[i++];
			while (i < mid)
				tmp[k++] = sel->reqs[i++];
			while (j < hi)
				tmp[k++] = sel->reqs[j++];
		}
		memcpy(sel->reqs, tmp, sel->n * sizeof(*tmp));
	}
	free(tmp);
	return 0;
}

/* Appends "<path>.<name>" (or "<name>" without a path) to sb. */
static int
add_path(struct kc_strbuf *sb, const char *path, const char *name)
{
	if (path == NULL)
		return kc_strbuf_adds(sb, name);
	return kc_strbuf_addf(sb, "%s.%s", path, name);
}

/* %#v of a []string: []string{"a", "b"}, []string{} or []string(nil). */
static int
add_go_strings(struct kc_strbuf *sb, const char *const *vals, size_t n, int is_nil)
{
	int r;

	if (is_nil)
		return kc_strbuf_adds(sb, "[]string(nil)");
	r = kc_strbuf_adds(sb, "[]string{");
	for (size_t i = 0; r >= 0 && i < n; i++) {
		if (i > 0)
			r = kc_strbuf_adds(sb, ", ");
		if (r >= 0)
			r = kc_validation_quote(sb, vals[i], strlen(vals[i]));
	}
	return r < 0 ? r : kc_strbuf_addch(sb, '}');
}

/* "<path>.values: Invalid value: []string{...}: <detail>" */
static int
values_error(struct kc_strv *errs, const char *path, const char *const *vals, size_t n, int is_nil,
	     const char *detail)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = add_path(&sb, path, "values");

	if (r >= 0)
		r = kc_strbuf_adds(&sb, ": Invalid value: ");
	if (r >= 0)
		r = add_go_strings(&sb, vals, n, is_nil);
	if (r >= 0)
		r = kc_strbuf_addf(&sb, ": %s", detail);
	if (r < 0) {
		kc_strbuf_release(&sb);
		return r;
	}
	return kc_strv_push_steal(errs, kc_strbuf_detach(&sb, NULL));
}

/* field.Invalid(path, value, strings.Join(msgs, "; ")) */
static int
invalid_joined(struct kc_strv *errs, const char *path, const char *value,
	       const struct kc_strv *msgs)
{
	KC_AUTOFREE char *joined = kc_strv_join(msgs, "; ");

	if (joined == NULL)
		return KC_ERR_NOMEM;
	return kc_validation_field_invalid(errs, path, value, joined);
}

static int
key_error(struct kc_strv *errs, const char *path, const char *key)
{
	struct kc_strv msgs = KC_STRV_INIT;
	int r = kc_validation_is_qualified_name(key, &msgs);

	if (r > 0)
		r = invalid_joined(errs, path, key, &msgs);
	kc_strv_release(&msgs);
	return r;
}

/* The per-operator value-count and Gt/Lt integer rules of NewRequirement. */
static int
operator_errors(struct kc_strv *errs, const char *path, enum kc_selection_op op,
		const char *const *vals, size_t n, int is_nil)
{
	const char *detail = NULL;
	int r = 0;

	switch (op) {
	case KC_SELECTION_IN:
	case KC_SELECTION_NOT_IN:
		if (n == 0)
			detail = "for 'in', 'notin' operators, values set can't be empty";
		break;
	case KC_SELECTION_EQUALS:
	case KC_SELECTION_DOUBLE_EQUALS:
	case KC_SELECTION_NOT_EQUALS:
		if (n != 1)
			detail = "exact-match compatibility requires one single value";
		break;
	case KC_SELECTION_EXISTS:
	case KC_SELECTION_DOES_NOT_EXIST:
		if (n != 0)
			detail = "values set must be empty for exists and does not exist";
		break;
	case KC_SELECTION_GREATER_THAN:
	case KC_SELECTION_LESS_THAN:
		if (n != 1)
			r = values_error(errs, path, vals, n, is_nil,
					 "for 'Gt', 'Lt' operators, exactly one value is required");
		for (size_t i = 0; r >= 0 && i < n; i++) {
			int64_t v;
			KC_AUTOFREE char *p = NULL;

			if (parse_int64(vals[i], &v) == 0)
				continue;
			p = path != NULL ? kc_strfmt("%s.values[%zu]", path, i)
					 : kc_strfmt("values[%zu]", i);
			r = p == NULL
				    ? KC_ERR_NOMEM
				    : kc_validation_field_invalid(
					      errs, p, vals[i],
					      "for 'Gt', 'Lt' operators, the value must be an integer");
		}
		return r;
	}
	if (detail != NULL)
		r = values_error(errs, path, vals, n, is_nil, detail);
	return r;
}

/*
 * NewRequirement: validates and fills *out (values copied).  path is the field path prefix
 * for messages (NULL for none).  On invalid input returns KC_ERR_INVALID with the aggregated
 * messages in *ret_err.
 */
static int
new_requirement(const char *key, enum kc_selection_op op, const char *const *vals, size_t n,
		int is_nil, const char *path, struct kc_label_requirement *out, char **ret_err)
{
	struct kc_strv errs = KC_STRV_INIT;
	struct kc_label_requirement req = { 0 };
	int r;

	{
		struct kc_strbuf p = KC_STRBUF_INIT;

		r = add_path(&p, path, "key");
		if (r >= 0)
			r = key_error(&errs, p.buf, key);
		kc_strbuf_release(&p);
	}
	if (r >= 0)
		r = operator_errors(&errs, path, op, vals, n, is_nil);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		struct kc_strv msgs = KC_STRV_INIT;

		r = kc_validation_is_valid_label_value(vals[i], &msgs);
		if (r > 0) {
			KC_AUTOFREE char *p =
				path != NULL ? kc_strfmt("%s.values[%zu][%s]", path, i, key)
					     : kc_strfmt("values[%zu][%s]", i, key);

			r = p == NULL ? KC_ERR_NOMEM : invalid_joined(&errs, p, vals[i], &msgs);
		}
		kc_strv_release(&msgs);
	}
	if (r >= 0 && errs.n > 0) {
		r = kc_err_invalid_steal(ret_err, kc_validation_aggregate(&errs));
		kc_strv_release(&errs);
		return r;
	}
	kc_strv_release(&errs);
	if (r < 0)
		return r;

	req.key = strdup(key);
	req.op = op;
	if (req.key == NULL)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (kc_strv_push(&req.values, vals[i]) < 0) {
			requirement_release(&req);
			return KC_ERR_NOMEM;
		}
	}
	if (op == KC_SELECTION_GREATER_THAN || op == KC_SELECTION_LESS_THAN)
		(void)parse_int64(vals[0], &req.number);
	*out = req;
	return 0;
}

int
kc_label_selector_add(struct kc_label_selector *sel, const char *key, enum kc_selection_op op,
		      const char *const *values, size_t n, char **ret_err)
{
	struct kc_label_requirement req;
	int r;

	if ((unsigned)op >= KC_ARRAY_SIZE(op_names))
		return kc_err_invalid_steal(ret_err,
					    kc_strfmt("operator: Unsupported value: %d", (int)op));
	r = new_requirement(key, op, values, n, values == NULL, NULL, &req, ret_err);
	if (r < 0)
		return r;
	if (sel->nothing) {
		requirement_release(&req);
		return 0;
	}
	return selector_insert(sel, &req);
}

/* ---- matching ------------------------------------------------------------------------------- */

static const char *
label_value(const json_t *labels, const char *key)
{
	const json_t *v;

	if (!json_is_object(labels))
		return NULL;
	v = json_object_get(labels, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
has_value(const struct kc_label_requirement *req, const char *v)
{
	for (size_t i = 0; i < req->values.n; i++)
		if (strcmp(req->values.v[i], v) == 0)
			return 1;
	return 0;
}

int
kc_label_requirement_matches(const struct kc_label_requirement *req, const json_t *labels)
{
	const char *v = label_value(labels, req->key);
	int64_t n;

	switch (req->op) {
	case KC_SELECTION_IN:
	case KC_SELECTION_EQUALS:
	case KC_SELECTION_DOUBLE_EQUALS:
		return v != NULL && has_value(req, v);
	case KC_SELECTION_NOT_IN:
	case KC_SELECTION_NOT_EQUALS:
		return v == NULL || !has_value(req, v);
	case KC_SELECTION_EXISTS:
		return v != NULL;
	case KC_SELECTION_DOES_NOT_EXIST:
		return v == NULL;
	case KC_SELECTION_GREATER_THAN:
	case KC_SELECTION_LESS_THAN:
		if (v == NULL || req->values.n != 1 || parse_int64(v, &n) < 0)
			return 0;
		return req->op == KC_SELECTION_GREATER_THAN ? n > req->number : n < req->number;
	}
	return 0;
}

int
kc_label_selector_matches(const struct kc_label_selector *sel, const json_t *labels)
{
	if (sel->nothing)
		return 0;
	for (size_t i = 0; i < sel->n; i++)
		if (!kc_label_requirement_matches(&sel->reqs[i], labels))
			return 0;
	return 1;
}

int
kc_label_selector_is_empty(const struct kc_label_selector *sel)
{
	return !sel->nothing && sel->n == 0;
}

int
kc_label_selector_is_nothing(const struct kc_label_selector *sel)
{
	return sel->nothing;
}

const char *
kc_label_selector_requires_exact_match(const struct kc_label_selector *sel, const char *label)
{
	for (size_t i = 0; i < sel->n; i++) {
		const struct kc_label_requirement *r = &sel->reqs[i];

		if (strcmp(r->key, label) != 0)
			continue;
		if ((r->op == KC_SELECTION_EQUALS || r->op == KC_SELECTION_DOUBLE_EQUALS ||
		     r->op == KC_SELECTION_IN) &&
		    r->values.n == 1)
			return r->values.v[0];
		return NULL;
	}
	return NULL;
}

/* ---- String() --------------------------------------------------------------------------------- */

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* strings.Join(safeSort(values), ",") */
static int
add_values(struct kc_strbuf *sb, const struct kc_strv *values)
{
	KC_AUTOFREE char **sorted = NULL;
	int r = 0;

	if (values->n == 0)
		return 0;
	sorted = malloc(values->n * sizeof(*sorted));
	if (sorted == NULL)
		return KC_ERR_NOMEM;
	memcpy(sorted, values->v, values->n * sizeof(*sorted));
	qsort(sorted, values->n, sizeof(*sorted), cmp_strp);
	for (size_t i = 0; r >= 0 && i < values->n; i++) {
		if (i > 0)
			r = kc_strbuf_addch(sb, ',');
		if (r >= 0)
			r = kc_strbuf_adds(sb, sorted[i]);
	}
	return r;
}

static int
add_requirement(struct kc_strbuf *sb, const struct kc_label_requirement *req)
{
	static const char *const spelled[] = {
		[KC_SELECTION_EQUALS] = "=",       [KC_SELECTION_DOUBLE_EQUALS] = "==",
		[KC_SELECTION_NOT_EQUALS] = "!=",  [KC_SELECTION_IN] = " in ",
		[KC_SELECTION_NOT_IN] = " notin ", [KC_SELECTION_GREATER_THAN] = ">",
		[KC_SELECTION_LESS_THAN] = "<",
	};
	int paren = req->op == KC_SELECTION_IN || req->op == KC_SELECTION_NOT_IN;
	int r = 0;

	if (req->op == KC_SELECTION_DOES_NOT_EXIST)
		r = kc_strbuf_addch(sb, '!');
	if (r >= 0)
		r = kc_strbuf_adds(sb, req->key);
	if (r < 0 || req->op == KC_SELECTION_EXISTS || req->op == KC_SELECTION_DOES_NOT_EXIST)
		return r;
	r = kc_strbuf_adds(sb, spelled[req->op]);
	if (r >= 0 && paren)
		r = kc_strbuf_addch(sb, '(');
	if (r >= 0)
		r = add_values(sb, &req->values);
	if (r >= 0 && paren)
		r = kc_strbuf_addch(sb, ')');
	return r;
}

char *
kc_label_selector_string(const struct kc_label_selector *sel)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = 0;

	for (size_t i = 0; r >= 0 && !sel->nothing && i < sel->n; i++) {
		if (i > 0)
			r = kc_strbuf_addch(&sb, ',');
		if (r >= 0)
			r = add_requirement(&sb, &sel->reqs[i]);
	}
	if (r < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}

/* ---- the lexer ------------------------------------------------------------------------------ */

enum token {
	T_ERROR,
	T_EOS,
	T_CLOSE_PAR,
	T_COMMA,
	T_DOES_NOT_EXIST,
	T_DOUBLE_EQUALS,
	T_EQUALS,
	T_GREATER_THAN,
	T_IDENTIFIER,
	T_IN,
	T_LESS_THAN,
	T_NOT_EQUALS,
	T_NOT_IN,
	T_OPEN_PAR,
};

struct scanned {
	enum token tok;
	const char *lit; /* into the input */
	size_t len;
};

struct scan_list {
	struct scanned *items;
	size_t n, alloc;
};

static int
is_whitespace(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_special(char c)
{
	return c != '\0' && strchr("=!(),><", c) != NULL;
}

/* string2token for the special symbols */
static enum token
symbol_token(const char *s, size_t len)
{
	static const struct {
		const char *text;
		enum token tok;
	} table[] = {
		{ ")", T_CLOSE_PAR },      { ",", T_COMMA },       { "!", T_DOES_NOT_EXIST },
		{ "==", T_DOUBLE_EQUALS }, { "=", T_EQUALS },      { ">", T_GREATER_THAN },
		{ "<", T_LESS_THAN },      { "!=", T_NOT_EQUALS }, { "(", T_OPEN_PAR },
	};

	for (size_t i = 0; i < KC_ARRAY_SIZE(table); i++)
		if (strlen(table[i].text) == len && memcmp(table[i].text, s, len) == 0)
			return table[i].tok;
	return T_ERROR;
}

/* scanSpecialSymbol: the longest run of special characters that is still a token. */
static struct scanned
scan_special(const char **pos)
{
	const char *s = *pos;
	struct scanned last = { T_ERROR, s, 0 };
	size_t len = 0;

	while (is_special(s[len])) {
		enum token t;

		len++;
		t = symbol_token(s, len);
		if (t != T_ERROR) {
			last.tok = t;
			last.len = len;
		} else if (last.tok != T_ERROR) {
			break;
		}
	}
	*pos = s + (last.tok != T_ERROR ? last.len : len);
	return last;
}

static struct scanned
scan_word(const char **pos)
{
	const char *s = *pos;
	struct scanned item = { T_IDENTIFIER, s, 0 };

	while (s[item.len] != '\0' && !is_special(s[item.len]) && !is_whitespace(s[item.len]))
		item.len++;
	*pos = s + item.len;
	if (item.len == 2 && memcmp(s, "in", 2) == 0)
		item.tok = T_IN;
	else if (item.len == 5 && memcmp(s, "notin", 5) == 0)
		item.tok = T_NOT_IN;
	return item;
}

static int
scan_all(const char *s, struct scan_list *list)
{
	for (;;) {
		struct scanned item;

		while (is_whitespace(*s))
			s++;
		if (*s == '\0')
			item = (struct scanned){ T_EOS, s, 0 };
		else if (is_special(*s))
			item = scan_special(&s);
		else
			item = scan_word(&s);
		if (list->n == list->alloc) {
			size_t n = list->alloc < 16 ? 16 : list->alloc * 2;
			struct scanned *p = realloc(list->items, n * sizeof(*p));

			if (p == NULL)
				return KC_ERR_NOMEM;
			list->items = p;
			list->alloc = n;
		}
		list->items[list->n++] = item;
		if (item.tok == T_EOS)
			return 0;
	}
}

/* ---- the parser ------------------------------------------------------------------------------ */

struct parser {
	struct scan_list list;
	size_t position;
	char **ret_err;
};

enum parser_context {
	KEY_AND_OPERATOR,
	VALUES,
};

static struct scanned
context_token(struct scanned item, enum parser_context ctx)
{
	if (ctx == VALUES && (item.tok == T_IN || item.tok == T_NOT_IN))
		item.tok = T_IDENTIFIER;
	return item;
}

static struct scanned
lookahead(struct parser *p, enum parser_context ctx)
{
	return context_token(p->list.items[p->position], ctx);
}

static struct scanned
consume(struct parser *p, enum parser_context ctx)
{
	struct scanned item = p->list.items[p->position];

	/* upstream indexes past the end only after an error; stay on the end token */
	if (item.tok != T_EOS)
		p->position++;
	return context_token(item, ctx);
}

/* "found '<literal>', <rest>" */
static int
found_error(struct parser *p, struct scanned item, const char *rest)
{
	return kc_err_invalid_steal(p->ret_err,
				    kc_strfmt("found '%.*s'%s", (int)item.len, item.lit, rest));
}

static char *
literal_dup(struct scanned item)
{
	return strndup(item.lit, item.len);
}

/* A sorted, de-duplicated value set (sets.String.List()). */
static void
values_sort_unique(struct kc_strv *v)
{
	size_t out = 0;

	if (v->n < 2)
		return;
	qsort(v->v, v->n, sizeof(*v->v), cmp_strp);
	for (size_t i = 0; i < v->n; i++) {
		if (out > 0 && strcmp(v->v[out - 1], v->v[i]) == 0) {
			free(v->v[i]);
			continue;
		}
		v->v[out++] = v->v[i];
	}
	v->n = out;
	v->v[out] = NULL;
}

static int
parse_identifiers_list(struct parser *p, struct kc_strv *values)
{
	for (;;) {
		struct scanned item = consume(p, VALUES), next;
		int r = 0;

		switch (item.tok) {
		case T_IDENTIFIER:
			r = kc_strv_push_steal(values, literal_dup(item));
			if (r < 0)
				return r;
			next = lookahead(p, VALUES);
			if (next.tok == T_COMMA)
				continue;
			if (next.tok == T_CLOSE_PAR)
				return 0;
			return found_error(p, next, ", expected: ',' or ')'");
		case T_COMMA:
			/* "(," ",)" and ",," stand for empty values */
			if (values->n == 0)
				r = kc_strv_push(values, "");
			next = lookahead(p, VALUES);
			if (r >= 0 && next.tok == T_CLOSE_PAR)
				return kc_strv_push(values, "");
			if (r >= 0 && next.tok == T_COMMA) {
				consume(p, VALUES);
				r = kc_strv_push(values, "");
			}
			if (r < 0)
				return r;
			break;
		default:
			return found_error(p, item, ", expected: ',', or identifier");
		}
	}
}

static int
parse_values(struct parser *p, struct kc_strv *values)
{
	struct scanned item = consume(p, VALUES);
	int r;

	if (item.tok != T_OPEN_PAR)
		return found_error(p, item, " expected: '('");
	item = lookahead(p, VALUES);
	switch (item.tok) {
	case T_IDENTIFIER:
	case T_COMMA:
		r = parse_identifiers_list(p, values);
		if (r < 0)
			return r;
		if (consume(p, VALUES).tok != T_CLOSE_PAR)
			return found_error(p, item, ", expected: ')'");
		return 0;
	case T_CLOSE_PAR:
		consume(p, VALUES);
		return kc_strv_push(values, "");
	default:
		return found_error(p, item, ", expected: ',', ')' or identifier");
	}
}

static int
parse_exact_value(struct parser *p, struct kc_strv *values)
{
	struct scanned item = lookahead(p, VALUES);

	if (item.tok == T_EOS || item.tok == T_COMMA)
		return kc_strv_push(values, "");
	item = consume(p, VALUES);
	if (item.tok == T_IDENTIFIER)
		return kc_strv_push_steal(values, literal_dup(item));
	return found_error(p, item, ", expected: identifier");
}

static int
parse_operator(struct parser *p, enum kc_selection_op *op)
{
	struct scanned item = consume(p, KEY_AND_OPERATOR);

	switch (item.tok) {
	case T_IN:
		*op = KC_SELECTION_IN;
		return 0;
	case T_EQUALS:
		*op = KC_SELECTION_EQUALS;
		return 0;
	case T_DOUBLE_EQUALS:
		*op = KC_SELECTION_DOUBLE_EQUALS;
		return 0;
	case T_GREATER_THAN:
		*op = KC_SELECTION_GREATER_THAN;
		return 0;
	case T_LESS_THAN:
		*op = KC_SELECTION_LESS_THAN;
		return 0;
	case T_NOT_IN:
		*op = KC_SELECTION_NOT_IN;
		return 0;
	case T_NOT_EQUALS:
		*op = KC_SELECTION_NOT_EQUALS;
		return 0;
	default:
		return found_error(p, item, ", expected: in, notin, =, ==, !=, gt, lt");
	}
}

/* parseKeyAndInferOperator; *op is EXISTS/DOES_NOT_EXIST when decided here, else -1. */
static int
parse_key(struct parser *p, char **ret_key, int *op)
{
	struct scanned item = consume(p, VALUES), next;
	struct kc_strv errs = KC_STRV_INIT;
	char *key;
	int r;

	*op = -1;
	if (item.tok == T_DOES_NOT_EXIST) {
		*op = KC_SELECTION_DOES_NOT_EXIST;
		item = consume(p, VALUES);
	}
	if (item.tok != T_IDENTIFIER)
		return found_error(p, item, ", expected: identifier");
	key = literal_dup(item);
	if (key == NULL)
		return KC_ERR_NOMEM;
	r = key_error(&errs, NULL, key);
	if (r > 0) {
		free(key);
		r = kc_err_invalid_steal(p->ret_err, kc_strv_join(&errs, ""));
		kc_strv_release(&errs);
		return r;
	}
	kc_strv_release(&errs);
	if (r < 0) {
		free(key);
		return r;
	}
	next = lookahead(p, VALUES);
	if ((next.tok == T_EOS || next.tok == T_COMMA) && *op != KC_SELECTION_DOES_NOT_EXIST)
		*op = KC_SELECTION_EXISTS;
	*ret_key = key;
	return 0;
}

static int
parse_requirement(struct parser *p, struct kc_label_requirement *ret)
{
	struct kc_strv values = KC_STRV_INIT;
	KC_AUTOFREE char *key = NULL;
	enum kc_selection_op op = KC_SELECTION_EXISTS;
	int inferred, r;

	r = parse_key(p, &key, &inferred);
	if (r < 0)
		return r;
	if (inferred >= 0) {
		op = (enum kc_selection_op)inferred;
	} else {
		r = parse_operator(p, &op);
		if (r >= 0 && (op == KC_SELECTION_IN || op == KC_SELECTION_NOT_IN))
			r = parse_values(p, &values);
		else if (r >= 0)
			r = parse_exact_value(p, &values);
		values_sort_unique(&values);
	}
	if (r >= 0)
		r = new_requirement(key, op, (const char *const *)values.v, values.n, 0, NULL, ret,
				    p->ret_err);
	kc_strv_release(&values);
	return r;
}

/* Prefixes *p->ret_err with "unable to parse requirement: ". */
static int
requirement_failed(struct parser *p, int r)
{
	char *msg;

	if (r != KC_ERR_INVALID || p->ret_err == NULL)
		return r;
	msg = kc_strfmt("unable to parse requirement: %s", *p->ret_err);
	free(*p->ret_err);
	*p->ret_err = NULL;
	return kc_err_invalid_steal(p->ret_err, msg);
}

static int
parse_selector(struct parser *p, struct kc_label_selector *sel)
{
	for (;;) {
		struct scanned item = lookahead(p, VALUES);
		struct kc_label_requirement req;
		int r;

		switch (item.tok) {
		case T_IDENTIFIER:
		case T_DOES_NOT_EXIST:
			r = parse_requirement(p, &req);
			if (r < 0)
				return requirement_failed(p, r);
			if (selector_reserve(sel, 1) < 0) {
				requirement_release(&req);
				return KC_ERR_NOMEM;
			}
			sel->reqs[sel->n++] = req;
			item = consume(p, VALUES);
			if (item.tok == T_EOS)
				return 0;
			if (item.tok != T_COMMA)
				return found_error(p, item, ", expected: ',' or 'end of string'");
			item = lookahead(p, VALUES);
			if (item.tok != T_IDENTIFIER && item.tok != T_DOES_NOT_EXIST)
				return found_error(p, item, ", expected: identifier after ','");
			break;
		case T_EOS:
			return 0;
		default:
			return found_error(p, item,
					   ", expected: !, identifier, or 'end of string'");
		}
	}
}

int
kc_labels_parse(const char *s, struct kc_label_selector **ret, char **ret_err)
{
	SELECTOR_AUTOFREE struct kc_label_selector *sel = kc_label_selector_everything();
	struct parser p = { .ret_err = ret_err };
	int r;

	if (sel == NULL)
		return KC_ERR_NOMEM;
	r = scan_all(s, &p.list);
	if (r >= 0)
		r = parse_selector(&p, sel);
	free(p.list.items);
	if (r >= 0)
		r = selector_sort(sel);
	if (r < 0)
		return r;
	*ret = kc_take_ptr(sel);
	return 0;
}

/* ---- conversions from API objects -------------------------------------------------------- */

/* A JSON array of strings as a vector of borrowed pointers; -1 when an element is not one. */
static int
json_strings(const json_t *arr, const char ***ret, size_t *n)
{
	const char **v;
	size_t i;
	json_t *e;

	*ret = NULL;
	*n = 0;
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return -1;
	v = calloc(json_array_size(arr) + 1, sizeof(*v));
	if (v == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(arr, i, e) {
		if (!json_is_string(e)) {
			free(v);
			return -1;
		}
		v[i] = json_string_value(e);
	}
	*ret = v;
	*n = json_array_size(arr);
	return 0;
}

static const char *
json_member_string(const json_t *obj, const char *name)
{
	const json_t *v = json_object_get(obj, name);

	return json_is_string(v) ? json_string_value(v) : "";
}

static int
op_from_name(const char *name, int allow_numeric, enum kc_selection_op *op)
{
	static const struct {
		const char *name;
		enum kc_selection_op op;
		int numeric;
	} table[] = {
		{ "In", KC_SELECTION_IN, 0 },
		{ "NotIn", KC_SELECTION_NOT_IN, 0 },
		{ "Exists", KC_SELECTION_EXISTS, 0 },
		{ "DoesNotExist", KC_SELECTION_DOES_NOT_EXIST, 0 },
		{ "Gt", KC_SELECTION_GREATER_THAN, 1 },
		{ "Lt", KC_SELECTION_LESS_THAN, 1 },
	};

	for (size_t i = 0; i < KC_ARRAY_SIZE(table); i++) {
		if (strcmp(table[i].name, name) == 0 && (allow_numeric || !table[i].numeric)) {
			*op = table[i].op;
			return 0;
		}
	}
	return -1;
}

/* One {key, operator, values} expression as a validated requirement. */
static int
expression_requirement(const json_t *expr, int node, const char *path,
		       struct kc_label_requirement *req, char **ret_err)
{
	const char *opname = json_member_string(expr, "operator");
	const json_t *jvals = json_object_get(expr, "values");
	KC_AUTOFREE const char **vals = NULL;
	enum kc_selection_op op;
	size_t n;
	int r;

	if (!json_is_object(expr))
		return kc_err_invalid_steal(ret_err,
					    kc_strfmt("%s: expression must be an object",
						      path != NULL ? path : "matchExpressions"));
	if (op_from_name(opname, node, &op) < 0) {
		struct kc_strbuf sb = KC_STRBUF_INIT;

		if (!node) {
			r = kc_strbuf_adds(&sb, "");
			if (r >= 0)
				r = kc_validation_quote(&sb, opname, strlen(opname));
			if (r >= 0)
				r = kc_strbuf_adds(&sb, " is not a valid label selector operator");
			if (r < 0) {
				kc_strbuf_release(&sb);
				return r;
			}
			return kc_err_invalid_steal(ret_err, kc_strbuf_detach(&sb, NULL));
		}
		kc_strbuf_release(&sb);
		{
			struct kc_strv errs = KC_STRV_INIT;
			KC_AUTOFREE char *p = kc_strfmt("%s.operator", path);

			r = p == NULL ? KC_ERR_NOMEM
				      : kc_validation_field_not_supported(&errs, p, opname, NULL);
			if (r >= 0)
				r = kc_err_invalid_steal(ret_err, kc_strv_join(&errs, ""));
			kc_strv_release(&errs);
			return r;
		}
	}
	r = json_strings(jvals, &vals, &n);
	if (r == -1)
		return kc_err_invalid_steal(ret_err,
					    kc_strfmt("%s: values must be a list of strings",
						      path != NULL ? path : "values"));
	if (r < 0)
		return r;
	return new_requirement(json_member_string(expr, "key"), op, vals, n,
			       jvals == NULL || json_is_null(jvals), path, req, ret_err);
}

static int
add_match_labels(struct kc_label_selector *sel, const json_t *ml, char **ret_err)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)ml, key, v) {
		const char *val = json_string_value(v);
		struct kc_label_requirement req;
		int r;

		if (val == NULL)
			return kc_err_invalid_steal(
				ret_err,
				kc_strfmt("matchLabels: value of \"%s\" must be a string", key));
		r = new_requirement(key, KC_SELECTION_EQUALS, &val, 1, 0, NULL, &req, ret_err);
		if (r >= 0)
			r = selector_insert(sel, &req);
		if (r < 0)
			return r;
	}
	return 0;
}

int
kc_labels_from_label_selector(const json_t *ls, struct kc_label_selector **ret, char **ret_err)
{
	SELECTOR_AUTOFREE struct kc_label_selector *sel = NULL;
	const json_t *ml, *me;
	size_t i;
	json_t *expr;

	if (ls == NULL || json_is_null(ls)) {
		sel = kc_label_selector_nothing();
		goto done;
	}
	if (!json_is_object(ls))
		return kc_err_invalid_steal(ret_err, kc_strfmt("label selector must be an object"));
	ml = json_object_get(ls, "matchLabels");
	me = json_object_get(ls, "matchExpressions");
	if ((ml != NULL && !json_is_null(ml) && !json_is_object(ml)) ||
	    (me != NULL && !json_is_null(me) && !json_is_array(me)))
		return kc_err_invalid_steal(
			ret_err,
			kc_strfmt(
				"label selector: matchLabels must be an object and matchExpressions a list"));
	sel = kc_label_selector_everything();
	if (sel == NULL)
		return KC_ERR_NOMEM;
	if (json_is_object(ml)) {
		int r = add_match_labels(sel, ml, ret_err);

		if (r < 0)
			return r;
	}
	json_array_foreach(me, i, expr) {
		struct kc_label_requirement req;
		int r = expression_requirement(expr, 0, NULL, &req, ret_err);

		if (r >= 0)
			r = selector_insert(sel, &req);
		if (r < 0)
			return r;
	}
done:
	if (sel == NULL)
		return KC_ERR_NOMEM;
	*ret = kc_take_ptr(sel);
	return 0;
}

int
kc_labels_from_set(const json_t *set, struct kc_label_selector **ret)
{
	SELECTOR_AUTOFREE struct kc_label_selector *sel = kc_label_selector_everything();
	const char *key;
	json_t *v;

	if (sel == NULL)
		return KC_ERR_NOMEM;
	if (json_is_object(set)) {
		json_object_foreach((json_t *)set, key, v) {
			struct kc_label_requirement req = { .op = KC_SELECTION_EQUALS };

			if (!json_is_string(v))
				continue;
			req.key = strdup(key);
			if (req.key == NULL ||
			    kc_strv_push(&req.values, json_string_value(v)) < 0) {
				requirement_release(&req);
				return KC_ERR_NOMEM;
			}
			if (selector_insert(sel, &req) < 0)
				return KC_ERR_NOMEM;
		}
	}
	*ret = kc_take_ptr(sel);
	return 0;
}

int
kc_labels_from_node_selector_requirements(const json_t *reqs, struct kc_label_selector **ret,
					  char **ret_err)
{
	SELECTOR_AUTOFREE struct kc_label_selector *sel = NULL;
	struct kc_strv errs = KC_STRV_INIT;
	size_t i;
	json_t *expr;
	int r = 0;

	if (json_array_size(reqs) == 0) {
		sel = kc_label_selector_nothing();
		if (sel == NULL)
			return KC_ERR_NOMEM;
		*ret = kc_take_ptr(sel);
		return 0;
	}
	sel = kc_label_selector_everything();
	if (sel == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(reqs, i, expr) {
		struct kc_label_requirement req;
		KC_AUTOFREE char *path = kc_strfmt("matchExpressions[%zu]", i);
		char *msg = NULL;

		if (path == NULL) {
			r = KC_ERR_NOMEM;
			break;
		}
		r = expression_requirement(expr, 1, path, &req, &msg);
		if (r == KC_ERR_INVALID) {
			r = kc_strv_push_steal(&errs, msg);
			continue;
		}
		if (r >= 0)
			r = selector_insert(sel, &req);
		if (r < 0)
			break;
	}
	if (r >= 0 && errs.n > 0)
		r = kc_err_invalid_steal(ret_err, kc_validation_aggregate(&errs));
	kc_strv_release(&errs);
	if (r < 0)
		return r;
	*ret = kc_take_ptr(sel);
	return 0;
}

int
kc_labels_match_node_selector_requirement(const json_t *req, const json_t *labels)
{
	struct kc_label_requirement r;
	int ok;

	ok = expression_requirement(req, 1, "matchExpressions[0]", &r, NULL);
	if (ok < 0)
		return ok;
	ok = kc_label_requirement_matches(&r, labels);
	requirement_release(&r);
	return ok;
}
