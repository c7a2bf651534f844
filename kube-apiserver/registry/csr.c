/*
 * csr.c - the CertificateSigningRequest strategy, with its status and approval subresources
 * (upstream: pkg/registry/certificates/certificates/strategy.go,
 * pkg/apis/certificates/v1/defaults.go, pkg/apis/certificates/validation/validation.go
 * ValidateCertificateSigningRequestCreate, ValidateSignerName and the condition rules).
 *
 * The requesting user (spec.username, uid, groups, extra) is not known here: the handler
 * fills it from the authenticated user after prepare_for_create, as upstream's
 * PrepareForCreate does from the request context.  Main-resource updates change metadata
 * only; /status keeps the spec; /approval changes only the Approved/Denied conditions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static const char *const key_usages[] = {
	"any",
	"cert sign",
	"client auth",
	"code signing",
	"content commitment",
	"crl sign",
	"data encipherment",
	"decipher only",
	"digital signature",
	"email protection",
	"encipher only",
	"ipsec end system",
	"ipsec tunnel",
	"ipsec user",
	"key agreement",
	"key encipherment",
	"microsoft sgc",
	"netscape sgc",
	"ocsp signing",
	"s/mime",
	"server auth",
	"signing",
	"timestamping",
	NULL,
};

static int
csr_defaults(json_t *csr)
{
	json_t *spec = jobj(csr, "spec");

	if (spec != NULL && !jhas(spec, "usages") &&
	    json_object_set_new(spec, "usages",
				json_pack("[s,s]", "digital signature", "key encipherment")) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

static int
csr_prepare_for_create(json_t *csr)
{
	return json_object_set_new(csr, "status", json_object()) < 0 ? KC_ERR_NOMEM : 0;
}

static int
csr_prepare_for_update(json_t *csr, const json_t *old)
{
	return strategy_copy_key(csr, old, "spec") < 0 ? KC_ERR_NOMEM : 0;
}

int
csr_prepare_for_approval(json_t *csr, const json_t *old)
{
	json_t *st, *conds, *c;
	const json_t *ost = jobj(old, "status");
	size_t i;

	if (strategy_keep_old_generation(csr, old) < 0 || strategy_copy_key(csr, old, "spec") < 0 ||
	    strategy_restore_system_meta(csr, old) < 0)
		return KC_ERR_NOMEM;
	st = strategy_ensure_object(csr, "status");
	if (st == NULL || strategy_copy_key(st, ost, "certificate") < 0)
		return KC_ERR_NOMEM;
	/* only Approved/Denied conditions come from the request */
	conds = json_array();
	if (conds == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(jarr(st, "conditions"), i, c)
		if (streq(jstr0(c, "type"), "Approved") || streq(jstr0(c, "type"), "Denied"))
			json_array_append(conds, c);
	json_array_foreach(jarr(ost, "conditions"), i, c)
		if (!streq(jstr0(c, "type"), "Approved") && !streq(jstr0(c, "type"), "Denied"))
			json_array_append(conds, c);
	return json_object_set_new(st, "conditions", conds) < 0 ? KC_ERR_NOMEM : 0;
}

static char *
go_bytes(const char *b64)
{
	KC_AUTOFREE char *raw = NULL;
	struct kc_strbuf sb = KC_STRBUF_INIT;
	size_t len = 0, bad;
	int r;

	if (kc_json_base64_decode(b64, strlen(b64), &raw, &len, &bad) < 0)
		len = 0;
	r = kc_strbuf_adds(&sb, "[]byte{");
	for (size_t i = 0; r >= 0 && i < len; i++)
		r = kc_strbuf_addf(&sb, "%s0x%x", i ? ", " : "", (unsigned char)raw[i]);
	if (r >= 0)
		r = kc_strbuf_addch(&sb, '}');
	return go_render_finish(&sb, r);
}

/* parseCSR's PEM check: the first PEM block must be a CERTIFICATE REQUEST. */
static int
is_csr_pem(const char *b64)
{
	KC_AUTOFREE char *raw = NULL;
	size_t len, bad;
	const char *begin;

	if (kc_json_base64_decode(b64, strlen(b64), &raw, &len, &bad) < 0)
		return 0;
	begin = strstr(raw, "-----BEGIN ");
	return begin != NULL && strncmp(begin, "-----BEGIN CERTIFICATE REQUEST-----", 35) == 0 &&
	       strstr(begin, "-----END CERTIFICATE REQUEST-----") != NULL;
}

/* ValidateSignerName */
static void
validate_signer_name(const char *name, struct field_errors *errs)
{
	const char *path = "spec.signerName", *slash = strchr(name, '/');
	KC_AUTOFREE char *domain = NULL;
	char detail[512];
	struct kc_strv labels = KC_STRV_INIT;

	if (name[0] == '\0') {
		field_errors_required(errs, path, "");
		return;
	}
	if (slash == NULL || strchr(slash + 1, '/') != NULL) {
		field_errors_invalid(
			errs, path, name,
			"must be a fully qualified domain and path of the form 'example.com/signer-name'");
		return;
	}
	domain = strndup(name, (size_t)(slash - name));
	if (domain == NULL || kc_strv_split(&labels, domain, '.') < 0) {
		errs->nomem = 1;
		kc_strv_release(&labels);
		return;
	}
	if (strlen(domain) > 253)
		field_errors_too_long(errs, path, 253);
	for (size_t i = 0; i < labels.n; i++) {
		struct kc_strv msgs = KC_STRV_INIT;

		if (kc_validation_is_dns1123_label(labels.v[i], &msgs) > 0) {
			for (size_t m = 0; m < msgs.n; m++) {
				snprintf(detail, sizeof(detail), "validating label \"%s\": %s",
					 labels.v[i], msgs.v[m]);
				field_errors_invalid(errs, path, domain, detail);
			}
			kc_strv_release(&msgs);
			break;
		}
		kc_strv_release(&msgs);
	}
	if (labels.n < 2)
		field_errors_invalid(
			errs, path, domain,
			"should be a domain with at least two segments separated by dots");
	kc_strv_release(&labels);
	{
		struct kc_strv msgs = KC_STRV_INIT;

		if (kc_validation_is_dns1123_subdomain(slash + 1, &msgs) > 0)
			for (size_t m = 0; m < msgs.n; m++) {
				snprintf(detail, sizeof(detail), "validating component \"%s\": %s",
					 slash + 1, msgs.v[m]);
				field_errors_invalid(errs, path, slash + 1, detail);
			}
		kc_strv_release(&msgs);
	}
}

static void
validate_conditions(const json_t *csr, struct field_errors *errs)
{
	char cp[FPATH_MAX], p[FPATH_MAX];
	int approved = 0, denied = 0;
	size_t i, j;
	json_t *c;

	json_array_foreach(jarr(jobj(csr, "status"), "conditions"), i, c) {
		const char *type = jstr0(c, "type"), *status = jstr0(c, "status");
		static const char *const statuses[] = { "False", "True", "Unknown", NULL };

		fpath_index(cp, "status.conditions", i);
		if (type[0] == '\0')
			field_errors_required(errs, fpath_child(p, cp, "type"), "");
		if (streq(type, "Approved") || streq(type, "Denied")) {
			if (!streq(status, "True"))
				field_errors_invalid(
					errs, fpath_child(p, cp, "status"), status,
					"must be True for Approved and Denied conditions");
			approved |= streq(type, "Approved");
			denied |= streq(type, "Denied");
		} else if (status[0] == '\0') {
			field_errors_required(errs, fpath_child(p, cp, "status"), "");
		} else if (!streq(status, "True") && !streq(status, "False") &&
			   !streq(status, "Unknown")) {
			field_errors_not_supported(errs, fpath_child(p, cp, "status"), status,
						   statuses);
		}
		for (j = 0; j < i; j++)
			if (streq(jstr0(json_array_get(jarr(jobj(csr, "status"), "conditions"), j),
					"type"),
				  type) &&
			    (streq(type, "Approved") || streq(type, "Denied") ||
			     streq(type, "Failed"))) {
				field_errors_duplicate(errs, fpath_child(p, cp, "type"), type);
				break;
			}
	}
	if (approved && denied)
		field_errors_invalid(errs, "status.conditions", "",
				     "Approved and Denied conditions are mutually exclusive");
}

static void
csr_validate(const struct api_resource *res, const json_t *csr, struct field_errors *errs)
{
	const json_t *spec = jobj(csr, "spec");
	char p[FPATH_MAX];
	size_t i, j;
	json_t *u;

	strategy_validate_object_meta(csr, 0, NAME_DNS1123_SUBDOMAIN, errs);
	if (!is_csr_pem(jstr0(spec, "request"))) {
		KC_AUTOFREE char *raw = go_bytes(jstr0(spec, "request"));

		field_errors_invalid_raw(errs, "spec.request", raw,
					 "PEM block type must be CERTIFICATE REQUEST");
	}
	if (jlen(spec, "usages") == 0)
		field_errors_required(errs, "spec.usages", "usages must be provided");
	json_array_foreach(jarr(spec, "usages"), i, u) {
		const char *s = json_string_value(u) ? json_string_value(u) : "";
		int known = 0;

		fpath_index(p, "spec.usages", i);
		for (size_t k = 0; key_usages[k] != NULL; k++)
			known |= streq(s, key_usages[k]);
		if (!known)
			field_errors_not_supported(errs, p, s, key_usages);
		for (j = 0; j < i; j++)
			if (streq(json_string_value(json_array_get(jarr(spec, "usages"), j)), s)) {
				field_errors_duplicate(errs, p, s);
				break;
			}
	}
	validate_signer_name(jstr0(spec, "signerName"), errs);
	if (jhas(spec, "expirationSeconds") && jint(spec, "expirationSeconds", 0) < 600)
		field_errors_invalid_int(
			errs, "spec.expirationSeconds", jint(spec, "expirationSeconds", 0),
			"may not specify a duration less than 600 seconds (10 minutes)");
	validate_conditions(csr, errs);
}

static void
csr_validate_update(const struct api_resource *res, const json_t *csr, const json_t *old,
		    struct field_errors *errs)
{
	strategy_validate_object_meta_update(csr, old, errs);
	validate_conditions(csr, errs);
}

static const struct strategy_field csr_fields[] = {
	{ "spec.signerName", NULL, "spec.signerName", 's' },
	{ NULL, NULL, NULL, 0 },
};

const struct api_strategy strategy_certificatesigningrequests = {
	.kind = "CertificateSigningRequest",
	.flags = STRATEGY_STATUS,
	.defaults = csr_defaults,
	.prepare_for_create = csr_prepare_for_create,
	.prepare_for_update = csr_prepare_for_update,
	.validate = csr_validate,
	.validate_update = csr_validate_update,
	.validate_status_update = csr_validate_update,
	.fields = csr_fields,
};
