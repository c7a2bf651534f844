/*
 * rest.c - BeforeCreate and BeforeUpdate around the resource strategies (upstream:
 * staging/src/k8s.io/apiserver/pkg/registry/rest/create.go, update.go, meta.go; the generic
 * ObjectMeta rules of apimachinery/pkg/api/validation/objectmeta.go).
 *
 * Until the per-kind strategies (registry/strategy.h) are in, this applies upstream's generic
 * rules only: system fields, name and generateName checks, the server-owned metadata resets,
 * generation kept across updates, and the namespace defaults kubectl shows (DF4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"

/* A small field.ErrorList. */
struct errs {
	const char *field[16];
	const char *reason[16];
	char *body[16];
	size_t n;
};

static void
errs_add(struct errs *e, const char *field, const char *reason, const char *body)
{
	if (e->n < KC_ARRAY_SIZE(e->field)) {
		e->field[e->n] = field;
		e->reason[e->n] = reason;
		e->body[e->n] = strdup(body);
		e->n++;
	}
}

static void
errs_release(struct errs *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->body[i]);
	e->n = 0;
}

/* NewInvalid(kind, name, errs). */
static json_t *
errs_status(const struct api_resource *res, const char *name, const struct errs *e)
{
	KC_AUTOFREE char *msg = NULL;
	json_t *s, *causes = json_array(), *details;
	size_t i;
	int len;

	for (i = 0; i < e->n; i++) {
		char *prev = msg;

		len = asprintf(&msg, "%s%s%s: %s", prev != NULL ? prev : "", i > 0 ? ", " : "",
			       e->field[i], e->body[i] != NULL ? e->body[i] : "");
		free(prev);
		if (len < 0)
			msg = NULL;
		json_array_append_new(causes, json_pack("{s:s, s:s, s:s}", "reason", e->reason[i],
							"message",
							e->body[i] != NULL ? e->body[i] : "",
							"field", e->field[i]));
	}
	{
		char *full = NULL;

		if (asprintf(&full, "%s%s%s \"%s\" is invalid%s%s%s%s", res->kind,
			     res->group[0] != '\0' ? "." : "", res->group, name,
			     e->n > 0 ? ": " : "", e->n > 1 ? "[" : "", msg != NULL ? msg : "",
			     e->n > 1 ? "]" : "") < 0)
			full = NULL;
		s = status_new(KC_ERR_INVALID, full != NULL ? full : "invalid");
		free(full);
	}
	details = json_object();
	if (s == NULL || details == NULL) {
		json_decref(s);
		json_decref(details);
		json_decref(causes);
		return NULL;
	}
	json_object_set_new(details, "name", json_string(name));
	if (res->group[0] != '\0')
		json_object_set_new(details, "group", json_string(res->group));
	json_object_set_new(details, "kind", json_string(res->kind));
	json_object_set_new(details, "causes", causes);
	json_object_del(s, "code");
	json_object_set_new(s, "details", details);
	json_object_set_new(s, "code", json_integer(422));
	return s;
}

static json_t *
meta_of(json_t *obj)
{
	json_t *m = json_object_get(obj, "metadata");

	if (!json_is_object(m)) {
		m = json_object();
		json_object_set_new(obj, "metadata", m);
	}
	return m;
}

/* ObjectMeta's omitempty maps and lists: empty ones are not stored. */
static void
drop_empty_metadata(json_t *meta)
{
	static const char *const keys[] = { "labels", "annotations", "finalizers",
					     "ownerReferences", "managedFields" };

	for (size_t i = 0; i < KC_ARRAY_SIZE(keys); i++) {
		json_t *v = json_object_get(meta, keys[i]);

		if (json_is_null(v) || (json_is_object(v) && json_object_size(v) == 0) ||
		    (json_is_array(v) && json_array_size(v) == 0))
			json_object_del(meta, keys[i]);
	}
}

static int
is_namespaces(const struct api_resource *res)
{
	return res->group[0] == '\0' && strcmp(res->resource, "namespaces") == 0;
}

/* Namespace defaults (SetDefaults_Namespace, the metadata.name label, PrepareForCreate). */
static void
namespace_defaults(json_t *obj, int create)
{
	const char *name = kc_meta_name(obj);
	json_t *meta = meta_of(obj), *labels;

	labels = json_object_get(meta, "labels");
	if (!json_is_object(labels)) {
		labels = json_object();
		json_object_set_new(meta, "labels", labels);
	}
	if (name != NULL)
		json_object_set_new(labels, "kubernetes.io/metadata.name", json_string(name));
	if (create) {
		kc_json_set_path_steal(obj, "spec.finalizers", json_pack("[s]", "kubernetes"));
		kc_json_set_path_steal(obj, "status", json_pack("{s:s}", "phase", "Active"));
	} else if (kc_json_get_string(obj, "status.phase", NULL) == NULL) {
		kc_json_set_path_steal(obj, "status.phase", json_string("Active"));
	}
}

/* ValidateObjectMeta's name rules (NameIsDNSSubdomain unless the kind says otherwise). */
static void
validate_name(const struct api_resource *res, const json_t *obj, struct errs *e)
{
	const char *name = kc_meta_name(obj), *gen = kc_meta_generate_name(obj);
	struct kc_strv msgs = KC_STRV_INIT;
	KC_AUTOFREE char *detail = NULL;
	char body[1024];
	int n;

	if (name == NULL || name[0] == '\0') {
		if (gen == NULL || gen[0] == '\0')
			errs_add(e, "metadata.name", "FieldValueRequired",
				 "Required value: name or generateName is required");
		return;
	}
	n = is_namespaces(res) ? kc_validation_is_dns1123_label(name, &msgs) :
				 kc_validation_is_dns1123_subdomain(name, &msgs);
	if (n > 0) {
		detail = kc_validation_aggregate(&msgs);
		snprintf(body, sizeof(body), "Invalid value: \"%s\": %s", name,
			 detail != NULL ? detail : "invalid name");
		errs_add(e, "metadata.name", "FieldValueInvalid", body);
	}
	kc_strv_release(&msgs);
}

static int
invalid(const struct api_resource *res, const json_t *obj, struct errs *e, json_t **ret_status)
{
	const char *name = kc_meta_name(obj);

	if (e->n == 0)
		return 0;
	*ret_status = errs_status(res, name != NULL ? name : "", e);
	errs_release(e);
	return KC_ERR_INVALID;
}

int
rest_before_create(const struct api_resource *res, json_t *obj, unsigned *ret_flags,
		   struct kc_strv *warnings, json_t **ret_status)
{
	json_t *meta = meta_of(obj);
	const char *name = kc_meta_name(obj), *gen = kc_meta_generate_name(obj);
	char uid[KC_META_UID_BUFSZ];
	struct errs e = { 0 };

	(void)warnings;
	*ret_flags = 0;
	if (meta == NULL)
		return KC_ERR_NOMEM;
	/* FillObjectMetaSystemFields */
	if (kc_meta_new_uid(uid, sizeof(uid)) < 0) {
		*ret_status = status_new(KC_ERR_INTERNAL, "cannot read random bytes for a UID");
		return KC_ERR_INTERNAL;
	}
	json_object_set_new(meta, "uid", json_string(uid));
	json_object_set_new(meta, "creationTimestamp", kc_meta_time_now_json());
	json_object_del(meta, "selfLink");
	/* Store.Create: the name from generateName */
	if ((name == NULL || name[0] == '\0') && gen != NULL && gen[0] != '\0') {
		char *g = kc_meta_generate_name_from(gen);

		if (g == NULL)
			return KC_ERR_NOMEM;
		json_object_set_new(meta, "name", json_string(g));
		free(g);
		*ret_flags |= REST_NAME_GENERATED;
	}
	/* BeforeCreate: server-owned metadata */
	json_object_del(meta, "deletionTimestamp");
	json_object_del(meta, "deletionGracePeriodSeconds");
	json_object_del(meta, "resourceVersion");
	if (is_namespaces(res))
		namespace_defaults(obj, 1);
	drop_empty_metadata(meta);
	validate_name(res, obj, &e);
	return invalid(res, obj, &e, ret_status);
}

int
rest_before_update(const struct api_resource *res, enum rest_update_kind kind, json_t *obj,
		   const json_t *old, json_t **ret_status)
{
	json_t *meta = meta_of(obj);
	const json_t *om = json_object_get(old, "metadata");
	static const char *const kept[] = { "uid", "creationTimestamp", "deletionTimestamp",
					    "deletionGracePeriodSeconds", "generation" };
	struct errs e = { 0 };

	if (meta == NULL)
		return KC_ERR_NOMEM;
	/* BeforeUpdate: system fields come from the stored object */
	for (size_t i = 0; i < KC_ARRAY_SIZE(kept); i++) {
		json_t *v = json_object_get(om, kept[i]);

		if (strcmp(kept[i], "uid") == 0 && json_object_get(meta, "uid") != NULL)
			continue;
		if (v != NULL)
			json_object_set(meta, kept[i], v);
		else
			json_object_del(meta, kept[i]);
	}
	if (kind == REST_UPDATE_FINALIZE) {
		/* namespaceFinalizeStrategy: the status stays the stored one */
		json_t *status = json_object_get(old, "status");

		if (status != NULL)
			json_object_set(obj, "status", status);
	} else if (kind == REST_UPDATE_STATUS) {
		json_t *spec = json_object_get(old, "spec");

		if (spec != NULL)
			json_object_set(obj, "spec", spec);
		else
			json_object_del(obj, "spec");
	}
	if (is_namespaces(res))
		namespace_defaults(obj, 0);
	drop_empty_metadata(meta);
	if (strcmp(kc_meta_uid(obj) ?: "", kc_meta_uid(old) ?: "") != 0) {
		char body[256];

		snprintf(body, sizeof(body), "Invalid value: \"%s\": field is immutable",
			 kc_meta_uid(obj) ?: "");
		errs_add(&e, "metadata.uid", "FieldValueInvalid", body);
	}
	validate_name(res, obj, &e);
	return invalid(res, obj, &e, ret_status);
}

int
rest_converts(const struct api_resource *res)
{
	(void)res;
	return 0;
}

json_t *
rest_to_storage(const struct api_resource *res, const json_t *obj)
{
	(void)res;
	return json_incref((json_t *)obj);
}

json_t *
rest_from_storage(const struct api_resource *res, const json_t *obj)
{
	(void)res;
	return json_incref((json_t *)obj);
}
