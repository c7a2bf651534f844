/*
 * kubeconfig.c - kubeconfig loading, merging, path resolution and context selection
 * (upstream: client-go tools/clientcmd loader.go LoadFromFile/Load/ResolveLocalPaths,
 * client_config.go DirectClientConfig.ClientConfig, validation.go ConfirmUsable, and
 * api/v1/conversion.go for the list-to-map conversion).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/kubeconfig.h"
#include "libkcommon/restconfig.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/yaml.h"

/* A PEM bundle or token file larger than this is refused rather than read into memory. */
#define KC_KUBECONFIG_MAX_FILE (64 * 1024 * 1024)

static const char empty_config_msg[] =
	"invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER "
	"environment variable";

static int
nomem(char *err, size_t errlen)
{
	return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
}

/* errno text as Go prints it ("no such file or directory"). */
static const char *
go_strerror(int e, char *buf, size_t size)
{
	snprintf(buf, size, "%s", strerror(e));
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

/*
 * os.ReadFile: the whole file as a NUL-terminated buffer.  KC_ERR_NOT_FOUND for a missing file,
 * KC_ERR_SYSTEM otherwise, with "open <path>: ..." / "read <path>: ..." in msg.  O_NONBLOCK
 * keeps a FIFO without a writer from blocking the daemon.
 */
static int
read_file(const char *path, char **ret, size_t *ret_len, char *msg, size_t msglen)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char buf[65536], ebuf[128];
	ssize_t n;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		saved = errno;
		kc_err_fail(0, msg, msglen, "open %s: %s", path,
			    go_strerror(saved, ebuf, sizeof(ebuf)));
		errno = saved;
		return saved == ENOENT ? KC_ERR_NOT_FOUND : KC_ERR_SYSTEM;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (sb.len + (size_t)n > KC_KUBECONFIG_MAX_FILE) {
			close(fd);
			kc_strbuf_release(&sb);
			return kc_err_fail(KC_ERR_TOO_LARGE, msg, msglen,
					   "read %s: file is larger than %d bytes", path,
					   KC_KUBECONFIG_MAX_FILE);
		}
		if (kc_strbuf_add(&sb, buf, (size_t)n) < 0) {
			close(fd);
			kc_strbuf_release(&sb);
			return nomem(msg, msglen);
		}
	}
	saved = errno;
	close(fd);
	if (n < 0) {
		kc_strbuf_release(&sb);
		kc_err_fail(0, msg, msglen, "read %s: %s", path,
			    go_strerror(saved, ebuf, sizeof(ebuf)));
		errno = saved;
		return KC_ERR_SYSTEM;
	}
	*ret = kc_strbuf_detach(&sb, ret_len);
	return *ret ? 0 : nomem(msg, msglen);
}

/* ---- paths (Go path/filepath) ------------------------------------------------------------ */

/* filepath.Clean: lexical normalisation, "" becomes ".". */
static char *
path_clean(const char *path)
{
	size_t n = strlen(path), r = 0, w = 0, dotdot = 0;
	int rooted = n > 0 && path[0] == '/';
	char *out = malloc(n + 2);

	if (out == NULL)
		return NULL;
	if (rooted) {
		out[w++] = '/';
		r = dotdot = 1;
	}
	while (r < n) {
		if (path[r] == '/') {
			r++;
		} else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
			r++;
		} else if (path[r] == '.' && path[r + 1] == '.' &&
			   (r + 2 == n || path[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			while (r < n && path[r] != '/')
				out[w++] = path[r++];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

/* filepath.Join(base, rel), cleaned. */
static char *
path_join(const char *base, const char *rel)
{
	KC_AUTOFREE char *joined = NULL;

	if (asprintf(&joined, "%s/%s", base, rel) < 0)
		return NULL;
	return path_clean(joined);
}

/* filepath.Abs(filepath.Dir(file)): the absolute directory a file's relative paths start from. */
static char *
abs_dir(const char *file)
{
	KC_AUTOFREE char *dir = NULL;
	const char *slash = strrchr(file, '/');
	char cwd[4096];

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == file)
		dir = strdup("/");
	else
		dir = strndup(file, (size_t)(slash - file));
	if (dir == NULL)
		return NULL;
	if (dir[0] == '/')
		return path_clean(dir);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return NULL;
	return path_join(cwd, dir);
}

/* ResolvePaths: a non-empty relative path becomes base/path. */
static int
resolve_path(char **ref, const char *base)
{
	char *abs;

	if (*ref == NULL || (*ref)[0] == '\0' || (*ref)[0] == '/' || base == NULL)
		return 0;
	abs = path_join(base, *ref);
	if (abs == NULL)
		return KC_ERR_NOMEM;
	free(*ref);
	*ref = abs;
	return 0;
}

/* ---- the config structs ------------------------------------------------------------------ */

static void
cluster_release(struct kc_kubeconfig_cluster *c)
{
	free(c->name);
	free(c->server);
	free(c->tls_server_name);
	free(c->certificate_authority);
	free(c->certificate_authority_data);
	free(c->proxy_url);
	free(c->origin);
}

static void
user_release(struct kc_kubeconfig_user *u)
{
	free(u->name);
	free(u->client_certificate);
	free(u->client_key);
	free(u->token_file);
	if (u->client_certificate_data != NULL)
		memset(u->client_certificate_data, 0, u->client_certificate_data_len);
	free(u->client_certificate_data);
	if (u->client_key_data != NULL)
		memset(u->client_key_data, 0, u->client_key_data_len);
	free(u->client_key_data);
	free(u->token);
	free(u->username);
	free(u->password);
	free(u->impersonate);
	free(u->auth_provider);
	free(u->origin);
}

static void
context_release(struct kc_kubeconfig_context *c)
{
	free(c->name);
	free(c->cluster);
	free(c->user);
	free(c->namespace);
	free(c->origin);
}

struct kc_kubeconfig *
kc_kubeconfig_free(struct kc_kubeconfig *kc)
{
	if (kc == NULL)
		return NULL;
	for (size_t i = 0; i < kc->n_clusters; i++)
		cluster_release(&kc->clusters[i]);
	for (size_t i = 0; i < kc->n_users; i++)
		user_release(&kc->users[i]);
	for (size_t i = 0; i < kc->n_contexts; i++)
		context_release(&kc->contexts[i]);
	free(kc->clusters);
	free(kc->users);
	free(kc->contexts);
	free(kc->current_context);
	free(kc);
	return NULL;
}

static void
kubeconfig_freep(struct kc_kubeconfig **kc)
{
	kc_kubeconfig_free(*kc);
}

/* The entry of arr (n entries of size bytes) whose name member (at name_off) is name. */
static void *
find_by_name(const void *arr, size_t n, size_t size, size_t name_off, const char *name)
{
	for (size_t i = 0; name != NULL && i < n; i++) {
		const char *entry = (const char *)arr + i * size;
		const char *ename = *(char *const *)(entry + name_off);

		if (ename != NULL && strcmp(ename, name) == 0)
			return (void *)entry;
	}
	return NULL;
}

const struct kc_kubeconfig_cluster *
kc_kubeconfig_find_cluster(const struct kc_kubeconfig *kc, const char *name)
{
	return kc ? find_by_name(kc->clusters, kc->n_clusters, sizeof(*kc->clusters),
				 offsetof(struct kc_kubeconfig_cluster, name), name)
		  : NULL;
}

const struct kc_kubeconfig_user *
kc_kubeconfig_find_user(const struct kc_kubeconfig *kc, const char *name)
{
	return kc ? find_by_name(kc->users, kc->n_users, sizeof(*kc->users),
				 offsetof(struct kc_kubeconfig_user, name), name)
		  : NULL;
}

const struct kc_kubeconfig_context *
kc_kubeconfig_find_context(const struct kc_kubeconfig *kc, const char *name)
{
	return kc ? find_by_name(kc->contexts, kc->n_contexts, sizeof(*kc->contexts),
				 offsetof(struct kc_kubeconfig_context, name), name)
		  : NULL;
}

/* Grows a array of elem-sized entries by one zeroed entry; NULL when out of memory. */
static void *
append_entry(void **arr, size_t *n, size_t elem)
{
	char *na = realloc(*arr, (*n + 1) * elem);

	if (na == NULL)
		return NULL;
	*arr = na;
	memset(na + *n * elem, 0, elem);
	return na + (*n)++ * elem;
}

/* ---- decoding the v1 Config (field types as encoding/json checks them) ------------------- */

enum ftype {
	F_STRING,
	F_BOOL,
	F_BYTES,
	F_STRINGS,
	F_STRMAP,
	F_EXEC,
	F_AUTH_PROVIDER
};

struct field {
	const char *json;
	enum ftype type;
	size_t off;     /* of the char * (or int) member */
	size_t len_off; /* F_BYTES: of the size_t length */
	const char *gotype;
};

#define CL(m) offsetof(struct kc_kubeconfig_cluster, m)
#define US(m) offsetof(struct kc_kubeconfig_user, m)
#define CX(m) offsetof(struct kc_kubeconfig_context, m)

static const struct field cluster_fields[] = {
	{ "server", F_STRING, CL(server), 0, "string" },
	{ "tls-server-name", F_STRING, CL(tls_server_name), 0, "string" },
	{ "insecure-skip-tls-verify", F_BOOL, CL(insecure_skip_tls_verify), 0, "bool" },
	{ "certificate-authority", F_STRING, CL(certificate_authority), 0, "string" },
	{ "certificate-authority-data", F_BYTES, CL(certificate_authority_data),
	  CL(certificate_authority_data_len), "[]uint8" },
	{ "proxy-url", F_STRING, CL(proxy_url), 0, "string" },
	{ "disable-compression", F_BOOL, CL(disable_compression), 0, "bool" },
	{ .json = NULL },
};

static const struct field user_fields[] = {
	{ "client-certificate", F_STRING, US(client_certificate), 0, "string" },
	{ "client-certificate-data", F_BYTES, US(client_certificate_data),
	  US(client_certificate_data_len), "[]uint8" },
	{ "client-key", F_STRING, US(client_key), 0, "string" },
	{ "client-key-data", F_BYTES, US(client_key_data), US(client_key_data_len), "[]uint8" },
	{ "token", F_STRING, US(token), 0, "string" },
	{ "tokenFile", F_STRING, US(token_file), 0, "string" },
	{ "as", F_STRING, US(impersonate), 0, "string" },
	{ "as-uid", F_STRING, US(impersonate_extra), 0, "string" },
	{ "as-groups", F_STRINGS, US(impersonate_extra), 0, "[]string" },
	{ "as-user-extra", F_STRMAP, US(impersonate_extra), 0, "map[string][]string" },
	{ "username", F_STRING, US(username), 0, "string" },
	{ "password", F_STRING, US(password), 0, "string" },
	{ "auth-provider", F_AUTH_PROVIDER, US(auth_provider), 0, "v1.AuthProviderConfig" },
	{ "exec", F_EXEC, US(has_exec), 0, "v1.ExecConfig" },
	{ .json = NULL },
};

static const struct field context_fields[] = {
	{ "cluster", F_STRING, CX(cluster), 0, "string" },
	{ "user", F_STRING, CX(user), 0, "string" },
	{ "namespace", F_STRING, CX(namespace), 0, "string" },
	{ .json = NULL },
};

/* encoding/json's UnmarshalTypeError text. */
static int
type_error(const json_t *v, const char *strct, const char *path, const char *gotype, char *err,
	   size_t errlen)
{
	return kc_err_fail(KC_ERR_INVALID, err, errlen,
			   "json: cannot unmarshal %s into Go struct field %s.%s of type %s",
			   kc_json_go_kind(v), strct, path, gotype);
}

/* as-groups and as-user-extra only matter as "given": their shape is still checked. */
static int
check_strings(const json_t *v, const char *strct, const char *path, char *err, size_t errlen)
{
	const json_t *s;
	size_t i;

	json_array_foreach(v, i, s) {
		if (!json_is_string(s) && !json_is_null(s))
			return type_error(s, strct, path, "string", err, errlen);
	}
	return 0;
}

static int
decode_field(const struct field *f, const json_t *v, char *base, const char *strct,
	     const char *path, char *err, size_t errlen)
{
	char **sp = (char **)(base + f->off);
	int *ip = (int *)(base + f->off);
	const char *key;
	const json_t *m;
	size_t bad;
	int r;

	switch (f->type) {
	case F_STRING:
		if (!json_is_string(v))
			return type_error(v, strct, path, f->gotype, err, errlen);
		if (f->off == US(impersonate_extra)) {
			*ip = *ip || json_string_length(v) > 0;
			return 0;
		}
		free(*sp);
		*sp = strndup(json_string_value(v), json_string_length(v));
		return *sp ? 0 : nomem(err, errlen);
	case F_BOOL:
		if (!json_is_boolean(v))
			return type_error(v, strct, path, f->gotype, err, errlen);
		*ip = json_is_true(v);
		return 0;
	case F_BYTES:
		if (!json_is_string(v))
			return type_error(v, strct, path, f->gotype, err, errlen);
		free(*sp);
		*sp = NULL;
		r = kc_json_base64_decode(json_string_value(v), json_string_length(v), sp,
					  (size_t *)(base + f->len_off), &bad);
		if (r == KC_ERR_NOMEM)
			return nomem(err, errlen);
		if (r < 0)
			return kc_err_fail(
				KC_ERR_INVALID, err, errlen,
				"illegal base64 data at input byte %zu (Go struct field %s.%s)",
				bad, strct, path);
		return 0;
	case F_STRINGS:
		if (!json_is_array(v))
			return type_error(v, strct, path, f->gotype, err, errlen);
		if ((r = check_strings(v, strct, path, err, errlen)) < 0)
			return r;
		*ip = *ip || json_array_size(v) > 0;
		return 0;
	case F_STRMAP:
		if (!json_is_object(v))
			return type_error(v, strct, path, f->gotype, err, errlen);
		json_object_foreach((json_t *)v, key, m) {
			if (!json_is_array(m) && !json_is_null(m))
				return type_error(m, strct, path, "[]string", err, errlen);
			if ((r = check_strings(m, strct, path, err, errlen)) < 0)
				return r;
		}
		*ip = *ip || json_object_size(v) > 0;
		return 0;
	case F_EXEC:
		if (!json_is_object(v))
			return type_error(v, strct, path, f->gotype, err, errlen);
		*ip = 1;
		return 0;
	case F_AUTH_PROVIDER:
		if (!json_is_object(v))
			return type_error(v, strct, path, f->gotype, err, errlen);
		m = json_object_get(v, "name");
		if (m != NULL && !json_is_null(m) && !json_is_string(m))
			return type_error(m, "AuthProviderConfig", "users.user.auth-provider.name",
					  "string", err, errlen);
		free(*sp);
		*sp = strdup(json_is_string(m) ? json_string_value(m) : "");
		return *sp ? 0 : nomem(err, errlen);
	}
	return 0;
}

/* One struct (Cluster, AuthInfo, Context) from obj; prefix is its JSON path for messages. */
static int
decode_struct(const json_t *obj, const struct field *fields, void *out, const char *strct,
	      const char *prefix, char *err, size_t errlen)
{
	char path[128];
	int r;

	for (const struct field *f = fields; f->json != NULL; f++) {
		const json_t *v = json_object_get(obj, f->json);

		if (v == NULL || json_is_null(v))
			continue;
		snprintf(path, sizeof(path), "%s.%s", prefix, f->json);
		if ((r = decode_field(f, v, out, strct, path, err, errlen)) < 0)
			return r;
	}
	return 0;
}

/* What a named list is made of: clusters/cluster, users/user, contexts/context. */
struct list_kind {
	const char *list;     /* "clusters" */
	const char *member;   /* "cluster" */
	const char *named;    /* "NamedCluster" */
	const char *strct;    /* "Cluster" */
	const char *internal; /* "Cluster" in *map[string]*api.Cluster */
	const struct field *fields;
	size_t size;
	size_t name_off;
};

static const struct list_kind list_kinds[] = {
	{ "clusters", "cluster", "NamedCluster", "Cluster", "Cluster", cluster_fields,
	  sizeof(struct kc_kubeconfig_cluster), offsetof(struct kc_kubeconfig_cluster, name) },
	{ "users", "user", "NamedAuthInfo", "AuthInfo", "AuthInfo", user_fields,
	  sizeof(struct kc_kubeconfig_user), offsetof(struct kc_kubeconfig_user, name) },
	{ "contexts", "context", "NamedContext", "Context", "Context", context_fields,
	  sizeof(struct kc_kubeconfig_context), offsetof(struct kc_kubeconfig_context, name) },
};

static int
decode_entry(const struct list_kind *lk, const json_t *item, void *entry, char *err, size_t errlen)
{
	char **name = (char **)((char *)entry + lk->name_off);
	const json_t *v;
	char path[64];

	if (!json_is_object(item) && !json_is_null(item))
		return kc_err_fail(
			KC_ERR_INVALID, err, errlen,
			"json: cannot unmarshal %s into Go struct field Config.%s of type v1.%s",
			kc_json_go_kind(item), lk->list, lk->named);
	v = json_object_get(item, "name");
	if (v != NULL && !json_is_null(v) && !json_is_string(v)) {
		snprintf(path, sizeof(path), "%s.name", lk->list);
		return type_error(v, lk->named, path, "string", err, errlen);
	}
	*name = strdup(json_is_string(v) ? json_string_value(v) : "");
	if (*name == NULL)
		return nomem(err, errlen);
	v = json_object_get(item, lk->member);
	if (v == NULL || json_is_null(v))
		return 0;
	snprintf(path, sizeof(path), "%s.%s", lk->list, lk->member);
	if (!json_is_object(v))
		return type_error(v, lk->named, path, lk->strct, err, errlen);
	return decode_struct(v, lk->fields, entry, lk->strct, path, err, errlen);
}

static int
decode_list(const struct list_kind *lk, const json_t *list, void **arr, size_t *n, char *err,
	    size_t errlen)
{
	const json_t *item;
	size_t i;
	void *entry;
	int r;

	if (list == NULL || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return kc_err_fail(
			KC_ERR_INVALID, err, errlen,
			"json: cannot unmarshal %s into Go struct field Config.%s of type []v1.%s",
			kc_json_go_kind(list), lk->list, lk->named);
	json_array_foreach(list, i, item) {
		entry = append_entry(arr, n, lk->size);
		if (entry == NULL)
			return nomem(err, errlen);
		if ((r = decode_entry(lk, item, entry, err, errlen)) < 0)
			return r;
	}
	return 0;
}

/* api/v1 conversion: a name listed twice is an error. */
static int
check_unique(const struct list_kind *lk, void *arr, size_t n, char *err, size_t errlen)
{
	for (size_t i = 1; i < n; i++) {
		const char *a = *(char **)((char *)arr + i * lk->size + lk->name_off);

		for (size_t j = 0; j < i; j++) {
			const char *b = *(char **)((char *)arr + j * lk->size + lk->name_off);

			if (strcmp(a, b) == 0)
				return kc_err_fail(
					KC_ERR_INVALID, err, errlen,
					"error converting *[]%s into *map[string]*api.%s: duplicate "
					"name \"%s\" in list",
					lk->named, lk->internal, a);
		}
	}
	return 0;
}

/* The apiVersion/kind check of the versioning codec (defaults v1, Config). */
static int
check_type_meta(const json_t *doc, char *err, size_t errlen)
{
	const json_t *av = json_object_get(doc, "apiVersion");
	const json_t *k = json_object_get(doc, "kind");
	const char *version = "v1", *kind = "Config";

	if ((av != NULL && !json_is_null(av) && !json_is_string(av)) ||
	    (k != NULL && !json_is_null(k) && !json_is_string(k)))
		return kc_err_fail(
			KC_ERR_INVALID, err, errlen,
			"couldn't get version/kind; json parse error: json: cannot unmarshal %s "
			"into Go struct field .%s of type string",
			kc_json_go_kind(av != NULL && !json_is_string(av) && !json_is_null(av) ? av
											       : k),
			av != NULL && !json_is_string(av) && !json_is_null(av) ? "apiVersion"
									       : "kind");
	if (json_is_string(av) && json_string_length(av) > 0)
		version = json_string_value(av);
	if (json_is_string(k) && json_string_length(k) > 0)
		kind = json_string_value(k);
	if (strcmp(version, "v1") != 0 || strcmp(kind, "Config") != 0)
		return kc_err_fail(KC_ERR_INVALID, err, errlen,
				   "no kind \"%s\" is registered for version \"%s\" in scheme "
				   "\"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50\"",
				   kind, version);
	return 0;
}

static int
check_config_shape(const json_t *doc, char *err, size_t errlen)
{
	const json_t *v;

	v = json_object_get(doc, "current-context");
	if (v != NULL && !json_is_null(v) && !json_is_string(v))
		return type_error(v, "Config", "current-context", "string", err, errlen);
	v = json_object_get(doc, "preferences");
	if (v != NULL && !json_is_null(v) && !json_is_object(v))
		return type_error(v, "Config", "preferences", "v1.Preferences", err, errlen);
	v = json_object_get(doc, "extensions");
	if (v != NULL && !json_is_null(v) && !json_is_array(v))
		return type_error(v, "Config", "extensions", "[]v1.NamedExtension", err, errlen);
	return 0;
}

/* Makes the relative paths of every entry absolute against base (a directory). */
static int
resolve_local_paths(struct kc_kubeconfig *kc, const char *base, const char *origin)
{
	int r = 0;

	for (size_t i = 0; i < kc->n_clusters && r == 0; i++) {
		struct kc_kubeconfig_cluster *c = &kc->clusters[i];

		r = resolve_path(&c->certificate_authority, base);
		if (r == 0 && origin != NULL && (c->origin = strdup(origin)) == NULL)
			r = KC_ERR_NOMEM;
	}
	for (size_t i = 0; i < kc->n_users && r == 0; i++) {
		struct kc_kubeconfig_user *u = &kc->users[i];

		r = resolve_path(&u->client_certificate, base);
		if (r == 0)
			r = resolve_path(&u->client_key, base);
		if (r == 0)
			r = resolve_path(&u->token_file, base);
		if (r == 0 && origin != NULL && (u->origin = strdup(origin)) == NULL)
			r = KC_ERR_NOMEM;
	}
	for (size_t i = 0; i < kc->n_contexts && r == 0; i++) {
		if (origin != NULL && (kc->contexts[i].origin = strdup(origin)) == NULL)
			r = KC_ERR_NOMEM;
	}
	return r;
}

static int
decode_config(const json_t *doc, struct kc_kubeconfig *kc, char *err, size_t errlen)
{
	void **arrs[] = { (void **)&kc->clusters, (void **)&kc->users, (void **)&kc->contexts };
	size_t *ns[] = { &kc->n_clusters, &kc->n_users, &kc->n_contexts };
	const json_t *cc;
	int r;

	if (json_is_null(doc))
		return 0; /* "null" decodes into the empty Config */
	if (!json_is_object(doc))
		return kc_err_fail(
			KC_ERR_INVALID, err, errlen,
			"couldn't get version/kind; json parse error: json: cannot unmarshal %s "
			"into Go value of type struct { APIVersion string; Kind string }",
			kc_json_go_kind(doc));
	if ((r = check_type_meta(doc, err, errlen)) < 0 ||
	    (r = check_config_shape(doc, err, errlen)) < 0)
		return r;
	for (size_t k = 0; k < KC_ARRAY_SIZE(list_kinds); k++) {
		r = decode_list(&list_kinds[k], json_object_get(doc, list_kinds[k].list), arrs[k],
				ns[k], err, errlen);
		if (r < 0)
			return r;
	}
	for (size_t k = 0; k < KC_ARRAY_SIZE(list_kinds); k++) {
		if ((r = check_unique(&list_kinds[k], *arrs[k], *ns[k], err, errlen)) < 0)
			return r;
	}
	cc = json_object_get(doc, "current-context");
	if (json_is_string(cc) && json_string_length(cc) > 0 &&
	    (kc->current_context = strdup(json_string_value(cc))) == NULL)
		return nomem(err, errlen);
	return 0;
}

/* Load(data) + ResolveLocalPaths against base; origin names the file (NULL for a buffer). */
static int
load_data(const char *data, size_t len, const char *base, const char *origin,
	  struct kc_kubeconfig **ret, char *err, size_t errlen)
{
	KC_CLEANUP(kubeconfig_freep) struct kc_kubeconfig *kc = calloc(1, sizeof(*kc));
	json_auto_t *doc = NULL;
	char msg[512];
	int r;

	if (kc == NULL)
		return nomem(err, errlen);
	if (len > 0) {
		r = kc_yaml_load(data, len, 0, &doc, msg, sizeof(msg));
		if (r == KC_ERR_NOMEM)
			return nomem(err, errlen);
		if (r < 0)
			return kc_err_fail(r, err, errlen, "error converting YAML to JSON: %s",
					   msg);
		if ((r = decode_config(doc, kc, err, errlen)) < 0)
			return r;
	}
	if (resolve_local_paths(kc, base, origin) < 0)
		return nomem(err, errlen);
	*ret = kc_take_ptr(kc);
	return 0;
}

int
kc_kubeconfig_load_buffer(const void *data, size_t len, const char *dir, struct kc_kubeconfig **ret,
			  char *err, size_t errlen)
{
	KC_AUTOFREE char *base = NULL;
	char cwd[4096];

	if (dir != NULL) {
		if (dir[0] == '/')
			base = path_clean(dir);
		else if (getcwd(cwd, sizeof(cwd)) != NULL)
			base = path_join(cwd, dir);
		if (base == NULL)
			return kc_err_fail(errno == ENOMEM ? KC_ERR_NOMEM : KC_ERR_SYSTEM, err,
					   errlen, "could not determine the absolute path of %s",
					   dir);
	}
	return load_data(data, data ? len : 0, base, NULL, ret, err, errlen);
}

/* LoadFromFile: KC_ERR_NOT_FOUND for a missing file (msg "open ..."), others prefixed. */
static int
load_from_file(const char *path, struct kc_kubeconfig **ret, char *err, size_t errlen)
{
	KC_AUTOFREE char *data = NULL;
	KC_AUTOFREE char *base = NULL;
	char msg[1024];
	size_t len = 0;
	int r;

	r = read_file(path, &data, &len, msg, sizeof(msg));
	if (r == KC_ERR_NOT_FOUND)
		return kc_err_fail(r, err, errlen, "%s", msg);
	if (r < 0)
		return kc_err_fail(r, err, errlen, "error loading config file \"%s\": %s", path,
				   msg);
	base = abs_dir(path);
	if (base == NULL)
		return kc_err_fail(KC_ERR_SYSTEM, err, errlen,
				   "could not determine the absolute path of config file %s", path);
	r = load_data(data, len, base, path, ret, msg, sizeof(msg));
	if (r < 0)
		return kc_err_fail(r, err, errlen, "error loading config file \"%s\": %s", path,
				   msg);
	return 0;
}

int
kc_kubeconfig_load_file(const char *path, struct kc_kubeconfig **ret, char *err, size_t errlen)
{
	int r;

	if (path == NULL || path[0] == '\0')
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "no kubeconfig path given");
	r = load_from_file(path, ret, err, errlen);
	if (r == KC_ERR_NOT_FOUND)
		return kc_err_fail(r, err, errlen, "stat %s: no such file or directory", path);
	return r;
}

/* Moves src's entries whose names dst lacks into dst (first definition wins). */
static int
merge_into(struct kc_kubeconfig *dst, struct kc_kubeconfig *src)
{
	void *d;

	for (size_t i = 0; i < src->n_clusters; i++) {
		if (kc_kubeconfig_find_cluster(dst, src->clusters[i].name) != NULL)
			continue;
		d = append_entry((void **)&dst->clusters, &dst->n_clusters, sizeof(*dst->clusters));
		if (d == NULL)
			return KC_ERR_NOMEM;
		memcpy(d, &src->clusters[i], sizeof(src->clusters[i]));
		memset(&src->clusters[i], 0, sizeof(src->clusters[i]));
	}
	for (size_t i = 0; i < src->n_users; i++) {
		if (kc_kubeconfig_find_user(dst, src->users[i].name) != NULL)
			continue;
		d = append_entry((void **)&dst->users, &dst->n_users, sizeof(*dst->users));
		if (d == NULL)
			return KC_ERR_NOMEM;
		memcpy(d, &src->users[i], sizeof(src->users[i]));
		memset(&src->users[i], 0, sizeof(src->users[i]));
	}
	for (size_t i = 0; i < src->n_contexts; i++) {
		if (kc_kubeconfig_find_context(dst, src->contexts[i].name) != NULL)
			continue;
		d = append_entry((void **)&dst->contexts, &dst->n_contexts, sizeof(*dst->contexts));
		if (d == NULL)
			return KC_ERR_NOMEM;
		memcpy(d, &src->contexts[i], sizeof(src->contexts[i]));
		memset(&src->contexts[i], 0, sizeof(src->contexts[i]));
	}
	if (dst->current_context == NULL && src->current_context != NULL)
		dst->current_context = kc_take_ptr(src->current_context);
	return 0;
}

/* Loads and merges files in order; missing ones are skipped, other failures collected. */
static int
load_chain(const struct kc_strv *files, struct kc_kubeconfig **ret, char *err, size_t errlen)
{
	KC_CLEANUP(kubeconfig_freep) struct kc_kubeconfig *merged = calloc(1, sizeof(*merged));
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
	char msg[1024];
	int r;

	if (merged == NULL)
		return nomem(err, errlen);
	for (size_t i = 0; i < files->n; i++) {
		struct kc_kubeconfig *one = NULL;

		if (files->v[i][0] == '\0')
			continue;
		r = load_from_file(files->v[i], &one, msg, sizeof(msg));
		if (r == KC_ERR_NOT_FOUND)
			continue;
		if (r == KC_ERR_NOMEM)
			return nomem(err, errlen);
		if (r < 0) {
			if (kc_strv_push(&errs, msg) < 0)
				return nomem(err, errlen);
			continue;
		}
		r = merge_into(merged, one);
		kc_kubeconfig_free(one);
		if (r < 0)
			return nomem(err, errlen);
	}
	if (errs.n == 1)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "%s", errs.v[0]);
	if (errs.n > 1) {
		KC_AUTOFREE char *all = kc_strv_join(&errs, ", ");

		return kc_err_fail(KC_ERR_INVALID, err, errlen, "[%s]", all ? all : "");
	}
	*ret = kc_take_ptr(merged);
	return 0;
}

int
kc_kubeconfig_load_default(struct kc_kubeconfig **ret, char *err, size_t errlen)
{
	KC_CLEANUP(kc_strv_release) struct kc_strv split = KC_STRV_INIT;
	KC_CLEANUP(kc_strv_release) struct kc_strv files = KC_STRV_INIT;
	const char *env = getenv("KUBECONFIG");
	const char *home = getenv("HOME");
	int r = 0;

	if (env != NULL && env[0] != '\0') {
		r = kc_strv_split(&split, env, ':');
		for (size_t i = 0; r == 0 && i < split.n; i++) {
			if (split.v[i][0] != '\0' && !kc_strv_contains(&files, split.v[i]))
				r = kc_strv_push(&files, split.v[i]);
		}
	} else if (home != NULL && home[0] != '\0') {
		KC_AUTOFREE char *path = NULL;

		if (asprintf(&path, "%s/.kube/config", home) < 0)
			return nomem(err, errlen);
		r = kc_strv_push(&files, path);
	}
	if (r < 0)
		return nomem(err, errlen);
	return load_chain(&files, ret, err, errlen);
}

/* ---- choosing a context (DirectClientConfig) --------------------------------------------- */

struct selection {
	const char *context_name;
	const struct kc_kubeconfig_context *context;
	const char *user_name;
	const struct kc_kubeconfig_user *user; /* NULL: the empty AuthInfo */
	const char *cluster_name;
	struct kc_kubeconfig_cluster cluster; /* merged with overrides; strings borrowed */
	int cluster_found;
};

static int
set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* getAuthInfo/getContext/getCluster: overrides must name something that exists. */
static int
select_context(const struct kc_kubeconfig *kc, const struct kc_kubeconfig_overrides *ov,
	       struct selection *sel, char *err, size_t errlen)
{
	const struct kc_kubeconfig_cluster *c;

	memset(sel, 0, sizeof(*sel));
	sel->context_name = set(ov ? ov->context : NULL) ? ov->context : kc->current_context;
	if (sel->context_name == NULL)
		sel->context_name = "";
	sel->context = kc_kubeconfig_find_context(kc, sel->context_name);
	sel->user_name = set(ov ? ov->user : NULL)            ? ov->user
			 : sel->context && sel->context->user ? sel->context->user
							      : "";
	sel->user = kc_kubeconfig_find_user(kc, sel->user_name);
	if (sel->user == NULL && set(ov ? ov->user : NULL))
		return kc_err_fail(KC_ERR_NOT_FOUND, err, errlen, "auth info \"%s\" does not exist",
				   sel->user_name);
	if (sel->context == NULL && set(ov ? ov->context : NULL))
		return kc_err_fail(KC_ERR_NOT_FOUND, err, errlen, "context \"%s\" does not exist",
				   sel->context_name);
	sel->cluster_name = set(ov ? ov->cluster : NULL)            ? ov->cluster
			    : sel->context && sel->context->cluster ? sel->context->cluster
								    : "";
	c = kc_kubeconfig_find_cluster(kc, sel->cluster_name);
	if (c == NULL && set(ov ? ov->cluster : NULL))
		return kc_err_fail(KC_ERR_NOT_FOUND, err, errlen, "cluster \"%s\" does not exist",
				   sel->cluster_name);
	if (c != NULL) {
		sel->cluster = *c;
		sel->cluster_found = 1;
	}
	if (set(ov ? ov->server : NULL)) {
		sel->cluster.server = (char *)ov->server;
		sel->cluster.tls_server_name = NULL; /* --server clears tls-server-name */
	}
	return 0;
}

/* Whether path can be opened (as validation.go's os.Open); the reason in msg otherwise. */
static int
can_open(const char *path, char *msg, size_t msglen)
{
	char ebuf[128];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	snprintf(msg, msglen, "open %s: %s", path, go_strerror(errno, ebuf, sizeof(ebuf)));
	return 0;
}

static int
cluster_is_empty(const struct kc_kubeconfig_cluster *c)
{
	return !set(c->server) && !set(c->tls_server_name) && !c->insecure_skip_tls_verify &&
	       !set(c->certificate_authority) && c->certificate_authority_data == NULL &&
	       !set(c->proxy_url) && !c->disable_compression;
}

/* parseProxyURL: http, https and socks5 only. */
static int
validate_proxy_url(const char *url, char *msg, size_t msglen)
{
	const char *sep = strstr(url, "://");
	size_t n = sep ? (size_t)(sep - url) : 0;

	if (sep != NULL && ((n == 4 && strncasecmp(url, "http", 4) == 0) ||
			    (n == 5 && strncasecmp(url, "https", 5) == 0) ||
			    (n == 6 && strncasecmp(url, "socks5", 6) == 0)))
		return 0;
	snprintf(msg, msglen, "unsupported scheme \"%.*s\", must be http, https, or socks5",
		 (int)(sep ? n : 0), url);
	return -1;
}

static int
validate_cluster(const struct selection *sel, struct kc_strv *errs, int *only_empty)
{
	const struct kc_kubeconfig_cluster *c = &sel->cluster;
	const char *name = sel->cluster_name;
	char msg[512];
	int r = 0;

	*only_empty = 0;
	if (cluster_is_empty(c)) {
		/* Clearer than upstream's "no configuration" when the context names a cluster. */
		if (!sel->cluster_found && set(name) && sel->context != NULL)
			return kc_strv_pushf(errs,
					     "cluster \"%s\" was not found for context \"%s\"",
					     name, sel->context_name);
		*only_empty = 1;
		return kc_strv_pushf(errs, "cluster has no server defined");
	}
	if (!set(c->server))
		r = set(name) ? kc_strv_pushf(errs, "no server found for cluster \"%s\"", name)
			      : kc_strv_pushf(errs, "default cluster has no server defined");
	if (r == 0 && set(c->proxy_url) && validate_proxy_url(c->proxy_url, msg, sizeof(msg)) < 0)
		r = kc_strv_pushf(errs, "invalid 'proxy-url' \"%s\" for cluster \"%s\": %s",
				  c->proxy_url, name, msg);
	if (r == 0 && set(c->certificate_authority) && c->certificate_authority_data != NULL)
		r = kc_strv_pushf(errs,
				  "certificate-authority-data and certificate-authority are both "
				  "specified for %s. certificate-authority-data will override.",
				  name);
	if (r == 0 && set(c->certificate_authority) &&
	    !can_open(c->certificate_authority, msg, sizeof(msg)))
		r = kc_strv_pushf(errs, "unable to read certificate-authority %s for %s due to %s",
				  c->certificate_authority, name, msg);
	return r;
}

static int
validate_user(const struct selection *sel, struct kc_strv *errs)
{
	const struct kc_kubeconfig_user *u = sel->user;
	const char *name = sel->user_name;
	const char *methods[2];
	size_t nm = 0;
	char msg[512];
	int r = 0;

	if (u == NULL)
		return 0;
	if (set(u->token))
		methods[nm++] = "token";
	if (set(u->username) || set(u->password))
		methods[nm++] = "basicAuth";
	if (set(u->client_certificate) || u->client_certificate_data != NULL) {
		if (set(u->client_certificate) && u->client_certificate_data != NULL)
			r = kc_strv_pushf(
				errs,
				"client-cert-data and client-cert are both specified for %s. "
				"client-cert-data will override.",
				name);
		if (r == 0 && set(u->client_key) && u->client_key_data != NULL)
			r = kc_strv_pushf(
				errs,
				"client-key-data and client-key are both specified for %s; "
				"client-key-data will override",
				name);
		if (r == 0 && !set(u->client_key) && u->client_key_data == NULL)
			r = kc_strv_pushf(
				errs,
				"client-key-data or client-key must be specified for %s to use "
				"the clientCert authentication method.",
				name);
		if (r == 0 && set(u->client_certificate) &&
		    !can_open(u->client_certificate, msg, sizeof(msg)))
			r = kc_strv_pushf(errs, "unable to read client-cert %s for %s due to %s",
					  u->client_certificate, name, msg);
		if (r == 0 && set(u->client_key) && !can_open(u->client_key, msg, sizeof(msg)))
			r = kc_strv_pushf(errs, "unable to read client-key %s for %s due to %s",
					  u->client_key, name, msg);
	}
	if (r == 0 && u->has_exec && u->auth_provider != NULL)
		r = kc_strv_pushf(
			errs,
			"authProvider cannot be provided in combination with an exec plugin "
			"for %s",
			name);
	if (r == 0 && nm > 1)
		r = kc_strv_pushf(
			errs,
			"more than one authentication method found for %s; found [%s %s], only "
			"one is allowed",
			name, methods[0], methods[1]);
	if (r == 0 && u->impersonate_extra && !set(u->impersonate))
		r = kc_strv_pushf(
			errs,
			"requesting uid, groups or user-extra for %s without impersonating a "
			"user",
			name);
	return r;
}

/* DirectClientConfig.ConfirmUsable(). */
static int
confirm_usable(const struct selection *sel, char *err, size_t errlen)
{
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
	KC_AUTOFREE char *all = NULL;
	int only_empty = 0;

	if (set(sel->context_name) && sel->context == NULL &&
	    kc_strv_pushf(&errs, "context was not found for specified context: %s",
			  sel->context_name) < 0)
		return nomem(err, errlen);
	if (validate_user(sel, &errs) < 0 || validate_cluster(sel, &errs, &only_empty) < 0)
		return nomem(err, errlen);
	if (errs.n == 0)
		return 0;
	if (errs.n == 1 && only_empty)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "%s", empty_config_msg);
	if (errs.n == 1)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "invalid configuration: %s",
				   errs.v[0]);
	all = kc_strv_join(&errs, ", ");
	if (all == NULL)
		return nomem(err, errlen);
	return kc_err_fail(KC_ERR_INVALID, err, errlen, "invalid configuration: [%s]", all);
}

/* "host:port" has no scheme: client-go's DefaultServerURL makes it http (no TLS configured yet). */
static char *
server_url(const char *server, int *ret_tls)
{
	const char *sep = strstr(server, "://");
	size_t n = sep ? (size_t)(sep - server) : 0;
	int ok = sep != NULL && n > 0 && isalpha((unsigned char)server[0]) && sep[3] != '\0';
	char *url;

	for (size_t i = 0; ok && i < n; i++) {
		if (!isalnum((unsigned char)server[i]) && server[i] != '+' && server[i] != '-' &&
		    server[i] != '.')
			ok = 0;
	}
	if (ok) {
		*ret_tls = n == 5 && strncasecmp(server, "https", 5) == 0;
		return strdup(server);
	}
	*ret_tls = 0;
	return asprintf(&url, "http://%s", server) < 0 ? NULL : url;
}

/* dataFromSliceOrFile: inline data wins, else the file's content. */
static int
pem_from(const char *data, size_t data_len, const char *file, char **ret, char *err, size_t errlen)
{
	size_t len;
	int r;

	if (data != NULL) {
		*ret = malloc(data_len + 1);
		if (*ret == NULL)
			return nomem(err, errlen);
		memcpy(*ret, data, data_len);
		(*ret)[data_len] = '\0';
		return 0;
	}
	if (!set(file))
		return 0;
	r = read_file(file, ret, &len, err, errlen);
	return r == KC_ERR_NOT_FOUND ? KC_ERR_SYSTEM : r;
}

static int
dup_opt(char **dst, const char *src)
{
	if (!set(src))
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : KC_ERR_NOMEM;
}

/* getUserIdentificationPartialConfig(): token, client certificate, basic auth. */
static int
user_credentials(const struct selection *sel, struct kc_rest_config *rc, char *err, size_t errlen)
{
	const struct kc_kubeconfig_user *u = sel->user;
	size_t len;
	int r;

	if (u == NULL)
		return 0;
	if (u->has_exec)
		return kc_err_fail(KC_ERR_UNSUPPORTED, err, errlen,
				   "user \"%s\": exec credential plugins are not supported",
				   sel->user_name);
	if (u->auth_provider != NULL)
		return kc_err_fail(KC_ERR_UNSUPPORTED, err, errlen,
				   "user \"%s\": auth-provider \"%s\" is not supported",
				   sel->user_name, u->auth_provider);
	if (set(u->impersonate))
		return kc_err_fail(KC_ERR_UNSUPPORTED, err, errlen,
				   "user \"%s\": impersonation (as: \"%s\") is not supported",
				   sel->user_name, u->impersonate);
	if (set(u->token)) {
		if (dup_opt(&rc->token, u->token) < 0 ||
		    dup_opt(&rc->token_file, u->token_file) < 0)
			return nomem(err, errlen);
	} else if (set(u->token_file)) {
		r = read_file(u->token_file, &rc->token, &len, err, errlen);
		if (r < 0)
			return r == KC_ERR_NOT_FOUND ? KC_ERR_SYSTEM : r;
		/* client-go's token file source trims what it reads */
		while (len > 0 && isspace((unsigned char)rc->token[len - 1]))
			rc->token[--len] = '\0';
		if (len > 0 && isspace((unsigned char)rc->token[0])) {
			size_t skip = strspn(rc->token, " \t\r\n\v\f");

			memmove(rc->token, rc->token + skip, len - skip + 1);
		}
		if (dup_opt(&rc->token_file, u->token_file) < 0)
			return nomem(err, errlen);
	}
	if (set(u->client_certificate) || u->client_certificate_data != NULL) {
		r = pem_from(u->client_certificate_data, u->client_certificate_data_len,
			     u->client_certificate, &rc->cert_pem, err, errlen);
		if (r == 0)
			r = pem_from(u->client_key_data, u->client_key_data_len, u->client_key,
				     &rc->key_pem, err, errlen);
		if (r < 0)
			return r;
	}
	if (set(u->username) || set(u->password)) {
		if (dup_opt(&rc->username, u->username) < 0 ||
		    dup_opt(&rc->password, u->password) < 0)
			return nomem(err, errlen);
	}
	return 0;
}

/* getServerIdentificationPartialConfig(): CA, insecure, server name. */
static int
server_identity(const struct selection *sel, struct kc_rest_config *rc, char *err, size_t errlen)
{
	const struct kc_kubeconfig_cluster *c = &sel->cluster;
	int r;

	r = pem_from(c->certificate_authority_data, c->certificate_authority_data_len,
		     c->certificate_authority, &rc->ca_pem, err, errlen);
	if (r < 0)
		return r;
	rc->insecure_skip_tls_verify = c->insecure_skip_tls_verify;
	if (dup_opt(&rc->tls_server_name, c->tls_server_name) < 0)
		return nomem(err, errlen);
	if (rc->ca_pem != NULL && rc->insecure_skip_tls_verify)
		return kc_err_fail(
			KC_ERR_INVALID, err, errlen,
			"specifying a root certificates file with the insecure flag is not allowed");
	return 0;
}

int
kc_kubeconfig_rest_config(const struct kc_kubeconfig *kc, const struct kc_kubeconfig_overrides *ov,
			  struct kc_rest_config *ret, char *err, size_t errlen)
{
	KC_CLEANUP(kc_rest_config_release) struct kc_rest_config rc = { 0 };
	static const struct kc_kubeconfig empty;
	struct selection sel;
	int tls, r;

	if (kc == NULL)
		kc = &empty;
	if ((r = select_context(kc, ov, &sel, err, errlen)) < 0 ||
	    (r = confirm_usable(&sel, err, errlen)) < 0)
		return r;
	rc.server = server_url(sel.cluster.server, &tls);
	if (rc.server == NULL || dup_opt(&rc.proxy_url, sel.cluster.proxy_url) < 0)
		return nomem(err, errlen);
	/* As upstream, credentials and server identity are only read for TLS servers. */
	if (tls && ((r = user_credentials(&sel, &rc, err, errlen)) < 0 ||
		    (r = server_identity(&sel, &rc, err, errlen)) < 0))
		return r;
	*ret = rc;
	memset(&rc, 0, sizeof(rc));
	return 0;
}

int
kc_kubeconfig_build_config(const char *master, const char *kubeconfig_path,
			   struct kc_rest_config *ret, char *err, size_t errlen)
{
	KC_CLEANUP(kubeconfig_freep) struct kc_kubeconfig *kc = NULL;
	struct kc_kubeconfig_overrides ov = { .server = master };
	int r;

	if (set(kubeconfig_path)) {
		r = kc_kubeconfig_load_file(kubeconfig_path, &kc, err, errlen);
		if (r < 0)
			return r;
	}
	return kc_kubeconfig_rest_config(kc, &ov, ret, err, errlen);
}

const char *
kc_kubeconfig_namespace(const struct kc_kubeconfig *kc, const struct kc_kubeconfig_overrides *ov)
{
	const char *name = set(ov ? ov->context : NULL) ? ov->context
			   : kc                         ? kc->current_context
							: NULL;
	const struct kc_kubeconfig_context *c = kc_kubeconfig_find_context(kc, name);

	return c != NULL && set(c->namespace) ? c->namespace : "default";
}
