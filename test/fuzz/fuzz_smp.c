/*
 * fuzz_smp.c - libFuzzer target for the strategic merge patch of kube-apiserver's PATCH handler
 * (kube-apiserver/endpoints/strategic_merge_patch.c; upstream analogue: the request bodies that
 * apimachinery's StrategicMergeMapPatch receives from any client).
 *
 * The input is a JSON request body.  The first byte picks what it is applied to: a fixed pod
 * (most inputs), node or deployment under their kinds' patch metadata, or, when the body is a
 * two-element array, its first element patched by its second under the pod's metadata (so the
 * original is fuzzed too).  Invariants (abort() when broken): the original and the patch are
 * left as they were; success gives an object and no message, failure a known code, a message
 * and no result; applying the same patch twice gives the same answer (the result depends on
 * nothing but the inputs).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/errors.h"
#include "libkcommon/json.h"

#include "kube-apiserver/endpoints/strategic_merge_patch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char pod_text[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":"
	"\"default\",\"uid\":\"u1\",\"labels\":{\"app\":\"web\"},\"annotations\":{\"a\":\"b\"},"
	"\"finalizers\":[\"f/a\",\"f/b\",\"f/a\"],\"ownerReferences\":[{\"uid\":\"rs1\",\"kind\":"
	"\"ReplicaSet\",\"name\":\"web-1\"}]},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":"
	"\"nginx\",\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}],"
	"\"ports\":[{\"containerPort\":80},{\"containerPort\":443}],\"volumeMounts\":[{\"name\":"
	"\"data\",\"mountPath\":\"/data\"}],\"args\":[\"x\"]},{\"name\":\"side\",\"image\":"
	"\"busybox\"},{\"name\":\"extra\"}],\"initContainers\":[{\"name\":\"init\"}],\"volumes\":"
	"[{\"name\":\"data\",\"emptyDir\":{}},{\"name\":\"cfg\",\"configMap\":{\"name\":\"c\"}}],"
	"\"tolerations\":[{\"key\":\"k\"}],\"nodeName\":\"n1\"},\"status\":{\"phase\":\"Running\","
	"\"conditions\":[{\"type\":\"Initialized\",\"status\":\"True\"},{\"type\":\"Ready\","
	"\"status\":\"False\"},{\"type\":\"PodScheduled\",\"status\":\"True\"}],\"podIPs\":[{\"ip\":"
	"\"10.0.0.1\"}],\"containerStatuses\":[{\"name\":\"app\",\"ready\":true}]}}";

static const char node_text[] =
	"{\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},\"spec\":{\"podCIDRs\":[\"10.0.0.0/24\","
	"\"fd00::/64\"],\"taints\":[{\"key\":\"t\",\"effect\":\"NoSchedule\"}]},\"status\":"
	"{\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"False\"},{\"type\":\"Ready\","
	"\"status\":\"True\"}],\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.1.1.1\"},"
	"{\"type\":\"Hostname\",\"address\":\"n1\"}],\"capacity\":{\"pods\":\"110\"}}}";

static const char deployment_text[] =
	"{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":2,"
	"\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1}},\"template\":"
	"{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
	"\"image\":\"i\"},{\"name\":\"d\",\"image\":\"j\"}]}}},\"status\":{\"conditions\":"
	"[{\"type\":\"Available\",\"status\":\"True\"}]}}";

struct target {
	const char *text;
	const char *kind;
	const char *group;
	json_t *doc;
};

static struct target targets[] = {
	{ pod_text, "Pod", "", NULL },
	{ node_text, "Node", "", NULL },
	{ deployment_text, "Deployment", "apps", NULL },
};

static void
load_targets(void)
{
	json_error_t e;

	if (targets[0].doc != NULL)
		return;
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		targets[i].doc = json_loads(targets[i].text, 0, &e);
		if (targets[i].doc == NULL) {
			fprintf(stderr, "bad built-in document: %s\n", e.text);
			abort();
		}
	}
}

static int
known_code(int r)
{
	return r == KC_ERR_BAD_REQUEST || r == KC_ERR_INVALID || r == KC_ERR_INTERNAL ||
	       r == KC_ERR_NOMEM;
}

/* Applies patch to original twice and checks the invariants of the header comment. */
static void
check_apply(const json_t *original, const json_t *patch, const struct patch_meta_type *schema)
{
	json_t *orig_copy = json_deep_copy(original), *patch_copy = json_deep_copy(patch);
	json_t *a = NULL, *b = NULL;
	char err_a[512] = "", err_b[512] = "";
	int ra, rb;

	ra = strategic_merge_patch_apply(original, patch, schema, &a, err_a, sizeof(err_a));
	rb = strategic_merge_patch_apply(original, patch, schema, &b, err_b, sizeof(err_b));
	if (!kc_json_equal(original, orig_copy) || !kc_json_equal(patch, patch_copy)) {
		fprintf(stderr, "an input was modified\n");
		abort();
	}
	if (ra == 0 ? (a == NULL || !json_is_object(a) || err_a[0] != '\0')
		    : (a != NULL || !known_code(ra) || err_a[0] == '\0')) {
		fprintf(stderr, "bad outcome %d (%s)\n", ra, err_a);
		abort();
	}
	if (ra != rb || strcmp(err_a, err_b) != 0 || !kc_json_equal(a, b)) {
		fprintf(stderr, "two applications differ: %d (%s) and %d (%s)\n", ra, err_a, rb,
			err_b);
		abort();
	}
	json_decref(a);
	json_decref(b);
	json_decref(orig_copy);
	json_decref(patch_copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct patch_meta_type *pod_meta;
	json_t *body;
	json_error_t e;
	struct target *t;

	if (size < 1)
		return 0;
	load_targets();
	pod_meta = patch_meta_lookup("", "Pod");
	body = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, &e);
	if (body == NULL)
		return 0;
	if (json_is_array(body) && json_array_size(body) == 2 &&
	    json_is_object(json_array_get(body, 0))) {
		check_apply(json_array_get(body, 0), json_array_get(body, 1), pod_meta);
	} else {
		t = &targets[data[0] % 8 == 1 ? 1 : data[0] % 8 == 2 ? 2 : 0];
		check_apply(t->doc, body, patch_meta_lookup(t->group, t->kind));
	}
	json_decref(body);
	return 0;
}
