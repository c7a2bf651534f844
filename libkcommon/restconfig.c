/*
 * restconfig.c - lifetime of struct kc_rest_config (upstream: client-go rest.Config, whose
 * CopyConfig this mirrors).  Secrets (key, token, password) are wiped before they are freed.
 */
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/restconfig.h"

static void
free_secret(char *s)
{
	if (s != NULL) {
		/* volatile keeps the compiler from dropping the wipe of memory about to be freed */
		for (volatile char *p = s; *p != '\0'; p++)
			*p = '\0';
		free(s);
	}
}

void
kc_rest_config_release(struct kc_rest_config *c)
{
	if (c == NULL)
		return;
	free(c->server);
	free(c->tls_server_name);
	free(c->ca_pem);
	free(c->cert_pem);
	free_secret(c->key_pem);
	free_secret(c->token);
	free(c->token_file);
	free(c->username);
	free_secret(c->password);
	free(c->proxy_url);
	free(c->user_agent);
	free(c->content_type);
	memset(c, 0, sizeof(*c));
}

static int
copy_str(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	*dst = strdup(src);
	return *dst != NULL ? 0 : KC_ERR_NOMEM;
}

int
kc_rest_config_copy(const struct kc_rest_config *src, struct kc_rest_config *ret)
{
	struct kc_rest_config c = *src; /* the scalars */
	int r = 0;

	r |= copy_str(&c.server, src->server);
	r |= copy_str(&c.tls_server_name, src->tls_server_name);
	r |= copy_str(&c.ca_pem, src->ca_pem);
	r |= copy_str(&c.cert_pem, src->cert_pem);
	r |= copy_str(&c.key_pem, src->key_pem);
	r |= copy_str(&c.token, src->token);
	r |= copy_str(&c.token_file, src->token_file);
	r |= copy_str(&c.username, src->username);
	r |= copy_str(&c.password, src->password);
	r |= copy_str(&c.proxy_url, src->proxy_url);
	r |= copy_str(&c.user_agent, src->user_agent);
	r |= copy_str(&c.content_type, src->content_type);
	if (r != 0) {
		kc_rest_config_release(&c);
		return KC_ERR_NOMEM;
	}
	*ret = c;
	return 0;
}
