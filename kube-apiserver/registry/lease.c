/*
 * lease.c - the Lease strategy (upstream: pkg/registry/coordination/lease/strategy.go,
 * pkg/apis/coordination/validation/validation.go ValidateLease, ValidateLeaseSpec).
 * MicroTime fields (acquireTime, renewTime) are kept verbatim.
 */
#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static int
lease_defaults(json_t *lease)
{
	/* LeaseSpec is a struct: always printed */
	return strategy_ensure_object(lease, "spec") == NULL && !jhas(lease, "spec") ? KC_ERR_NOMEM
										     : 0;
}

static void
lease_validate(const struct api_resource *res, const json_t *lease, struct field_errors *errs)
{
	const json_t *spec = jobj(lease, "spec");

	strategy_validate_object_meta(lease, 1, NAME_DNS1123_SUBDOMAIN, errs);
	if (jhas(spec, "leaseDurationSeconds") && jint(spec, "leaseDurationSeconds", 0) <= 0)
		field_errors_invalid_int(errs, "spec.leaseDurationSeconds",
					 jint(spec, "leaseDurationSeconds", 0),
					 "must be greater than 0");
	if (jhas(spec, "leaseTransitions") && jint(spec, "leaseTransitions", 0) < 0)
		field_errors_invalid_int(errs, "spec.leaseTransitions",
					 jint(spec, "leaseTransitions", 0),
					 "must be greater than or equal to 0");
	if (jstr0(spec, "preferredHolder")[0] != '\0' && jstr0(spec, "strategy")[0] == '\0')
		field_errors_forbidden(errs, "spec.preferredHolder",
				       "may only be specified if `strategy` is defined");
}

const struct api_strategy strategy_leases = {
	.kind = "Lease",
	.defaults = lease_defaults,
	.validate = lease_validate,
};
