/*
 * yaml.c - YAML to jansson and back with libyaml, with go-yaml v2's resolution rules and
 * sigs.k8s.io/yaml's JSON conversion (upstream: sigs.k8s.io/yaml yaml.go, goyaml.v2 resolve.go,
 * decode.go, encode.go).
 *
 * Loading is two passes per document, like go-yaml: libyaml events become a small node tree
 * (anchors point at nodes, aliases at their anchor), then the tree is decoded into jansson values,
 * counting decodes to bound alias expansion exactly where go-yaml v2.4 does.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/yaml.h"

#define TAG_PREFIX    "tag:yaml.org,2002:"
#define TAG_STR       TAG_PREFIX "str"
#define TAG_INT       TAG_PREFIX "int"
#define TAG_FLOAT     TAG_PREFIX "float"
#define TAG_BOOL      TAG_PREFIX "bool"
#define TAG_NULL      TAG_PREFIX "null"
#define TAG_BINARY    TAG_PREFIX "binary"
#define TAG_TIMESTAMP TAG_PREFIX "timestamp"
#define TAG_MERGE     TAG_PREFIX "merge"

/* ---- node tree --------------------------------------------------------------------------- */

enum ynode_kind {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP,
	YN_ALIAS
};

struct ynode {
	enum ynode_kind kind;
	int line, column; /* 1-based */
	char *tag;        /* NULL when untagged */
	char *value;      /* scalar text; the anchor name of an alias */
	size_t len;
	int implicit;        /* libyaml plain_implicit: an untagged plain scalar (or "!") */
	struct ynode **kids; /* sequence items; mapping keys and values alternating */
	size_t n, alloc;
	struct ynode *target; /* alias: the anchored node */
	int expanding;        /* alias: being expanded right now (cycle check) */
};

/* Nodes come from chunks that double in size: one allocation per many nodes. */
struct node_chunk {
	struct node_chunk *next;
	size_t used, cap;
	struct ynode nodes[];
};

struct anchor {
	char *name;
	struct ynode *node;
	struct anchor *next;
};

#define ANCHOR_BUCKETS 64

/* One document being read. */
struct ydoc {
	struct node_chunk *chunks;
	struct anchor *anchors[ANCHOR_BUCKETS];
	struct ynode *root;
};

struct yparse {
	yaml_parser_t parser;
	const char *data;
	size_t len;
	unsigned flags;
	char *err;
	size_t errlen;
	int started; /* STREAM_START seen */
	int ended;   /* STREAM_END seen */
};

static int
fail_nomem(char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "out of memory");
	return KC_ERR_NOMEM;
}

static void
ydoc_release(struct ydoc *d)
{
	struct node_chunk *c, *next;

	for (c = d->chunks; c != NULL; c = next) {
		next = c->next;
		for (size_t i = 0; i < c->used; i++) {
			free(c->nodes[i].tag);
			free(c->nodes[i].value);
			free(c->nodes[i].kids);
		}
		free(c);
	}
	for (size_t i = 0; i < ANCHOR_BUCKETS; i++) {
		struct anchor *a, *an;

		for (a = d->anchors[i]; a != NULL; a = an) {
			an = a->next;
			free(a->name);
			free(a);
		}
	}
	memset(d, 0, sizeof(*d));
}

static size_t
anchor_hash(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h % ANCHOR_BUCKETS;
}

/* Later definitions of a name win, as in go-yaml's anchors map. */
static int
anchor_set(struct ydoc *d, const char *name, struct ynode *n)
{
	size_t h = anchor_hash(name);
	struct anchor *a;

	for (a = d->anchors[h]; a != NULL; a = a->next) {
		if (strcmp(a->name, name) == 0) {
			a->node = n;
			return 0;
		}
	}
	a = calloc(1, sizeof(*a));
	if (a == NULL || (a->name = strdup(name)) == NULL) {
		free(a);
		return KC_ERR_NOMEM;
	}
	a->node = n;
	a->next = d->anchors[h];
	d->anchors[h] = a;
	return 0;
}

static struct ynode *
anchor_get(const struct ydoc *d, const char *name)
{
	for (struct anchor *a = d->anchors[anchor_hash(name)]; a != NULL; a = a->next) {
		if (strcmp(a->name, name) == 0)
			return a->node;
	}
	return NULL;
}

static struct ynode *
ynode_new(struct ydoc *d, enum ynode_kind kind, const yaml_event_t *ev)
{
	struct node_chunk *c = d->chunks;
	struct ynode *n;

	if (c == NULL || c->used == c->cap) {
		size_t cap = c == NULL ? 16 : c->cap < 4096 ? c->cap * 2 : c->cap;

		c = calloc(1, sizeof(*c) + cap * sizeof(struct ynode));
		if (c == NULL)
			return NULL;
		c->cap = cap;
		c->next = d->chunks;
		d->chunks = c;
	}
	n = &c->nodes[c->used++];
	n->kind = kind;
	n->line = (int)ev->start_mark.line + 1;
	n->column = (int)ev->start_mark.column + 1;
	return n;
}

static int
ynode_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->alloc) {
		size_t na = parent->alloc ? parent->alloc * 2 : 4;
		struct ynode **nk = realloc(parent->kids, na * sizeof(*nk));

		if (nk == NULL)
			return KC_ERR_NOMEM;
		parent->kids = nk;
		parent->alloc = na;
	}
	parent->kids[parent->n++] = kid;
	return 0;
}

/* ---- pass 1: events to nodes ------------------------------------------------------------- */

/* Line and column (1-based) of byte offset off in the input, for reader errors. */
static void
offset_position(const struct yparse *p, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < p->len; i++) {
		if (p->data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int
parser_error(struct yparse *p)
{
	const yaml_parser_t *y = &p->parser;
	const char *problem = y->problem ? y->problem : "unknown problem parsing YAML content";
	int line, col;

	if (y->error == YAML_MEMORY_ERROR)
		return fail_nomem(p->err, p->errlen);
	if (y->error == YAML_READER_ERROR) {
		offset_position(p, y->problem_offset, &line, &col);
		return kc_err_fail(KC_ERR_PARSE, p->err, p->errlen, "yaml: line %d, column %d: %s",
				   line, col, problem);
	}
	if (y->problem_mark.index >= p->len && p->len > 0) {
		/* libyaml puts the end of the stream on a line of its own: point at the last byte. */
		offset_position(p, p->len, &line, &col);
	} else if (y->problem_mark.line != 0 || y->problem_mark.column != 0 || y->context == NULL) {
		line = (int)y->problem_mark.line + 1;
		col = (int)y->problem_mark.column + 1;
	} else {
		line = (int)y->context_mark.line + 1;
		col = (int)y->context_mark.column + 1;
	}
	return kc_err_fail(KC_ERR_PARSE, p->err, p->errlen, "yaml: line %d, column %d: %s", line,
			   col, problem);
}

static int
next_event(struct yparse *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&p->parser, ev))
		return parser_error(p);
	return 0;
}

/* Builds the node for a scalar/alias/collection-start event; registers its anchor. */
static int
node_from_event(struct yparse *p, struct ydoc *d, yaml_event_t *ev, struct ynode **ret)
{
	const char *anchor = NULL, *tag = NULL;
	struct ynode *n;
	int r;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		n = ynode_new(d, YN_ALIAS, ev);
		if (n == NULL || (n->value = strdup((const char *)ev->data.alias.anchor)) == NULL)
			return fail_nomem(p->err, p->errlen);
		n->target = anchor_get(d, n->value);
		if (n->target == NULL)
			return kc_err_fail(
				KC_ERR_PARSE, p->err, p->errlen,
				"yaml: line %d, column %d: unknown anchor '%s' referenced", n->line,
				n->column, n->value);
		*ret = n;
		return 0;
	case YAML_SCALAR_EVENT:
		n = ynode_new(d, YN_SCALAR, ev);
		if (n == NULL)
			return fail_nomem(p->err, p->errlen);
		n->len = ev->data.scalar.length;
		/* Take libyaml's buffer (NUL-terminated, freed by ydoc_release) rather than copy. */
		n->value = (char *)ev->data.scalar.value;
		ev->data.scalar.value = NULL;
		n->implicit = ev->data.scalar.plain_implicit;
		anchor = (const char *)ev->data.scalar.anchor;
		tag = (const char *)ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		n = ynode_new(d, YN_SEQ, ev);
		if (n == NULL)
			return fail_nomem(p->err, p->errlen);
		anchor = (const char *)ev->data.sequence_start.anchor;
		tag = (const char *)ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		n = ynode_new(d, YN_MAP, ev);
		if (n == NULL)
			return fail_nomem(p->err, p->errlen);
		anchor = (const char *)ev->data.mapping_start.anchor;
		tag = (const char *)ev->data.mapping_start.tag;
		break;
	default:
		return kc_err_fail(KC_ERR_PARSE, p->err, p->errlen, "yaml: unexpected event %d",
				   (int)ev->type);
	}
	if (tag != NULL && (n->tag = strdup(tag)) == NULL)
		return fail_nomem(p->err, p->errlen);
	if (anchor != NULL && (r = anchor_set(d, anchor, n)) < 0)
		return fail_nomem(p->err, p->errlen);
	*ret = n;
	return 0;
}

/*
 * Reads the next document into d.  Returns 1 with d->root set, 0 at the end of the stream,
 * or a negative error.  Collections are built with an explicit stack: no recursion here.
 */
static int
parse_document(struct yparse *p, struct ydoc *d)
{
	yaml_event_t ev;
	struct ynode **stack = NULL, *n = NULL;
	size_t depth = 0, alloc = 0;
	int r = 0, done = 0;

	if (p->ended)
		return 0;
	if (!p->started) {
		if ((r = next_event(p, &ev)) < 0)
			return r;
		yaml_event_delete(&ev);
		p->started = 1;
	}
	if ((r = next_event(p, &ev)) < 0)
		return r;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		p->ended = 1;
		return 0;
	}
	yaml_event_delete(&ev); /* DOCUMENT_START */
	while (!done && r == 0) {
		if ((r = next_event(p, &ev)) < 0)
			break;
		switch (ev.type) {
		case YAML_DOCUMENT_END_EVENT:
			done = 1;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			r = node_from_event(p, d, &ev, &n);
			if (r < 0)
				break;
			if (depth == 0)
				d->root = n;
			else if (ynode_add(stack[depth - 1], n) < 0)
				r = fail_nomem(p->err, p->errlen);
			if (r == 0 && (n->kind == YN_SEQ || n->kind == YN_MAP)) {
				if (depth >= KC_YAML_MAX_DEPTH) {
					r = kc_err_fail(
						KC_ERR_PARSE, p->err, p->errlen,
						"yaml: line %d, column %d: exceeded max depth of %d",
						n->line, n->column, KC_YAML_MAX_DEPTH);
					break;
				}
				if (depth == alloc) {
					size_t na = alloc ? alloc * 2 : 16;
					struct ynode **ns = realloc(stack, na * sizeof(*ns));

					if (ns == NULL) {
						r = fail_nomem(p->err, p->errlen);
						break;
					}
					stack = ns;
					alloc = na;
				}
				stack[depth++] = n;
			}
		}
		yaml_event_delete(&ev);
	}
	free(stack);
	return r < 0 ? r : 1;
}

/* ---- pass 2: scalar resolution (goyaml.v2 resolve.go) ------------------------------------ */

enum yres {
	YR_NULL,
	YR_BOOL,
	YR_INT,
	YR_UINT,
	YR_BIGINT,
	YR_FLOAT,
	YR_STR,
	YR_MERGE
};

struct yval {
	enum yres kind;
	int b;
	int64_t i;
	double f; /* floats, and uint/bigint approximations */
};

static const struct {
	const char *s;
	enum yres kind;
	int b;
	double f;
} resolve_map[] = {
	{ "y", YR_BOOL, 1, 0 },
	{ "Y", YR_BOOL, 1, 0 },
	{ "yes", YR_BOOL, 1, 0 },
	{ "Yes", YR_BOOL, 1, 0 },
	{ "YES", YR_BOOL, 1, 0 },
	{ "true", YR_BOOL, 1, 0 },
	{ "True", YR_BOOL, 1, 0 },
	{ "TRUE", YR_BOOL, 1, 0 },
	{ "on", YR_BOOL, 1, 0 },
	{ "On", YR_BOOL, 1, 0 },
	{ "ON", YR_BOOL, 1, 0 },
	{ "n", YR_BOOL, 0, 0 },
	{ "N", YR_BOOL, 0, 0 },
	{ "no", YR_BOOL, 0, 0 },
	{ "No", YR_BOOL, 0, 0 },
	{ "NO", YR_BOOL, 0, 0 },
	{ "false", YR_BOOL, 0, 0 },
	{ "False", YR_BOOL, 0, 0 },
	{ "FALSE", YR_BOOL, 0, 0 },
	{ "off", YR_BOOL, 0, 0 },
	{ "Off", YR_BOOL, 0, 0 },
	{ "OFF", YR_BOOL, 0, 0 },
	{ "", YR_NULL, 0, 0 },
	{ "~", YR_NULL, 0, 0 },
	{ "null", YR_NULL, 0, 0 },
	{ "Null", YR_NULL, 0, 0 },
	{ "NULL", YR_NULL, 0, 0 },
	{ ".nan", YR_FLOAT, 0, NAN },
	{ ".NaN", YR_FLOAT, 0, NAN },
	{ ".NAN", YR_FLOAT, 0, NAN },
	{ ".inf", YR_FLOAT, 0, INFINITY },
	{ ".Inf", YR_FLOAT, 0, INFINITY },
	{ ".INF", YR_FLOAT, 0, INFINITY },
	{ "+.inf", YR_FLOAT, 0, INFINITY },
	{ "+.Inf", YR_FLOAT, 0, INFINITY },
	{ "+.INF", YR_FLOAT, 0, INFINITY },
	{ "-.inf", YR_FLOAT, 0, -INFINITY },
	{ "-.Inf", YR_FLOAT, 0, -INFINITY },
	{ "-.INF", YR_FLOAT, 0, -INFINITY },
	{ "<<", YR_MERGE, 0, 0 },
};

/* resolveTable: the first byte hints at what a plain scalar may be. */
static char
resolve_hint(const char *s, size_t len)
{
	if (len == 0)
		return 'N';
	switch (s[0]) {
	case '+':
	case '-':
		return 'S';
	case '.':
		return '.';
	case 'y':
	case 'Y':
	case 'n':
	case 'N':
	case 't':
	case 'T':
	case 'f':
	case 'F':
	case 'o':
	case 'O':
	case '~':
		return 'M';
	default:
		return (s[0] >= '0' && s[0] <= '9') ? 'D' : 0;
	}
}

static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * Go's strconv.ParseUint(s, base, 64) (base 0 reads 0x/0o/0b/0 prefixes; no sign).
 * 0 ok, -1 syntax error, -2 out of range (reported as soon as it overflows, as Go does).
 */
static int
go_parse_uint(const char *s, size_t len, int base, uint64_t *ret)
{
	uint64_t n = 0;
	size_t i = 0;

	if (len == 0)
		return -1;
	if (base == 0) {
		base = 10;
		if (s[0] == '0') {
			if (len >= 3 && (s[1] == 'b' || s[1] == 'B')) {
				base = 2;
				i = 2;
			} else if (len >= 3 && (s[1] == 'o' || s[1] == 'O')) {
				base = 8;
				i = 2;
			} else if (len >= 3 && (s[1] == 'x' || s[1] == 'X')) {
				base = 16;
				i = 2;
			} else {
				base = 8;
				i = 1;
			}
		}
	}
	for (; i < len; i++) {
		int d = digit_value(s[i]);

		if (d >= base)
			return -1;
		if (n > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -2;
		n = n * (uint64_t)base + (uint64_t)d;
	}
	*ret = n;
	return 0;
}

/* Go's strconv.ParseInt(s, base, 64): an optional sign, then ParseUint, then the int64 range. */
static int
go_parse_int(const char *s, size_t len, int base, int64_t *ret)
{
	int neg = 0, r;
	uint64_t u;

	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		s++;
		len--;
	}
	r = go_parse_uint(s, len, base, &u);
	if (r < 0)
		return r;
	if (neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX)
		return -2;
	*ret = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

/* math/big SetString(s, 0) validity (after a ParseUint range error), with its value as a double. */
static int
big_int_value(const char *s, size_t len, double *ret)
{
	size_t i = 0;
	int base = 10;
	double v = 0;

	if (len >= 2 && s[0] == '0') {
		switch (s[1]) {
		case 'x':
		case 'X':
			base = 16;
			i = 2;
			break;
		case 'o':
		case 'O':
			base = 8;
			i = 2;
			break;
		case 'b':
		case 'B':
			base = 2;
			i = 2;
			break;
		default:
			base = 8;
			i = 1;
		}
	}
	if (i >= len)
		return -1;
	for (; i < len; i++) {
		int d = digit_value(s[i]);

		if (d >= base)
			return -1;
		v = v * base + d;
	}
	*ret = v;
	return 0;
}

/* yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static int
yaml_style_float(const char *s, size_t len)
{
	size_t i = 0, d;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i < len && s[i] == '.') {
		for (d = ++i; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	} else {
		for (d = i; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
		if (i < len && s[i] == '.')
			for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
				;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == len;
}

/* strconv.ParseFloat on text already known to be a decimal float: fails only on overflow. */
static int
parse_decimal_float(const char *s, double *ret)
{
	double v;

	errno = 0;
	v = strtod(s, NULL);
	if (isinf(v))
		return -1;
	*ret = v;
	return 0;
}

/* resolve("", s) of goyaml.v2 for an untagged plain scalar (timestamps stay strings). */
static void
resolve_plain(const char *s, size_t len, struct yval *out)
{
	char hint = resolve_hint(s, len);
	char small[64], *plain;
	size_t n = 0;
	uint64_t u;
	int r;

	out->kind = YR_STR;
	if (hint == 0)
		return;
	if (len <= 5 && strlen(s) == len) { /* the longest entry is 5 bytes */
		for (size_t i = 0; i < KC_ARRAY_SIZE(resolve_map); i++) {
			if (strcmp(s, resolve_map[i].s) == 0) {
				out->kind = resolve_map[i].kind;
				out->b = resolve_map[i].b;
				out->f = resolve_map[i].f;
				return;
			}
		}
	}
	if (hint == '.') {
		/* Only ".5"-style text gets here; ParseFloat without '_' handling. */
		if (strlen(s) == len && yaml_style_float(s, len) &&
		    parse_decimal_float(s, &out->f) == 0)
			out->kind = YR_FLOAT;
		return;
	}
	if (hint != 'D' && hint != 'S')
		return;
	plain = len < sizeof(small) ? small : malloc(len + 1);
	if (plain == NULL)
		return; /* resolution is best effort under memory pressure: a string */
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '_')
			plain[n++] = s[i];
	}
	plain[n] = '\0';
	if (go_parse_int(plain, n, 0, &out->i) == 0) {
		out->kind = YR_INT;
		goto out;
	}
	r = go_parse_uint(plain, n, 0, &u);
	if (r == 0) {
		out->kind = YR_UINT;
		out->f = (double)u;
		goto out;
	}
	if (yaml_style_float(plain, n) && parse_decimal_float(plain, &out->f) == 0) {
		out->kind = YR_FLOAT;
		goto out;
	}
	if (n > 2 && plain[0] == '0' && plain[1] == 'b' &&
	    go_parse_int(plain + 2, n - 2, 2, &out->i) == 0) {
		out->kind = YR_INT; /* "0b-101" is -5 in go-yaml v2 */
		goto out;
	}
	if (r == -2 && big_int_value(plain, n, &out->f) == 0)
		out->kind = YR_BIGINT;
out:
	if (plain != small)
		free(plain);
}

/* ---- pass 2: nodes to JSON --------------------------------------------------------------- */

struct yconv {
	unsigned flags;
	long decode_count;
	long alias_count;
	int alias_depth;
	char *err;
	size_t errlen;
};

/* goyaml.v2 allowedAliasRatio(): how much of a document may come from alias expansion. */
static double
allowed_alias_ratio(long decode_count)
{
	const long low = 400000, high = 4000000;

	if (decode_count <= low)
		return 0.99;
	if (decode_count >= high)
		return 0.10;
	return 0.99 - 0.89 * ((double)(decode_count - low) / (double)(high - low));
}

/* go-yaml's d.unmarshal() prologue: count the decode, refuse alias bombs and deep nesting. */
static int
decode_enter(struct yconv *c, const struct ynode *n, int depth)
{
	c->decode_count++;
	if (c->alias_depth > 0)
		c->alias_count++;
	if (c->alias_count > 100 && c->decode_count > 1000 &&
	    (double)c->alias_count / (double)c->decode_count > allowed_alias_ratio(c->decode_count))
		return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
				   "yaml: document contains excessive aliasing");
	if (depth > KC_YAML_MAX_DEPTH)
		return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
				   "yaml: line %d, column %d: exceeded max depth of %d", n->line,
				   n->column, KC_YAML_MAX_DEPTH);
	return 0;
}

static int
alias_enter(struct yconv *c, struct ynode *n)
{
	if (n->expanding)
		return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
				   "yaml: line %d, column %d: anchor '%s' value contains itself",
				   n->line, n->column, n->value);
	n->expanding = 1;
	c->alias_depth++;
	return 0;
}

static void
alias_leave(struct yconv *c, struct ynode *n)
{
	n->expanding = 0;
	c->alias_depth--;
}

/* "!!int" for "tag:yaml.org,2002:int", as go-yaml's shortTag(). */
static const char *
short_tag(const char *tag, char *buf, size_t size)
{
	if (tag != NULL && strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) == 0) {
		snprintf(buf, size, "!!%s", tag + strlen(TAG_PREFIX));
		return buf;
	}
	return tag ? tag : "";
}

static const char *
yres_tag(enum yres kind)
{
	switch (kind) {
	case YR_NULL:
		return "!!null";
	case YR_BOOL:
		return "!!bool";
	case YR_INT:
	case YR_UINT:
	case YR_BIGINT:
		return "!!int";
	case YR_FLOAT:
		return "!!float";
	case YR_MERGE:
		return "!!merge";
	default:
		return "!!str";
	}
}

static int
resolvable_tag(const char *tag)
{
	return tag == NULL || strcmp(tag, TAG_STR) == 0 || strcmp(tag, TAG_BOOL) == 0 ||
	       strcmp(tag, TAG_INT) == 0 || strcmp(tag, TAG_FLOAT) == 0 ||
	       strcmp(tag, TAG_NULL) == 0 || strcmp(tag, TAG_TIMESTAMP) == 0;
}

/* go-yaml's parseTimestamp() quick check: every timestamp form starts with YYYY-. */
static int
looks_like_timestamp(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i == 4 && i < len && s[i] == '-';
}

/*
 * decoder.scalar() + resolve(): what a scalar node means, honouring its tag.  A !!binary
 * scalar's decoded bytes come back in *ret_bin (malloc()ed) as a string.
 */
static int
scalar_value(struct yconv *c, const struct ynode *n, struct yval *v, char **ret_bin,
	     size_t *ret_bin_len)
{
	const char *tag = n->tag;
	char tagbuf[128];

	*ret_bin = NULL;
	memset(v, 0, sizeof(*v));
	v->kind = YR_STR;
	if (tag == NULL && !n->implicit)
		return 0; /* quoted or block scalar */
	if (tag != NULL && strcmp(tag, TAG_BINARY) == 0) {
		size_t bad;

		if (kc_json_base64_decode(n->value, n->len, ret_bin, ret_bin_len, &bad) < 0)
			return kc_err_fail(
				KC_ERR_PARSE, c->err, c->errlen,
				"yaml: line %d, column %d: !!binary value contains invalid base64 data",
				n->line, n->column);
		return 0;
	}
	if (!resolvable_tag(tag) || (tag != NULL && strcmp(tag, TAG_STR) == 0))
		return 0;
	resolve_plain(n->value, n->len, v);
	if (tag == NULL)
		return 0;
	if (strcmp(tag, TAG_TIMESTAMP) == 0 && looks_like_timestamp(n->value, n->len)) {
		v->kind = YR_STR;
		return 0;
	}
	if ((strcmp(tag, TAG_BOOL) == 0 && v->kind == YR_BOOL) ||
	    (strcmp(tag, TAG_INT) == 0 &&
	     (v->kind == YR_INT || v->kind == YR_UINT || v->kind == YR_BIGINT)) ||
	    (strcmp(tag, TAG_FLOAT) == 0 && v->kind == YR_FLOAT) ||
	    (strcmp(tag, TAG_NULL) == 0 && v->kind == YR_NULL))
		return 0;
	if (strcmp(tag, TAG_FLOAT) == 0 && v->kind == YR_INT) {
		v->kind = YR_FLOAT;
		v->f = (double)v->i;
		return 0;
	}
	return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
			   "yaml: line %d, column %d: cannot decode %s `%s` as a %s", n->line,
			   n->column, yres_tag(v->kind), n->value,
			   short_tag(tag, tagbuf, sizeof(tagbuf)));
}

/* A float as JSON: Go writes integral floats as integers; NaN and infinities have no JSON. */
static int
float_json(struct yconv *c, const struct ynode *n, double f, json_t **ret)
{
	if (isnan(f) || isinf(f))
		return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
				   "yaml: line %d, column %d: json: unsupported value: %s", n->line,
				   n->column,
				   isnan(f) ? "NaN"
				   : f > 0  ? "+Inf"
					    : "-Inf");
	if (f == floor(f) && fabs(f) < 9223372036854775808.0)
		*ret = json_integer((json_int_t)f);
	else
		*ret = json_real(f);
	return *ret ? 0 : fail_nomem(c->err, c->errlen);
}

static int
scalar_json(struct yconv *c, const struct ynode *n, json_t **ret)
{
	KC_AUTOFREE char *bin = NULL;
	struct yval v;
	size_t bin_len = 0;
	int r;

	r = scalar_value(c, n, &v, &bin, &bin_len);
	if (r < 0)
		return r;
	switch (v.kind) {
	case YR_NULL:
		*ret = json_null();
		break;
	case YR_BOOL:
		*ret = json_boolean(v.b);
		break;
	case YR_INT:
		*ret = json_integer((json_int_t)v.i);
		break;
	case YR_UINT:
	case YR_BIGINT:
		*ret = json_real(v.f); /* beyond int64: Go's JSON consumers read a float64 */
		break;
	case YR_FLOAT:
		return float_json(c, n, v.f, ret);
	default:
		*ret = bin ? kc_json_string_sanitized(bin, bin_len)
			   : kc_json_string_sanitized(n->value, n->len);
	}
	return *ret ? 0 : fail_nomem(c->err, c->errlen);
}

static int convert(struct yconv *c, struct ynode *n, int depth, json_t **ret);

static const char *
node_kind_name(const struct ynode *n)
{
	return n->kind == YN_MAP ? "a mapping" : n->kind == YN_SEQ ? "a sequence" : "a scalar";
}

/*
 * A mapping key as sigs.k8s.io/yaml converts it: strings as they are, ints in decimal, floats
 * as Go's float32 'g' form, booleans as true/false.  *ret_quote says whether Go's %#v of the key
 * would quote it (for the strict-mode message).
 */
static int
key_string(struct yconv *c, struct ynode *key, int depth, struct kc_strbuf *out, int *ret_quote)
{
	KC_AUTOFREE char *bin = NULL;
	struct ynode *k = key;
	struct yval v;
	size_t bin_len = 0;
	char num[64];
	int r;

	if ((r = decode_enter(c, key, depth)) < 0)
		return r;
	if (key->kind == YN_ALIAS) {
		if ((r = alias_enter(c, key)) < 0)
			return r;
		k = key->target;
		r = decode_enter(c, k, depth);
		alias_leave(c, key);
		if (r < 0)
			return r;
	}
	if (k->kind != YN_SCALAR)
		return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
				   "yaml: line %d, column %d: invalid map key: %s", key->line,
				   key->column, node_kind_name(k));
	if ((r = scalar_value(c, k, &v, &bin, &bin_len)) < 0)
		return r;
	*ret_quote = 0;
	kc_strbuf_reset(out);
	switch (v.kind) {
	case YR_INT:
		return kc_strbuf_addf(out, "%" PRId64, v.i);
	case YR_FLOAT:
		if (isnan(v.f))
			return kc_strbuf_adds(out, ".nan");
		if (isinf(v.f))
			return kc_strbuf_adds(out, v.f > 0 ? ".inf" : "-.inf");
		kc_json_format_float(v.f, 'g', 32, num, sizeof(num));
		return kc_strbuf_adds(out, num);
	case YR_BOOL:
		return kc_strbuf_adds(out, v.b ? "true" : "false");
	case YR_NULL:
		return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
				   "yaml: line %d, column %d: unsupported map key of type: null",
				   key->line, key->column);
	case YR_UINT:
	case YR_BIGINT:
		return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
				   "yaml: line %d, column %d: unsupported map key of type: %s",
				   key->line, key->column,
				   v.kind == YR_UINT ? "uint64" : "*big.Int");
	default:
		*ret_quote = 1;
		if (bin != NULL)
			return kc_strbuf_add(out, bin, bin_len);
		return kc_strbuf_add(out, k->value, k->len);
	}
}

static int
is_merge_key(const struct ynode *n)
{
	return n->kind == YN_SCALAR && strcmp(n->value, "<<") == 0 &&
	       (n->implicit || (n->tag != NULL && strcmp(n->tag, TAG_MERGE) == 0));
}

static int mapping_into(struct yconv *c, struct ynode *map, int depth, json_t *obj, json_t *seen);

static int
merge_fail(struct yconv *c, const struct ynode *n)
{
	return kc_err_fail(
		KC_ERR_PARSE, c->err, c->errlen,
		"yaml: line %d, column %d: map merge requires map or sequence of maps as the value",
		n->line, n->column);
}

/* One mapping (or alias to one) merged into obj, as decoder.merge() -> unmarshal(). */
static int
merge_one(struct yconv *c, struct ynode *n, int depth, json_t *obj)
{
	int r;

	if (n->kind == YN_MAP) {
		if ((r = decode_enter(c, n, depth)) < 0)
			return r;
		return mapping_into(c, n, depth, obj, NULL);
	}
	if (n->kind != YN_ALIAS || n->target->kind != YN_MAP)
		return merge_fail(c, n);
	if ((r = decode_enter(c, n, depth)) < 0 || (r = alias_enter(c, n)) < 0)
		return r;
	r = decode_enter(c, n->target, depth);
	if (r == 0)
		r = mapping_into(c, n->target, depth, obj, NULL);
	alias_leave(c, n);
	return r;
}

static int
merge_into(struct yconv *c, struct ynode *n, int depth, json_t *obj)
{
	int r;

	if (n->kind == YN_SEQ) {
		/* Earlier mappings take precedence: merge from the last one back. */
		for (size_t i = n->n; i-- > 0;) {
			if ((r = merge_one(c, n->kids[i], depth, obj)) < 0)
				return r;
		}
		return 0;
	}
	return merge_one(c, n, depth, obj);
}

static int
duplicate_key(struct yconv *c, const struct ynode *val, const char *key, int quote)
{
	return kc_err_fail(KC_ERR_PARSE, c->err, c->errlen,
			   "yaml: unmarshal errors:\n  line %d: key %s%s%s already set in map",
			   val->line, quote ? "\"" : "", key, quote ? "\"" : "");
}

/*
 * The pairs of a mapping node set into obj (a new object, or the one a merge key feeds).  seen,
 * in strict mode, holds the keys this mapping set explicitly.
 */
static int
mapping_into(struct yconv *c, struct ynode *map, int depth, json_t *obj, json_t *seen)
{
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf key = KC_STRBUF_INIT;
	json_t *val;
	int quote = 0, r;

	for (size_t i = 0; i + 1 < map->n; i += 2) {
		struct ynode *k = map->kids[i], *v = map->kids[i + 1];

		if (is_merge_key(k)) {
			if ((r = merge_into(c, v, depth, obj)) < 0)
				return r;
			continue;
		}
		if ((r = key_string(c, k, depth + 1, &key, &quote)) < 0)
			return r == KC_ERR_NOMEM ? fail_nomem(c->err, c->errlen) : r;
		if (seen != NULL) {
			if (json_object_getn(seen, key.buf, key.len) != NULL)
				return duplicate_key(c, v, key.buf, quote);
			if (json_object_setn_new(seen, key.buf, key.len, json_true()) < 0)
				return fail_nomem(c->err, c->errlen);
		}
		if ((r = convert(c, v, depth + 1, &val)) < 0)
			return r;
		if (json_object_setn_new(obj, key.buf, key.len, val) < 0)
			return fail_nomem(c->err, c->errlen);
	}
	return 0;
}

static int
convert_collection(struct yconv *c, struct ynode *n, int depth, json_t **ret)
{
	json_auto_t *out = NULL;
	json_auto_t *seen = NULL;
	json_t *item;
	int r;

	if (n->kind == YN_SEQ) {
		if ((out = json_array()) == NULL)
			return fail_nomem(c->err, c->errlen);
		for (size_t i = 0; i < n->n; i++) {
			if ((r = convert(c, n->kids[i], depth + 1, &item)) < 0)
				return r;
			if (json_array_append_new(out, item) < 0)
				return fail_nomem(c->err, c->errlen);
		}
	} else {
		if ((out = json_object()) == NULL)
			return fail_nomem(c->err, c->errlen);
		if ((c->flags & KC_YAML_STRICT) && (seen = json_object()) == NULL)
			return fail_nomem(c->err, c->errlen);
		if ((r = mapping_into(c, n, depth, out, seen)) < 0)
			return r;
	}
	*ret = kc_take_ptr(out);
	return 0;
}

static int
convert(struct yconv *c, struct ynode *n, int depth, json_t **ret)
{
	int r;

	if ((r = decode_enter(c, n, depth)) < 0)
		return r;
	switch (n->kind) {
	case YN_ALIAS:
		if ((r = alias_enter(c, n)) < 0)
			return r;
		r = convert(c, n->target, depth, ret);
		alias_leave(c, n);
		return r;
	case YN_SCALAR:
		return scalar_json(c, n, ret);
	default:
		return convert_collection(c, n, depth, ret);
	}
}

/* ---- streams ----------------------------------------------------------------------------- */

/*
 * The next document's value: 1 with *ret (a new reference; JSON null for an empty document),
 * 0 at the end of the stream, or a negative error.
 */
static int
next_document(struct yparse *p, json_t **ret)
{
	struct ydoc d = { 0 };
	struct yconv c = { .flags = p->flags, .err = p->err, .errlen = p->errlen };
	int r;

	r = parse_document(p, &d);
	if (r > 0) {
		if (d.root == NULL)
			r = (*ret = json_null()) ? 1 : fail_nomem(p->err, p->errlen);
		else if ((r = convert(&c, d.root, 0, ret)) == 0)
			r = 1;
	}
	ydoc_release(&d);
	return r;
}

static int
yparse_init(struct yparse *p, const char *data, size_t len, unsigned flags, char *err,
	    size_t errlen)
{
	memset(p, 0, sizeof(*p));
	if (!yaml_parser_initialize(&p->parser))
		return fail_nomem(err, errlen);
	p->data = data;
	p->len = len;
	p->flags = flags;
	p->err = err;
	p->errlen = errlen;
	yaml_parser_set_input_string(&p->parser, (const unsigned char *)data, len);
	return 0;
}

int
kc_yaml_load(const char *data, size_t len, unsigned flags, json_t **ret, char *err, size_t errlen)
{
	struct yparse p;
	json_t *doc = NULL;
	int r;

	if ((r = yparse_init(&p, data ? data : "", data ? len : 0, flags, err, errlen)) < 0)
		return r;
	r = next_document(&p, &doc);
	yaml_parser_delete(&p.parser);
	if (r < 0)
		return r;
	if (r == 0 && (doc = json_null()) == NULL)
		return fail_nomem(err, errlen);
	*ret = doc;
	return 0;
}

int
kc_yaml_load_stream(const char *data, size_t len, unsigned flags, kc_yaml_doc_cb cb, void *arg,
		    char *err, size_t errlen)
{
	struct yparse p;
	size_t index = 0;
	json_t *doc;
	int r;

	if ((r = yparse_init(&p, data ? data : "", data ? len : 0, flags, err, errlen)) < 0)
		return r;
	while ((r = next_document(&p, &doc)) > 0) {
		if (!json_is_null(doc))
			r = cb(arg, doc, index++);
		json_decref(doc);
		if (r < 0)
			break;
	}
	yaml_parser_delete(&p.parser);
	return r < 0 ? r : 0;
}

static int
append_doc(void *arg, json_t *doc, size_t index)
{
	return json_array_append(arg, doc) == 0 ? 0 : KC_ERR_NOMEM;
}

int
kc_yaml_load_all(const char *data, size_t len, unsigned flags, json_t **ret, char *err,
		 size_t errlen)
{
	json_auto_t *docs = json_array();
	int r;

	if (docs == NULL)
		return fail_nomem(err, errlen);
	r = kc_yaml_load_stream(data, len, flags, append_doc, docs, err, errlen);
	if (r == KC_ERR_NOMEM)
		return fail_nomem(err, errlen);
	if (r < 0)
		return r;
	*ret = kc_take_ptr(docs);
	return 0;
}

/* errno text as Go's syscall.Errno prints it ("no such file or directory"). */
static const char *
go_strerror(int e, char *buf, size_t size)
{
	snprintf(buf, size, "%s", strerror(e));
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

int
kc_yaml_load_file(const char *path, unsigned flags, json_t **ret, char *err, size_t errlen)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char buf[65536];
	ssize_t n;
	int fd, r, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		saved = errno;
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "open %s: %s", path,
				 go_strerror(saved, buf, sizeof(buf)));
		errno = saved;
		return KC_ERR_SYSTEM;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (kc_strbuf_add(&sb, buf, (size_t)n) < 0) {
			close(fd);
			kc_strbuf_release(&sb);
			return fail_nomem(err, errlen);
		}
	}
	saved = errno;
	close(fd);
	if (n < 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "read %s: %s", path,
				 go_strerror(saved, buf, sizeof(buf)));
		kc_strbuf_release(&sb);
		errno = saved;
		return KC_ERR_SYSTEM;
	}
	r = kc_yaml_load(sb.buf, sb.len, flags, ret, err, errlen);
	kc_strbuf_release(&sb);
	return r;
}

/* ---- emitting ---------------------------------------------------------------------------- */

/* go-yaml isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
static int
is_base60_float(const char *s, size_t len)
{
	size_t i = 0;
	int groups = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i >= len || s[i] < '0' || s[i] > '9')
		return 0;
	for (i++; i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++)
		;
	while (i < len && s[i] == ':') {
		size_t d = ++i;

		if (i < len && s[i] >= '0' && s[i] <= '5' && i + 1 < len && s[i + 1] >= '0' &&
		    s[i + 1] <= '9')
			i += 2;
		else if (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
		groups++;
	}
	if (groups == 0)
		return 0;
	if (i < len && s[i] == '.')
		for (i++; i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++)
			;
	return i == len;
}

static yaml_scalar_style_t
string_style(const char *s, size_t len)
{
	struct yval v;

	if (memchr(s, '\n', len) != NULL)
		return YAML_LITERAL_SCALAR_STYLE;
	if (memchr(s, '\0', len) != NULL)
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	resolve_plain(s, len, &v);
	if (v.kind != YR_STR || is_base60_float(s, len) || looks_like_timestamp(s, len))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	/* A plain "<<" key would read back as a merge key (go-yaml v2 writes it plain: a bug). */
	if (len == 2 && s[0] == '<' && s[1] == '<')
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return YAML_PLAIN_SCALAR_STYLE;
}

static int
emit(yaml_emitter_t *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(e, ev)
		       ? 0
		       : (e->error == YAML_MEMORY_ERROR ? KC_ERR_NOMEM : KC_ERR_INVALID);
}

static int
emit_scalar(yaml_emitter_t *e, const char *s, size_t len, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (len > INT32_MAX)
		return KC_ERR_INVALID;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1, style))
		return KC_ERR_NOMEM;
	return emit(e, &ev);
}

static int
emit_value(yaml_emitter_t *e, const json_t *v, int depth)
{
	const char *key;
	size_t key_len, i;
	yaml_event_t ev;
	json_t *m;
	char num[64];
	int r;

	if (depth > KC_YAML_MAX_DEPTH)
		return KC_ERR_INVALID;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
							 YAML_BLOCK_MAPPING_STYLE))
			return KC_ERR_NOMEM;
		if ((r = emit(e, &ev)) < 0)
			return r;
		json_object_keylen_foreach((json_t *)v, key, key_len, m)
		{
			if ((r = emit_scalar(e, key, key_len, string_style(key, key_len))) < 0 ||
			    (r = emit_value(e, m, depth + 1)) < 0)
				return r;
		}
		if (!yaml_mapping_end_event_initialize(&ev))
			return KC_ERR_NOMEM;
		return emit(e, &ev);
	case JSON_ARRAY:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
							  YAML_BLOCK_SEQUENCE_STYLE))
			return KC_ERR_NOMEM;
		if ((r = emit(e, &ev)) < 0)
			return r;
		json_array_foreach(v, i, m) {
			if ((r = emit_value(e, m, depth + 1)) < 0)
				return r;
		}
		if (!yaml_sequence_end_event_initialize(&ev))
			return KC_ERR_NOMEM;
		return emit(e, &ev);
	case JSON_STRING:
		return emit_scalar(e, json_string_value(v), json_string_length(v),
				   string_style(json_string_value(v), json_string_length(v)));
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return emit_scalar(e, num, strlen(num), YAML_PLAIN_SCALAR_STYLE);
	case JSON_REAL:
		kc_json_format_float(json_real_value(v), 'g', 64, num, sizeof(num));
		return emit_scalar(e, num, strlen(num), YAML_PLAIN_SCALAR_STYLE);
	case JSON_TRUE:
		return emit_scalar(e, "true", 4, YAML_PLAIN_SCALAR_STYLE);
	case JSON_FALSE:
		return emit_scalar(e, "false", 5, YAML_PLAIN_SCALAR_STYLE);
	default:
		return emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	}
}

static int
write_strbuf(void *data, unsigned char *buffer, size_t size)
{
	return kc_strbuf_add(data, buffer, size) == 0;
}

int
kc_yaml_emit_strbuf(struct kc_strbuf *sb, const json_t *v)
{
	struct kc_strbuf out = KC_STRBUF_INIT;
	yaml_emitter_t e;
	yaml_event_t ev;
	int r;

	if (v == NULL)
		return KC_ERR_INVALID;
	if (!yaml_emitter_initialize(&e))
		return KC_ERR_NOMEM;
	yaml_emitter_set_output(&e, write_strbuf, &out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_indent(&e, 2);
	r = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ? emit(&e, &ev)
									: KC_ERR_NOMEM;
	if (r == 0)
		r = yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ? emit(&e, &ev)
										   : KC_ERR_NOMEM;
	if (r == 0)
		r = emit_value(&e, v, 0);
	if (r == 0)
		r = yaml_document_end_event_initialize(&ev, 1) ? emit(&e, &ev) : KC_ERR_NOMEM;
	if (r == 0)
		r = yaml_stream_end_event_initialize(&ev) ? emit(&e, &ev) : KC_ERR_NOMEM;
	if (r == 0 && !yaml_emitter_flush(&e))
		r = KC_ERR_NOMEM;
	yaml_emitter_delete(&e);
	/* libyaml ends an open-ended top-level scalar with "...": go-yaml's output has none. */
	if (r == 0 && out.len >= 4 && strcmp(out.buf + out.len - 4, "...\n") == 0 &&
	    (out.len == 4 || out.buf[out.len - 5] == '\n'))
		out.len -= 4;
	if (r == 0)
		r = kc_strbuf_add(sb, out.buf, out.len);
	kc_strbuf_release(&out);
	return r;
}

char *
kc_yaml_emit(const json_t *v)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	if (kc_yaml_emit_strbuf(&sb, v) < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}
