/*
 * field_errors.c - field.ErrorList and the 422 Invalid Status (upstream: apimachinery
 * pkg/util/validation/field/errors.go ErrorBody/ToAggregate, pkg/api/errors/errors.go
 * NewInvalid).  The text of each error comes from libkcommon/validation.h's field builders:
 * they write "<path>: <body>", and the body is what follows the path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/field_errors.h"

static const char *const reasons[] = {
	[FIELD_ERR_NOT_FOUND] = "FieldValueNotFound",
	[FIELD_ERR_REQUIRED] = "FieldValueRequired",
	[FIELD_ERR_DUPLICATE] = "FieldValueDuplicate",
	[FIELD_ERR_INVALID] = "FieldValueInvalid",
	[FIELD_ERR_NOT_SUPPORTED] = "FieldValueNotSupported",
	[FIELD_ERR_FORBIDDEN] = "FieldValueForbidden",
	[FIELD_ERR_TOO_LONG] = "FieldValueTooLong",
	[FIELD_ERR_TOO_MANY] = "FieldValueTooMany",
	[FIELD_ERR_INTERNAL] = "InternalError",
};

const char *
field_error_reason(enum field_error_type type)
{
	if ((size_t)type >= KC_ARRAY_SIZE(reasons))
		return "InternalError";
	return reasons[type];
}

void
field_errors_release(struct field_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++) {
		free(errs->v[i].field);
		free(errs->v[i].body);
	}
	free(errs->v);
	errs->v = NULL;
	errs->n = errs->alloc = 0;
	errs->nomem = 0;
}

/* Takes body (malloc()ed, may be NULL on failure). */
static void
push_steal(struct field_errors *errs, enum field_error_type type, const char *path, char *body)
{
	char *field = strdup(path != NULL ? path : "");

	if (body == NULL || field == NULL)
		goto nomem;
	if (errs->n == errs->alloc) {
		size_t alloc = errs->alloc ? errs->alloc * 2 : 8;
		struct field_error *v = realloc(errs->v, alloc * sizeof(*v));

		if (v == NULL)
			goto nomem;
		errs->v = v;
		errs->alloc = alloc;
	}
	errs->v[errs->n++] = (struct field_error){ type, field, body };
	return;
nomem:
	free(field);
	free(body);
	errs->nomem = 1;
}

/*
 * The builders of validation.h append "<path>: <body>" to a strv; keep the body.  Each builder
 * call below passes the same path it records.
 */
static char *
body_of(struct kc_strv *sv, const char *path, int r)
{
	size_t skip = strlen(path != NULL ? path : "") + 2;
	char *body;

	if (r < 0 || sv->n == 0 || strlen(sv->v[sv->n - 1]) < skip) {
		kc_strv_release(sv);
		return NULL;
	}
	body = strdup(sv->v[sv->n - 1] + skip);
	kc_strv_release(sv);
	return body;
}

#define BUILD(errs, type, path, call)                                  \
	do {                                                           \
		struct kc_strv sv_ = KC_STRV_INIT;                     \
		const char *p_ = (path) != NULL ? (path) : "";         \
		int r_ = (call);                                       \
		push_steal((errs), (type), p_, body_of(&sv_, p_, r_)); \
	} while (0)

static char *
with_detail(const char *head, const char *detail)
{
	char *s = NULL;

	if (detail != NULL && detail[0] != '\0') {
		if (asprintf(&s, "%s: %s", head, detail) < 0)
			return NULL;
		return s;
	}
	return strdup(head);
}

void
field_errors_required(struct field_errors *errs, const char *path, const char *detail)
{
	BUILD(errs, FIELD_ERR_REQUIRED, path, kc_validation_field_required(&sv_, p_, detail));
}

void
field_errors_invalid(struct field_errors *errs, const char *path, const char *value,
		     const char *detail)
{
	BUILD(errs, FIELD_ERR_INVALID, path,
	      kc_validation_field_invalid(&sv_, p_, value != NULL ? value : "", detail));
}

void
field_errors_invalid_int(struct field_errors *errs, const char *path, int64_t value,
			 const char *detail)
{
	BUILD(errs, FIELD_ERR_INVALID, path,
	      kc_validation_field_invalid_int(&sv_, p_, value, detail));
}

void
field_errors_invalid_raw(struct field_errors *errs, const char *path, const char *raw,
			 const char *detail)
{
	KC_AUTOFREE char *head = NULL;

	if (asprintf(&head, "Invalid value: %s", raw != NULL ? raw : "null") < 0)
		head = NULL;
	push_steal(errs, FIELD_ERR_INVALID, path, head != NULL ? with_detail(head, detail) : NULL);
}

void
field_errors_invalid_bool(struct field_errors *errs, const char *path, int value,
			  const char *detail)
{
	field_errors_invalid_raw(errs, path, value ? "true" : "false", detail);
}

void
field_errors_forbidden(struct field_errors *errs, const char *path, const char *detail)
{
	BUILD(errs, FIELD_ERR_FORBIDDEN, path, kc_validation_field_forbidden(&sv_, p_, detail));
}

void
field_errors_duplicate(struct field_errors *errs, const char *path, const char *value)
{
	BUILD(errs, FIELD_ERR_DUPLICATE, path,
	      kc_validation_field_duplicate(&sv_, p_, value != NULL ? value : ""));
}

void
field_errors_duplicate_raw(struct field_errors *errs, const char *path, const char *raw,
			   const char *detail)
{
	KC_AUTOFREE char *head = NULL;

	if (asprintf(&head, "Duplicate value: %s", raw != NULL ? raw : "null") < 0)
		head = NULL;
	push_steal(errs, FIELD_ERR_DUPLICATE, path,
		   head != NULL ? with_detail(head, detail) : NULL);
}

void
field_errors_not_found(struct field_errors *errs, const char *path, const char *value,
		       const char *detail)
{
	struct kc_strv sv = KC_STRV_INIT;
	const char *p = path != NULL ? path : "";
	int r = kc_validation_field_not_found(&sv, p, value != NULL ? value : "");
	KC_AUTOFREE char *head = body_of(&sv, p, r);

	push_steal(errs, FIELD_ERR_NOT_FOUND, p, head != NULL ? with_detail(head, detail) : NULL);
}

void
field_errors_not_supported(struct field_errors *errs, const char *path, const char *value,
			   const char *const *valid)
{
	BUILD(errs, FIELD_ERR_NOT_SUPPORTED, path,
	      kc_validation_field_not_supported(&sv_, p_, value != NULL ? value : "", valid));
}

void
field_errors_not_supported_raw(struct field_errors *errs, const char *path, const char *raw,
			       const char *const *valid)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = kc_strbuf_addf(&sb, "Unsupported value: %s", raw != NULL ? raw : "null");

	for (size_t i = 0; r >= 0 && valid != NULL && valid[i] != NULL; i++) {
		r = kc_strbuf_adds(&sb, i == 0 ? ": supported values: " : ", ");
		if (r >= 0)
			r = kc_validation_quote(&sb, valid[i], strlen(valid[i]));
	}
	if (r < 0) {
		kc_strbuf_release(&sb);
		errs->nomem = 1;
		return;
	}
	push_steal(errs, FIELD_ERR_NOT_SUPPORTED, path, kc_strbuf_detach(&sb, NULL));
}

void
field_errors_too_long(struct field_errors *errs, const char *path, int64_t max)
{
	BUILD(errs, FIELD_ERR_TOO_LONG, path, kc_validation_field_too_long(&sv_, p_, max));
}

void
field_errors_too_many(struct field_errors *errs, const char *path, int64_t actual, int64_t max)
{
	BUILD(errs, FIELD_ERR_TOO_MANY, path, kc_validation_field_too_many(&sv_, p_, actual, max));
}

void
field_errors_internal(struct field_errors *errs, const char *path, const char *detail)
{
	BUILD(errs, FIELD_ERR_INTERNAL, path, kc_validation_field_internal(&sv_, p_, detail));
}

void
field_errors_add_message(struct field_errors *errs, const char *path, const char *message)
{
	static const struct {
		const char *prefix;
		enum field_error_type type;
	} kinds[] = {
		{ "Required value", FIELD_ERR_REQUIRED },
		{ "Invalid value", FIELD_ERR_INVALID },
		{ "Unsupported value", FIELD_ERR_NOT_SUPPORTED },
		{ "Forbidden", FIELD_ERR_FORBIDDEN },
		{ "Duplicate value", FIELD_ERR_DUPLICATE },
		{ "Not found", FIELD_ERR_NOT_FOUND },
		{ "Too long", FIELD_ERR_TOO_LONG },
		{ "Too many", FIELD_ERR_TOO_MANY },
	};
	size_t plen = strlen(path != NULL ? path : "");
	const char *body = message;
	enum field_error_type type = FIELD_ERR_INTERNAL;

	if (strncmp(message, path != NULL ? path : "", plen) == 0 &&
	    strncmp(message + plen, ": ", 2) == 0)
		body = message + plen + 2;
	for (size_t i = 0; i < KC_ARRAY_SIZE(kinds); i++)
		if (strncmp(body, kinds[i].prefix, strlen(kinds[i].prefix)) == 0) {
			type = kinds[i].type;
			break;
		}
	push_steal(errs, type, path, strdup(body));
}

void
field_errors_append(struct field_errors *dst, const struct field_errors *src)
{
	for (size_t i = 0; i < src->n; i++)
		push_steal(dst, src->v[i].type, src->v[i].field, strdup(src->v[i].body));
	if (src->nomem)
		dst->nomem = 1;
}

int
field_errors_find(const struct field_errors *errs, const char *path, int type)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->v[i].field, path) == 0 &&
		    (type < 0 || (int)errs->v[i].type == type))
			return (int)i;
	return -1;
}

char *
field_error_message(const struct field_error *e)
{
	char *s = NULL;

	if (asprintf(&s, "%s: %s", e->field, e->body) < 0)
		return NULL;
	return s;
}

char *
field_errors_aggregate(const struct field_errors *errs)
{
	struct kc_strv msgs = KC_STRV_INIT;
	char *agg = NULL;

	for (size_t i = 0; i < errs->n; i++)
		if (kc_strv_push_steal(&msgs, field_error_message(&errs->v[i])) < 0)
			goto out;
	agg = kc_validation_aggregate(&msgs);
out:
	kc_strv_release(&msgs);
	return agg;
}

/* A 500 for a list that lost errors to a failed allocation: never a partial 422. */
static json_t *
internal_status(void)
{
	return json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind", "Status", "apiVersion",
			 "v1", "metadata", "status", "Failure", "message",
			 "Internal error occurred: out of memory while validating", "reason",
			 "InternalError", "code", 500);
}

static json_t *
causes_of(const struct field_errors *errs)
{
	json_t *causes = json_array();

	for (size_t i = 0; causes != NULL && i < errs->n; i++) {
		const struct field_error *e = &errs->v[i];
		json_t *c = json_pack("{s:s, s:s, s:s}", "reason", field_error_reason(e->type),
				      "message", e->body, "field", e->field);

		if (c == NULL || json_array_append_new(causes, c) < 0) {
			json_decref(causes);
			return NULL;
		}
	}
	return causes;
}

json_t *
field_errors_to_status(const struct field_errors *errs, const char *group, const char *kind,
		       const char *name)
{
	KC_AUTOFREE char *agg = NULL, *qkind = NULL, *message = NULL;
	json_auto_t *details = NULL, *status = NULL;
	json_t *causes;

	if (errs->nomem)
		return internal_status();
	if (group != NULL && group[0] != '\0') {
		if (asprintf(&qkind, "%s.%s", kind, group) < 0)
			return NULL;
	} else if ((qkind = strdup(kind != NULL ? kind : "")) == NULL) {
		return NULL;
	}
	struct kc_strbuf sb = KC_STRBUF_INIT;

	if (kc_strbuf_addf(&sb, "%s ", qkind) < 0 ||
	    kc_validation_quote(&sb, name != NULL ? name : "", strlen(name != NULL ? name : "")) <
		    0 ||
	    kc_strbuf_adds(&sb, " is invalid") < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	if (errs->n > 0) {
		agg = field_errors_aggregate(errs);
		if (agg == NULL || kc_strbuf_addf(&sb, ": %s", agg) < 0) {
			kc_strbuf_release(&sb);
			return NULL;
		}
	}
	message = kc_strbuf_detach(&sb, NULL);
	details = json_object();
	causes = causes_of(errs);
	if (message == NULL || details == NULL || causes == NULL) {
		json_decref(causes);
		return NULL;
	}
	if ((name != NULL && name[0] != '\0' &&
	     json_object_set_new(details, "name", json_string(name)) < 0) ||
	    (group != NULL && group[0] != '\0' &&
	     json_object_set_new(details, "group", json_string(group)) < 0) ||
	    json_object_set_new(details, "kind", json_string(kind != NULL ? kind : "")) < 0 ||
	    json_object_set_new(details, "causes", causes) < 0)
		return NULL;
	status = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:O, s:i}", "kind", "Status",
			   "apiVersion", "v1", "metadata", "status", "Failure", "message", message,
			   "reason", "Invalid", "details", details, "code", 422);
	return kc_take_ptr(status);
}

/* ---- paths --------------------------------------------------------------------------------- */

/* Each builder formats into a scratch buffer first, so buf may be the parent itself. */
static char *
settle(char *buf, const char *tmp)
{
	memcpy(buf, tmp, strlen(tmp) + 1);
	return buf;
}

char *
fpath_child(char *buf, const char *parent, const char *child)
{
	char tmp[FPATH_MAX];

	if (parent == NULL || parent[0] == '\0')
		snprintf(tmp, sizeof(tmp), "%s", child);
	else
		snprintf(tmp, sizeof(tmp), "%s.%s", parent, child);
	return settle(buf, tmp);
}

char *
fpath_index(char *buf, const char *parent, size_t i)
{
	char tmp[FPATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s[%zu]", parent != NULL ? parent : "", i);
	return settle(buf, tmp);
}

char *
fpath_key(char *buf, const char *parent, const char *key)
{
	char tmp[FPATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s[%s]", parent != NULL ? parent : "", key);
	return settle(buf, tmp);
}

char *
fpath_child_index(char *buf, const char *parent, const char *child, size_t i)
{
	char tmp[FPATH_MAX];

	if (parent == NULL || parent[0] == '\0')
		snprintf(tmp, sizeof(tmp), "%s[%zu]", child, i);
	else
		snprintf(tmp, sizeof(tmp), "%s.%s[%zu]", parent, child, i);
	return settle(buf, tmp);
}
