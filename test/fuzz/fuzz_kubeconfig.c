/*
 * fuzz_kubeconfig.c - libFuzzer target for the kubeconfig loader and context selection
 * (upstream analogue: client-go clientcmd Load + ClientConfig on untrusted files).
 *
 * Inputs load as a kubeconfig living in FUZZ_DIR, a directory that does not exist, so relative
 * file references resolve to nothing.  Rest configs are only built when every file reference
 * stays under FUZZ_DIR: the target never reads files on the fuzzing machine.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "libkcommon/kubeconfig.h"
#include "libkcommon/restconfig.h"

#define FUZZ_DIR "/nonexistent-ckube-fuzz"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
inside(const char *path)
{
	return path == NULL || path[0] == '\0' ||
	       (strncmp(path, FUZZ_DIR "/", strlen(FUZZ_DIR "/")) == 0 &&
		strstr(path, "/..") == NULL);
}

static int
file_refs_inside(const struct kc_kubeconfig *kc)
{
	for (size_t i = 0; i < kc->n_clusters; i++) {
		if (!inside(kc->clusters[i].certificate_authority))
			return 0;
	}
	for (size_t i = 0; i < kc->n_users; i++) {
		const struct kc_kubeconfig_user *u = &kc->users[i];

		if (!inside(u->client_certificate) || !inside(u->client_key) ||
		    !inside(u->token_file))
			return 0;
	}
	return 1;
}

static void
select_all(const struct kc_kubeconfig *kc)
{
	struct kc_kubeconfig_overrides ov = { 0 };
	struct kc_rest_config rc, copy;
	char err[512];

	if (kc_kubeconfig_rest_config(kc, NULL, &rc, err, sizeof(err)) == 0) {
		if (kc_rest_config_copy(&rc, &copy) == 0)
			kc_rest_config_release(&copy);
		kc_rest_config_release(&rc);
	}
	for (size_t i = 0; i < kc->n_contexts && i < 8; i++) {
		ov.context = kc->contexts[i].name;
		ov.server = (i & 1) ? "https://127.0.0.1:6443" : NULL;
		if (kc_kubeconfig_rest_config(kc, &ov, &rc, err, sizeof(err)) == 0)
			kc_rest_config_release(&rc);
		(void)kc_kubeconfig_namespace(kc, &ov);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_kubeconfig *kc = NULL;
	char err[512];

	if (kc_kubeconfig_load_buffer(data, size, FUZZ_DIR, &kc, err, sizeof(err)) < 0)
		return 0;
	if (file_refs_inside(kc))
		select_all(kc);
	kc_kubeconfig_free(kc);
	return 0;
}
