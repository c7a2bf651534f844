/*
 * configmap.c - the ConfigMap strategy (upstream: pkg/registry/core/configmap/strategy.go,
 * pkg/apis/core/validation/validation.go ValidateConfigMap, ValidateConfigMapUpdate): keys are
 * config keys, a key may not be in both data and binaryData, the total is at most 1 MiB, and
 * an immutable ConfigMap keeps its data.
 */
#include <string.h>

#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define MAX_SIZE (1024 * 1024)

/* The decoded length of standard base64 text (what a []byte field holds). */
size_t
strategy_base64_decoded_len(const char *s)
{
	size_t len = 0, pad = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '\r' || *p == '\n')
			continue;
		if (*p == '=')
			pad++;
		len++;
	}
	return len / 4 * 3 - (pad > 2 ? 2 : pad);
}

static void
configmap_validate(const struct api_resource *res, const json_t *cm, struct field_errors *errs)
{
	const json_t *data = jobj(cm, "data"), *bin = jobj(cm, "binaryData");
	char p[FPATH_MAX];
	const char *key;
	json_t *v;
	size_t total = 0;

	strategy_validate_object_meta(cm, 1, NAME_DNS1123_SUBDOMAIN, errs);
	json_object_foreach((json_t *)data, key, v) {
		fpath_key(p, "data", key);
		strategy_check_messages(errs, p, key, kc_validation_is_config_map_key);
		if (json_object_get(bin, key) != NULL)
			field_errors_invalid(errs, p, key,
					     "duplicate of key present in binaryData");
		total += json_string_length(v);
	}
	json_object_foreach((json_t *)bin, key, v) {
		strategy_check_messages(errs, fpath_key(p, "binaryData", key), key,
					kc_validation_is_config_map_key);
		total += strategy_base64_decoded_len(json_string_value(v) ? json_string_value(v)
									  : "");
	}
	if (total > MAX_SIZE)
		field_errors_too_long(errs, "", MAX_SIZE);
}

static void
configmap_validate_update(const struct api_resource *res, const json_t *cm, const json_t *old,
			  struct field_errors *errs)
{
	strategy_validate_object_meta_update(cm, old, errs);
	if (jbool(old, "immutable")) {
		if (!jbool(cm, "immutable"))
			field_errors_forbidden(errs, "immutable",
					       "field is immutable when `immutable` is set");
		if (!strategy_key_equal(cm, old, "data"))
			field_errors_forbidden(errs, "data",
					       "field is immutable when `immutable` is set");
		if (!strategy_key_equal(cm, old, "binaryData"))
			field_errors_forbidden(errs, "binaryData",
					       "field is immutable when `immutable` is set");
	}
	configmap_validate(res, cm, errs);
}

const struct api_strategy strategy_configmaps = {
	.kind = "ConfigMap",
	.validate = configmap_validate,
	.validate_update = configmap_validate_update,
};
