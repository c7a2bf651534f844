/*
 * event.c - Events: one storage, two shapes.  core/v1 Events are stored; events.k8s.io/v1
 * requests are converted to that shape on the way in and back on the way out (upstream:
 * pkg/registry/core/event/strategy.go, pkg/apis/events/v1/conversion.go
 * Convert_v1_Event_To_core_Event / Convert_core_Event_To_v1_Event and its field label
 * conversions, pkg/apis/core/validation/events.go ValidateEventCreate, ValidateEventUpdate).
 *
 * Field mapping: involvedObject <-> regarding, message <-> note, source <->
 * deprecatedSource, reportingComponent <-> reportingController, firstTimestamp /
 * lastTimestamp / count <-> deprecatedFirstTimestamp / deprecatedLastTimestamp /
 * deprecatedCount; reason, type, action, related, series, eventTime and reportingInstance keep
 * their names.  Both shapes print what Go's typed round trip prints (metav1.Time zero values
 * as null, non-pointer structs as {}, core's reportingComponent/reportingInstance always).
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define REASON_MAX   128
#define ACTION_MAX   128
#define INSTANCE_MAX 128
#define NOTE_MAX     1024

static const struct {
	const char *core, *v1;
} renames[] = {
	{ "involvedObject", "regarding" },
	{ "message", "note" },
	{ "source", "deprecatedSource" },
	{ "reportingComponent", "reportingController" },
	{ "firstTimestamp", "deprecatedFirstTimestamp" },
	{ "lastTimestamp", "deprecatedLastTimestamp" },
	{ "count", "deprecatedCount" },
};

static const char *const same_names[] = {
	"reason",  "type", "action", "related", "series", "eventTime", "reportingInstance",
	"metadata"
};

/* Copies every known member of from into a new object, renaming as to_core says. */
static json_t *
convert(const json_t *from, int to_core)
{
	json_t *out = json_object();

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(same_names) / sizeof(same_names[0]); i++) {
		json_t *v = json_object_get(from, same_names[i]);

		if (v != NULL && json_object_set_new(out, same_names[i], json_deep_copy(v)) < 0)
			goto fail;
	}
	for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++) {
		const char *src = to_core ? renames[i].v1 : renames[i].core;
		const char *dst = to_core ? renames[i].core : renames[i].v1;
		json_t *v = json_object_get(from, src);

		if (v != NULL && json_object_set_new(out, dst, json_deep_copy(v)) < 0)
			goto fail;
	}
	if (json_object_set_new(out, "apiVersion",
				json_string(to_core ? "v1" : "events.k8s.io/v1")) < 0 ||
	    json_object_set_new(out, "kind", json_string("Event")) < 0)
		goto fail;
	return out;
fail:
	json_decref(out);
	return NULL;
}

static int
null_if_absent(json_t *o, const char *key)
{
	if (json_object_get(o, key) != NULL)
		return 0;
	return json_object_set_new(o, key, json_null()) < 0 ? KC_ERR_NOMEM : 0;
}

static int
object_if_absent(json_t *o, const char *key)
{
	return strategy_ensure_object(o, key) == NULL && !jhas(o, key) ? KC_ERR_NOMEM : 0;
}

/* The core/v1 Event as upstream prints it. */
static int
normalize_core(json_t *ev)
{
	if (object_if_absent(ev, "involvedObject") < 0 || object_if_absent(ev, "source") < 0 ||
	    null_if_absent(ev, "firstTimestamp") < 0 || null_if_absent(ev, "lastTimestamp") < 0 ||
	    null_if_absent(ev, "eventTime") < 0 ||
	    strategy_default_ptr_str(ev, "reportingComponent", "") < 0 ||
	    strategy_default_ptr_str(ev, "reportingInstance", "") < 0)
		return KC_ERR_NOMEM;
	return 0;
}

/* The events.k8s.io/v1 Event as upstream prints it. */
static int
normalize_v1(json_t *ev)
{
	static const char *const omitempty[] = {
		"reportingController", "reportingInstance", "action", "reason", "note", "type"
	};

	for (size_t i = 0; i < sizeof(omitempty) / sizeof(omitempty[0]); i++)
		if (jstr(ev, omitempty[i]) != NULL && jstr0(ev, omitempty[i])[0] == '\0')
			json_object_del(ev, omitempty[i]);
	if (jint(ev, "deprecatedCount", 0) == 0)
		json_object_del(ev, "deprecatedCount");
	if (null_if_absent(ev, "eventTime") < 0 || object_if_absent(ev, "regarding") < 0 ||
	    object_if_absent(ev, "deprecatedSource") < 0 ||
	    null_if_absent(ev, "deprecatedFirstTimestamp") < 0 ||
	    null_if_absent(ev, "deprecatedLastTimestamp") < 0)
		return KC_ERR_NOMEM;
	return 0;
}

json_t *
event_core_from_events_v1(const json_t *ev)
{
	json_t *out = convert(ev, 1);

	if (out != NULL && normalize_core(out) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *
event_events_v1_from_core(const json_t *ev)
{
	json_t *out = convert(ev, 0);

	if (out != NULL && normalize_v1(out) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static int
is_events_v1(const struct api_resource *res)
{
	return res != NULL && streq(res->group, "events.k8s.io");
}

static json_t *
event_to_storage(const struct api_resource *res, const json_t *obj)
{
	return is_events_v1(res) ? event_core_from_events_v1(obj) : json_deep_copy(obj);
}

static json_t *
event_from_storage(const struct api_resource *res, const json_t *obj)
{
	return is_events_v1(res) ? event_events_v1_from_core(obj) : json_deep_copy(obj);
}

static int
event_defaults(json_t *ev)
{
	return normalize_core(ev);
}

/* legacyValidateEvent (the event is in the core shape; field names follow the request's). */
static void
legacy_validate(const struct api_resource *res, const json_t *ev, struct field_errors *errs)
{
	const char *ns = jstr0(jobj(ev, "metadata"), "namespace");
	const char *ins = jstr0(jobj(ev, "involvedObject"), "namespace");
	const char *rc_name = is_events_v1(res) ? "reportingController" : "reportingComponent";
	const char *rc = jstr0(ev, "reportingComponent");
	char detail[64];

	if (!jhas(ev, "eventTime")) {
		if (ins[0] == '\0') {
			if (ns[0] != '\0' && !streq(ns, "default"))
				field_errors_invalid(errs, "involvedObject.namespace", ins,
						     "does not match event.namespace");
		} else if (!streq(ns, ins)) {
			field_errors_invalid(errs, "involvedObject.namespace", ins,
					     "does not match event.namespace");
		}
	} else {
		if (ins[0] == '\0' && !streq(ns, "default") && !streq(ns, "kube-system"))
			field_errors_invalid(errs, "involvedObject.namespace", ins,
					     "does not match event.namespace");
		if (rc[0] == '\0')
			field_errors_required(errs, rc_name, "");
		strategy_validate_qualified_name(errs, rc_name, rc);
		if (jstr0(ev, "reportingInstance")[0] == '\0')
			field_errors_required(errs, "reportingInstance", "");
		if (strlen(jstr0(ev, "reportingInstance")) > INSTANCE_MAX) {
			snprintf(detail, sizeof(detail), "can have at most %d characters",
				 INSTANCE_MAX);
			field_errors_invalid(errs, "reportingInstance", "", detail);
		}
		if (jstr0(ev, "action")[0] == '\0')
			field_errors_required(errs, "action", "");
		if (strlen(jstr0(ev, "action")) > ACTION_MAX) {
			snprintf(detail, sizeof(detail), "can have at most %d characters",
				 ACTION_MAX);
			field_errors_invalid(errs, "action", "", detail);
		}
		if (jstr0(ev, "reason")[0] == '\0')
			field_errors_required(errs, "reason", "");
		if (strlen(jstr0(ev, "reason")) > REASON_MAX) {
			snprintf(detail, sizeof(detail), "can have at most %d characters",
				 REASON_MAX);
			field_errors_invalid(errs, "reason", "", detail);
		}
		if (strlen(jstr0(ev, "message")) > NOTE_MAX) {
			snprintf(detail, sizeof(detail), "can have at most %d characters",
				 NOTE_MAX);
			field_errors_invalid(errs, "message", "", detail);
		}
	}
	strategy_validate_dns1123_subdomain(errs, "namespace", ns);
}

static void
validate_series(const json_t *ev, struct field_errors *errs)
{
	const json_t *series = jobj(ev, "series");

	if (series == NULL)
		return;
	if (jint(series, "count", 0) < 2)
		field_errors_invalid(errs, "series.count", "", "should be at least 2");
	if (!jhas(series, "lastObservedTime"))
		field_errors_required(errs, "series.lastObservedTime", "");
}

static void
event_validate(const struct api_resource *res, const json_t *ev, struct field_errors *errs)
{
	const char *type = jstr0(ev, "type");
	char detail[128];

	legacy_validate(res, ev, errs);
	if (!is_events_v1(res))
		return;
	strategy_validate_object_meta(ev, 1, NAME_DNS1123_SUBDOMAIN, errs);
	validate_series(ev, errs);
	if (!jhas(ev, "eventTime"))
		field_errors_required(errs, "eventTime", "");
	if (!streq(type, "Normal") && !streq(type, "Warning")) {
		snprintf(detail, sizeof(detail), "has invalid value: %s", type);
		field_errors_invalid(errs, "type", "", detail);
	}
	if (jhas(ev, "firstTimestamp"))
		field_errors_invalid(errs, "deprecatedFirstTimestamp", "", "needs to be unset");
	if (jhas(ev, "lastTimestamp"))
		field_errors_invalid(errs, "deprecatedLastTimestamp", "", "needs to be unset");
	if (jint(ev, "count", 0) != 0)
		field_errors_invalid(errs, "deprecatedCount", "", "needs to be unset");
	if (jstr0(jobj(ev, "source"), "component")[0] != '\0' ||
	    jstr0(jobj(ev, "source"), "host")[0] != '\0')
		field_errors_invalid(errs, "deprecatedSource", "", "needs to be unset");
}

static void
event_validate_update(const struct api_resource *res, const json_t *ev, const json_t *old,
		      struct field_errors *errs)
{
	static const struct {
		const char *key, *path;
	} immutable[] = {
		{ "involvedObject", "involvedObject" },
		{ "reason", "reason" },
		{ "message", "message" },
		{ "source", "source" },
		{ "firstTimestamp", "firstTimestamp" },
		{ "lastTimestamp", "lastTimestamp" },
		{ "count", "count" },
		{ "reason", "reason" },
		{ "type", "type" },
		{ "eventTime", "eventTime" },
		{ "action", "action" },
		{ "related", "related" },
		{ "reportingComponent", "reportingController" },
		{ "reportingInstance", "reportingInstance" },
	};

	legacy_validate(res, ev, errs);
	if (!is_events_v1(res))
		return;
	strategy_validate_object_meta_update(ev, old, errs);
	validate_series(ev, errs);
	for (size_t i = 0; i < sizeof(immutable) / sizeof(immutable[0]); i++)
		strategy_validate_immutable(errs, immutable[i].path, ev, old, immutable[i].key,
					    NULL);
}

static const char *
event_field_value(const json_t *ev, const char *field, char *buf, size_t size)
{
	if (strcmp(field, "source") == 0) {
		const char *src = jstr0(jobj(ev, "source"), "component");

		return src[0] != '\0' ? src : jstr0(ev, "reportingComponent");
	}
	return NULL;
}

static const struct strategy_field core_fields[] = {
	{ "involvedObject.kind", NULL, "involvedObject.kind", 's' },
	{ "involvedObject.namespace", NULL, "involvedObject.namespace", 's' },
	{ "involvedObject.name", NULL, "involvedObject.name", 's' },
	{ "involvedObject.uid", NULL, "involvedObject.uid", 's' },
	{ "involvedObject.apiVersion", NULL, "involvedObject.apiVersion", 's' },
	{ "involvedObject.resourceVersion", NULL, "involvedObject.resourceVersion", 's' },
	{ "involvedObject.fieldPath", NULL, "involvedObject.fieldPath", 's' },
	{ "reason", NULL, "reason", 's' },
	{ "reportingComponent", NULL, "reportingComponent", 's' },
	{ "source", NULL, NULL, 's' },
	{ "type", NULL, "type", 's' },
	{ NULL, NULL, NULL, 0 },
};

static const struct strategy_field v1_fields[] = {
	{ "regarding.kind", "involvedObject.kind", "involvedObject.kind", 's' },
	{ "regarding.namespace", "involvedObject.namespace", "involvedObject.namespace", 's' },
	{ "regarding.name", "involvedObject.name", "involvedObject.name", 's' },
	{ "regarding.uid", "involvedObject.uid", "involvedObject.uid", 's' },
	{ "regarding.apiVersion", "involvedObject.apiVersion", "involvedObject.apiVersion", 's' },
	{ "regarding.resourceVersion", "involvedObject.resourceVersion",
	  "involvedObject.resourceVersion", 's' },
	{ "regarding.fieldPath", "involvedObject.fieldPath", "involvedObject.fieldPath", 's' },
	{ "reason", NULL, "reason", 's' },
	{ "reportingController", "reportingComponent", "reportingComponent", 's' },
	{ "type", NULL, "type", 's' },
	{ NULL, NULL, NULL, 0 },
};

const struct api_strategy strategy_events = {
	.kind = "Event",
	.name_rule = NAME_PATH_SEGMENT,
	.defaults = event_defaults,
	.validate = event_validate,
	.validate_update = event_validate_update,
	.fields = core_fields,
	.field_value = event_field_value,
	.to_storage = event_to_storage,
	.from_storage = event_from_storage,
};

const struct api_strategy strategy_events_v1 = {
	.kind = "Event",
	.name_rule = NAME_DNS1123_SUBDOMAIN,
	.defaults = event_defaults,
	.validate = event_validate,
	.validate_update = event_validate_update,
	.fields = v1_fields,
	.field_value = event_field_value,
	.to_storage = event_to_storage,
	.from_storage = event_from_storage,
};
