/*
 * secret.c - the Secret strategy (upstream: pkg/registry/core/secret/strategy.go,
 * pkg/apis/core/v1/defaults.go SetDefaults_Secret, pkg/apis/core/v1/conversion.go for
 * stringData, pkg/apis/core/validation/validation.go ValidateSecret, ValidateSecretUpdate).
 *
 * stringData is write-only: it is merged into data (base64, winning over data) and dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define MAX_SIZE (1024 * 1024)

static char *
base64_encode(const char *s, size_t len)
{
	static const char tbl[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
	const unsigned char *u = (const unsigned char *)s;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)u[i] << 16 | (i + 1 < len ? (unsigned)u[i + 1] << 8 : 0) |
			     (i + 2 < len ? u[i + 2] : 0);

		*o++ = tbl[v >> 18 & 63];
		*o++ = tbl[v >> 12 & 63];
		*o++ = i + 1 < len ? tbl[v >> 6 & 63] : '=';
		*o++ = i + 2 < len ? tbl[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

static int
secret_defaults(json_t *secret)
{
	json_t *sd = jobj(secret, "stringData"), *data, *v;
	const char *key;
	int r;

	if ((r = strategy_default_str(secret, "type", "Opaque")) < 0)
		return r;
	if (sd == NULL) {
		json_object_del(secret, "stringData");
		return 0;
	}
	data = strategy_ensure_object(secret, "data");
	if (data == NULL)
		return KC_ERR_NOMEM;
	json_object_foreach(sd, key, v) {
		char *enc = base64_encode(json_string_value(v) ? json_string_value(v) : "",
					  json_string_length(v));

		if (enc == NULL || json_object_set_new(data, key, json_string(enc)) < 0) {
			free(enc);
			return KC_ERR_NOMEM;
		}
		free(enc);
	}
	json_object_del(secret, "stringData");
	return 0;
}

/* Whether data[key] decodes to a JSON object (json.Unmarshal into a map). */
static int
is_json_object(const char *b64)
{
	KC_AUTOFREE char *raw = NULL;
	size_t len, bad;
	json_t *v = NULL;
	int ok;

	if (kc_json_base64_decode(b64, strlen(b64), &raw, &len, &bad) < 0)
		return 0;
	ok = kc_json_loads(raw, len, &v, NULL, 0) == 0 && json_is_object(v);
	json_decref(v);
	return ok;
}

static void
secret_validate(const struct api_resource *res, const json_t *secret, struct field_errors *errs)
{
	const json_t *data = jobj(secret, "data");
	const char *type = jstr0(secret, "type");
	char p[FPATH_MAX];
	const char *key;
	json_t *v;
	size_t total = 0;

	strategy_validate_object_meta(secret, 1, NAME_DNS1123_SUBDOMAIN, errs);
	json_object_foreach((json_t *)data, key, v) {
		strategy_check_messages(errs, fpath_key(p, "data", key), key,
					kc_validation_is_config_map_key);
		total += strategy_base64_decoded_len(json_string_value(v) ? json_string_value(v)
									  : "");
	}
	if (total > MAX_SIZE)
		field_errors_too_long(errs, "data", MAX_SIZE);
	if (streq(type, "kubernetes.io/service-account-token")) {
		if (jstr0(jobj(jobj(secret, "metadata"), "annotations"),
			  "kubernetes.io/service-account.name")[0] == '\0')
			field_errors_required(
				errs, "metadata.annotations[kubernetes.io/service-account.name]",
				"");
	} else if (streq(type, "kubernetes.io/dockercfg") ||
		   streq(type, "kubernetes.io/dockerconfigjson")) {
		const char *k =
			streq(type, "kubernetes.io/dockercfg") ? ".dockercfg" : ".dockerconfigjson";

		fpath_key(p, "data", k);
		if (!jhas(data, k))
			field_errors_required(errs, p, "");
		else if (!is_json_object(jstr0(data, k)))
			field_errors_invalid(errs, p, "<secret contents redacted>",
					     "invalid character looking for beginning of value");
	} else if (streq(type, "kubernetes.io/basic-auth")) {
		if (!jhas(data, "username") && !jhas(data, "password")) {
			field_errors_required(errs, "data[username]", "");
			field_errors_required(errs, "data[password]", "");
		}
	} else if (streq(type, "kubernetes.io/ssh-auth")) {
		if (jlen(data, "ssh-privatekey") == 0)
			field_errors_required(errs, "data[ssh-privatekey]", "");
	} else if (streq(type, "kubernetes.io/tls")) {
		if (!jhas(data, "tls.crt"))
			field_errors_required(errs, "data[tls.crt]", "");
		if (!jhas(data, "tls.key"))
			field_errors_required(errs, "data[tls.key]", "");
	}
}

static void
secret_validate_update(const struct api_resource *res, const json_t *secret, const json_t *old,
		       struct field_errors *errs)
{
	strategy_validate_object_meta_update(secret, old, errs);
	strategy_validate_immutable(errs, "type", secret, old, "type", NULL);
	if (jbool(old, "immutable")) {
		if (!jbool(secret, "immutable"))
			field_errors_forbidden(errs, "immutable",
					       "field is immutable when `immutable` is set");
		if (!strategy_key_equal(secret, old, "data"))
			field_errors_forbidden(errs, "data",
					       "field is immutable when `immutable` is set");
	}
	secret_validate(res, secret, errs);
}

static const struct strategy_field secret_fields[] = {
	{ "type", NULL, "type", 's' },
	{ NULL, NULL, NULL, 0 },
};

const struct api_strategy strategy_secrets = {
	.kind = "Secret",
	.defaults = secret_defaults,
	.validate = secret_validate,
	.validate_update = secret_validate_update,
	.fields = secret_fields,
};
