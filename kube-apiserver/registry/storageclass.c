/*
 * storageclass.c - the StorageClass strategy (upstream: pkg/registry/storage/storageclass/
 * strategy.go, pkg/apis/storage/v1/defaults.go SetDefaults_StorageClass,
 * pkg/apis/storage/validation/validation.go ValidateStorageClass, ValidateStorageClassUpdate).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define MAX_PROVISIONER_LENGTH 63
#define MAX_PARAMETERS_SIZE    (256 * 1024)

static int
sc_defaults(json_t *sc)
{
	if (strategy_default_ptr_str(sc, "reclaimPolicy", "Delete") < 0 ||
	    strategy_default_ptr_str(sc, "volumeBindingMode", "Immediate") < 0)
		return KC_ERR_NOMEM;
	return 0;
}

static void
sc_validate(const struct api_resource *res, const json_t *sc, struct field_errors *errs)
{
	static const char *const reclaim[] = { "Delete", "Retain", NULL };
	static const char *const binding[] = { "Immediate", "WaitForFirstConsumer", NULL };
	const char *prov = jstr0(sc, "provisioner");
	const json_t *params = jobj(sc, "parameters");
	const char *key;
	json_t *v;
	size_t total = 0;

	strategy_validate_object_meta(sc, 0, NAME_DNS1123_SUBDOMAIN, errs);
	if (prov[0] == '\0')
		field_errors_required(errs, "provisioner", "");
	if (strlen(prov) > MAX_PROVISIONER_LENGTH)
		field_errors_too_long(errs, "provisioner", MAX_PROVISIONER_LENGTH);
	if (prov[0] != '\0') {
		KC_AUTOFREE char *lower = strdup(prov);

		for (char *c = lower; c != NULL && *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (lower != NULL)
			strategy_validate_qualified_name(errs, "provisioner", lower);
	}
	json_object_foreach((json_t *)params, key, v)
		total += strlen(key) + json_string_length(v);
	if (total > MAX_PARAMETERS_SIZE)
		field_errors_too_long(errs, "parameters", MAX_PARAMETERS_SIZE);
	if (jhas(sc, "reclaimPolicy") && !streq(jstr0(sc, "reclaimPolicy"), "Delete") &&
	    !streq(jstr0(sc, "reclaimPolicy"), "Retain"))
		field_errors_not_supported(errs, "reclaimPolicy", jstr0(sc, "reclaimPolicy"),
					   reclaim);
	if (!jhas(sc, "volumeBindingMode"))
		field_errors_required(errs, "volumeBindingMode", "");
	else if (!streq(jstr0(sc, "volumeBindingMode"), "Immediate") &&
		 !streq(jstr0(sc, "volumeBindingMode"), "WaitForFirstConsumer"))
		field_errors_not_supported(errs, "volumeBindingMode",
					   jstr0(sc, "volumeBindingMode"), binding);
}

static void
sc_validate_update(const struct api_resource *res, const json_t *sc, const json_t *old,
		   struct field_errors *errs)
{
	strategy_validate_object_meta_update(sc, old, errs);
	if (!strategy_key_equal(sc, old, "parameters"))
		field_errors_forbidden(errs, "parameters", "updates to parameters are forbidden.");
	if (!streq(jstr0(sc, "provisioner"), jstr0(old, "provisioner")))
		field_errors_forbidden(errs, "provisioner",
				       "updates to provisioner are forbidden.");
	if (!streq(jstr0(sc, "reclaimPolicy"), jstr0(old, "reclaimPolicy")))
		field_errors_forbidden(errs, "reclaimPolicy",
				       "updates to reclaimPolicy are forbidden.");
	strategy_validate_immutable(errs, "volumeBindingMode", sc, old, "volumeBindingMode", NULL);
	sc_validate(res, sc, errs);
}

const struct api_strategy strategy_storageclasses = {
	.kind = "StorageClass",
	.defaults = sc_defaults,
	.validate = sc_validate,
	.validate_update = sc_validate_update,
};
