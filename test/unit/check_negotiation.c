/*
 * check_negotiation.c - Accept negotiation with the exact headers kubectl and client-go send
 * (API-COMPAT.md §1-§2), and request body types.
 */
#include "libkcommon/errors.h"
#include "kube-apiserver/endpoints/negotiation.h"
#include "test/unit/testutil/testutil.h"

#define ALL (TARGETS(TARGET_TABLE) | TARGETS(TARGET_PARTIAL) | TARGETS(TARGET_PARTIAL_LIST))
#define DISCOVERY (TARGETS(TARGET_DISCOVERY_V2) | TARGETS(TARGET_DISCOVERY_V2BETA1))

static const struct {
	const char *accept;
	unsigned int allowed;
	int yaml_ok;
	int r;
	enum negotiated_target target;
	enum negotiated_format format;
	const char *version;
} cases[] = {
	/* kubectl get */
	{ "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
	  ALL, 1, 0, TARGET_TABLE, FORMAT_JSON, "v1" },
	{ "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
	  0, 1, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ "application/json;as=Table;v=v1beta1;g=meta.k8s.io", ALL, 1, 0, TARGET_TABLE, FORMAT_JSON, "v1beta1" },
	{ "application/json;as=Table;v=v2;g=meta.k8s.io", ALL, 1, KC_ERR_NOT_ACCEPTABLE, 0, 0, NULL },
	{ "application/json;as=Table;v=v1;g=meta.k8s.io", 0, 1, KC_ERR_NOT_ACCEPTABLE, 0, 0, NULL },
	/* discovery (kubectl 1.32, and 1.28 which only knows v2beta1) */
	{ "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
	  DISCOVERY, 0, 0, TARGET_DISCOVERY_V2, FORMAT_JSON, NULL },
	{ "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
	  DISCOVERY, 0, 0, TARGET_DISCOVERY_V2BETA1, FORMAT_JSON, NULL },
	{ "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
	  0, 0, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	/* the metadata client (KCM garbage collector) */
	{ "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json",
	  ALL, 0, 0, TARGET_PARTIAL_LIST, FORMAT_JSON, NULL },
	{ "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json",
	  ALL, 0, 0, TARGET_PARTIAL, FORMAT_JSON, NULL },
	/* typed clients: protobuf first, JSON after it */
	{ "application/vnd.kubernetes.protobuf,application/json", ALL, 1, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ "application/json, */*", ALL, 1, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ "*/*", ALL, 1, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ "application/*", ALL, 1, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ "", ALL, 1, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ NULL, ALL, 1, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ "application/json;stream=watch", ALL, 0, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ "application/vnd.kubernetes.protobuf", ALL, 1, KC_ERR_NOT_ACCEPTABLE, 0, 0, NULL },
	{ "text/html", ALL, 1, KC_ERR_NOT_ACCEPTABLE, 0, 0, NULL },
	{ "garbage", ALL, 1, KC_ERR_NOT_ACCEPTABLE, 0, 0, NULL },
	/* YAML, and q-values ordering */
	{ "application/yaml", ALL, 1, 0, TARGET_OBJECT, FORMAT_YAML, NULL },
	{ "application/yaml", ALL, 0, KC_ERR_NOT_ACCEPTABLE, 0, 0, NULL },
	{ "application/yaml;q=0.5, application/json", ALL, 1, 0, TARGET_OBJECT, FORMAT_JSON, NULL },
	{ "application/json;q=0, application/yaml", ALL, 1, 0, TARGET_OBJECT, FORMAT_YAML, NULL },
	{ "*/*;q=0.1, application/json;as=Table;v=v1;g=meta.k8s.io", ALL, 1, 0, TARGET_TABLE, FORMAT_JSON, "v1" },
};

START_TEST(test_accept)
{
	struct negotiated n;
	int r = negotiate_output(cases[_i].accept, cases[_i].allowed, cases[_i].yaml_ok, &n);

	ck_assert_int_eq(r, cases[_i].r);
	if (r < 0)
		return;
	ck_assert_int_eq(n.target, cases[_i].target);
	ck_assert_int_eq(n.format, cases[_i].format);
	if (cases[_i].version == NULL)
		ck_assert_ptr_null(n.version);
	else
		ck_assert_str_eq(n.version, cases[_i].version);
}
END_TEST

static const struct {
	const char *ct;
	enum body_type type;
} bodies[] = {
	{ NULL, BODY_JSON },
	{ "", BODY_JSON },
	{ "application/json", BODY_JSON },
	{ "application/json; charset=utf-8", BODY_JSON },
	{ "Application/JSON", BODY_JSON },
	{ "application/yaml", BODY_YAML },
	{ "application/vnd.kubernetes.protobuf", BODY_PROTOBUF },
	{ "application/merge-patch+json", BODY_MERGE_PATCH },
	{ "application/json-patch+json", BODY_JSON_PATCH },
	{ "application/strategic-merge-patch+json", BODY_STRATEGIC_MERGE_PATCH },
	{ "application/apply-patch+yaml", BODY_APPLY_PATCH },
	{ "text/plain", BODY_UNKNOWN },
	{ "application/xml", BODY_UNKNOWN },
};

START_TEST(test_body_types)
{
	ck_assert_int_eq(negotiate_body_type(bodies[_i].ct), bodies[_i].type);
}
END_TEST

static Suite *
negotiation_suite(void)
{
	Suite *s = suite_create("negotiation");
	TCase *tc = tcase_create("negotiation");

	tcase_add_loop_test(tc, test_accept, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, test_body_types, 0, (int)(sizeof(bodies) / sizeof(bodies[0])));
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(negotiation_suite)
