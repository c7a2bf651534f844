/*
 * fuzz_knft_rule.c - libFuzzer target for kube-proxy's nft rule compiler (knft_compile.c, the
 * part of `nft` that knftables relies on to turn rule text into expressions).
 *
 * The first byte picks the family; the rest is the rule text.  Every input must either compile
 * or fail with a message, never crash or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube-proxy/nftables/knftables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_strbuf out = KC_STRBUF_INIT;
	char err[256];
	char *text;

	if (size == 0 || size > 4096)
		return 0;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	knft_rule_dump(data[0] & 1 ? KNFT_IP6 : KNFT_IP, "t", text, &out, err, sizeof(err));
	kc_strbuf_release(&out);
	free(text);
	return 0;
}
