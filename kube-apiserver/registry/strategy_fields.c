/*
 * strategy_fields.c - field selectors per kind: which labels a resource accepts and the value
 * each selects on (upstream: the GetAttrs/ToSelectableFields functions of
 * pkg/registry/<group>/<resource>/strategy.go, generic.ObjectMetaFieldsSet, and the
 * AddFieldLabelConversionFunc tables of pkg/apis/<group>/v1/conversion.go, whose error is
 * "field label not supported: <label>").
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/fields.h"
#include "libkcommon/json.h"
#include "libkcommon/strv.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static const struct strategy_field *
find_field(const struct api_strategy *s, const char *label)
{
	for (const struct strategy_field *f = s != NULL ? s->fields : NULL; f != NULL && f->label;
	     f++)
		if (strcmp(f->label, label) == 0)
			return f;
	return NULL;
}

static const struct strategy_field *
find_internal(const struct api_strategy *s, const char *internal)
{
	for (const struct strategy_field *f = s != NULL ? s->fields : NULL; f != NULL && f->label;
	     f++)
		if (strcmp(f->internal != NULL ? f->internal : f->label, internal) == 0)
			return f;
	return NULL;
}

int
strategy_field_label_supported(const struct api_resource *res, const char *label,
			       const char **ret_internal)
{
	const struct strategy_field *f = find_field(strategy_for(res), label);

	if (f != NULL) {
		if (ret_internal != NULL)
			*ret_internal = f->internal != NULL ? f->internal : f->label;
		return 1;
	}
	if (strcmp(label, "metadata.name") == 0 || strcmp(label, "metadata.namespace") == 0) {
		if (ret_internal != NULL)
			*ret_internal = label;
		return 1;
	}
	return 0;
}

int
strategy_field_selector_convert(const struct api_resource *res, struct kc_field_selector *sel,
				char **ret_err)
{
	for (size_t i = 0; !sel->nothing && i < sel->n; i++) {
		struct kc_field_requirement *req = &sel->reqs[i];
		const char *internal;
		char *copy;

		if (!strategy_field_label_supported(res, req->field, &internal)) {
			if (ret_err != NULL &&
			    asprintf(ret_err, "field label not supported: %s", req->field) < 0)
				*ret_err = NULL;
			return KC_ERR_BAD_REQUEST;
		}
		if (strcmp(internal, req->field) == 0)
			continue;
		copy = strdup(internal);
		if (copy == NULL)
			return KC_ERR_NOMEM;
		free(req->field);
		req->field = copy;
	}
	return 0;
}

static const char *
value_at(const json_t *obj, const struct strategy_field *f, char *buf, size_t size)
{
	json_t *v = kc_json_get_path(obj, f->path);

	switch (f->type) {
	case 'i':
		snprintf(buf, size, "%" PRId64,
			 json_is_integer(v) ? (int64_t)json_integer_value(v) : 0);
		return buf;
	case 'b':
		return json_is_true(v) ? "true" : "false";
	default:
		return json_is_string(v) ? json_string_value(v) : "";
	}
}

const char *
strategy_field_value(const struct api_resource *res, const json_t *obj, const char *internal,
		     char *buf, size_t size)
{
	const struct api_strategy *s = strategy_for(res);
	const struct strategy_field *f;
	const json_t *meta = jobj(obj, "metadata");

	if (strcmp(internal, "metadata.name") == 0)
		return jstr0(meta, "name");
	if (strcmp(internal, "metadata.namespace") == 0)
		return res->namespaced ? jstr0(meta, "namespace") : "";
	if (s != NULL && s->field_value != NULL) {
		const char *v = s->field_value(obj, internal, buf, size);

		if (v != NULL)
			return v;
	}
	f = find_internal(s, internal);
	if (f == NULL || f->path == NULL)
		return "";
	return value_at(obj, f, buf, size);
}

struct match_ctx {
	const struct api_resource *res;
	const json_t *obj;
	char buf[128];
};

static const char *
match_get(void *arg, const char *field)
{
	struct match_ctx *m = arg;

	return strategy_field_value(m->res, m->obj, field, m->buf, sizeof(m->buf));
}

int
strategy_field_selector_matches(const struct api_resource *res, const struct kc_field_selector *sel,
				const json_t *obj)
{
	struct match_ctx m = { .res = res, .obj = obj };

	return kc_field_selector_matches(sel, match_get, &m);
}

int
strategy_field_labels(const struct api_resource *res, struct kc_strv *out)
{
	const struct api_strategy *s = strategy_for(res);

	if (kc_strv_push(out, "metadata.name") < 0 || kc_strv_push(out, "metadata.namespace") < 0)
		return KC_ERR_NOMEM;
	for (const struct strategy_field *f = s != NULL ? s->fields : NULL; f != NULL && f->label;
	     f++)
		if (!kc_strv_contains(out, f->label) && kc_strv_push(out, f->label) < 0)
			return KC_ERR_NOMEM;
	return 0;
}
