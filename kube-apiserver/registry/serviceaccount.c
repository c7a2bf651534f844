/*
 * serviceaccount.c - the ServiceAccount strategy (upstream:
 * pkg/registry/core/serviceaccount/strategy.go, pkg/apis/core/validation/validation.go
 * ValidateServiceAccount): a DNS-1123 subdomain name; nothing else is checked.
 */
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

const struct api_strategy strategy_serviceaccounts = {
	.kind = "ServiceAccount",
	.name_rule = NAME_DNS1123_SUBDOMAIN,
};
