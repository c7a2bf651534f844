/*
 * flags.h - table-driven command-line flags with upstream (spf13/pflag + cobra) semantics.
 *
 * A daemon declares its flags as sections of `struct kc_flag` tables (the titles are the
 * headings of `--help`, as upstream's "Misc flags:", "Logs flags:" ...).  Accepted forms:
 *   --name=value   --name value   -n value   -nvalue   -n=value
 *   --bool (true)  --bool=false   (a bare "false" after --bool is an argument, as in pflag)
 *   --list=a,b --list=c           (KC_FLAG_STRINGS: comma-separated, repeats append; the first
 *                                  use replaces the default)
 *   --map=k1=v1,k2=v2             (KC_FLAG_MAP: "key=value" pairs, repeats append)
 *   --                            ends the flags
 * Values are written through `value` (see each type).  Defaults (`def`, as text) are applied by
 * kc_flags_parse() before argv, and shown by --help.  `changed` counts explicit uses, so a daemon
 * can let flags override its --config file, as upstream does.  Upstream's richer flag types
 * (ipport, portRange, namedCertKey...) are a base type plus a `check`, so their bad values are
 * refused while parsing, with pflag's message, as upstream refuses them.
 */
#ifndef KC_FLAGS_H
#define KC_FLAGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "libkcommon/strv.h"

enum kc_flag_type {
	KC_FLAG_BOOL,	  /* int *: 0 or 1 */
	KC_FLAG_INT,	  /* int * */
	KC_FLAG_INT64,	  /* int64_t * */
	KC_FLAG_FLOAT,	  /* double * */
	KC_FLAG_STRING,	  /* char **: malloc()ed, NULL when the default is NULL */
	KC_FLAG_STRINGS,  /* struct kc_strv * */
	KC_FLAG_DURATION, /* int64_t * nanoseconds, Go syntax ("1m30s") */
	KC_FLAG_MAP,	  /* struct kc_strv * of "key=value" */
	KC_FLAG_MAP_BOOL, /* struct kc_strv * of "key=value", each value a Go bool (mapStringBool) */
	KC_FLAG_STRING_ARRAY, /* struct kc_strv *: one value per use, never split (stringArray) */
	KC_FLAG_IP,	      /* char **: an IPv4 or IPv6 address (pflag's ip type) */
};

enum kc_flag_opts {
	KC_FLAG_HIDDEN = 1 << 0,     /* not in --help */
	KC_FLAG_DEPRECATED = 1 << 1, /* accepted; prints `deprecated` as a warning when used */
	KC_FLAG_IGNORED = 1 << 2,    /* accepted and ignored (listed in docs/compat.md): the value
				      * is parsed, so bad values are refused, and a warning says it
				      * has no effect; `value` may be NULL (an internal sink) */
};

struct kc_flag {
	const char *name;     /* without dashes; NULL ends a table */
	char shorthand;	      /* 'v' for -v, 0 for none */
	enum kc_flag_type type;
	void *value;
	const char *def;	  /* default, as text; NULL = zero value */
	const char *noopt;	  /* value when given without "=value" (pflag NoOptDefVal) */
	const char *usage;
	const char *deprecated;	  /* message for KC_FLAG_DEPRECATED */
	const char *type_name;	  /* in --help ("string", "ip", "port"...); derived when NULL */
	unsigned int opts;	  /* enum kc_flag_opts */
	/*
	 * The value check of an upstream flag type richer than `type` (a pflag Value's Set():
	 * ipport, portRange, namedCertKey...), or NULL.  Called with each value, the default
	 * included, before it is stored: returns >= 0 to accept it, or < 0 with the reason in err
	 * (err may be NULL), which kc_flags_set() reports as pflag does:
	 * `invalid argument "<value>" for "--<name>" flag: <reason>`.
	 */
	int (*check)(const char *value, char *err, size_t errlen);
	int changed;		  /* explicit uses on the command line */
};

/* Table rows, so flag tables read as upstream's AddFlags() calls. */
#define KC_FLAG_DEF(n, t, v, d, u) \
	{ .name = (n), .type = KC_FLAG_##t, .value = (v), .def = (d), .usage = (u) }
#define KC_FLAG_DEFT(n, t, tn, v, d, u) \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .value = (v), .def = (d), .usage = (u) }
#define KC_FLAG_IGNORE(n, t, d, u) \
	{ .name = (n), .type = KC_FLAG_##t, .def = (d), .usage = (u), .opts = KC_FLAG_IGNORED }
#define KC_FLAG_IGNORET(n, t, tn, d, u)                                                   \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .def = (d), .usage = (u), \
	  .opts = KC_FLAG_IGNORED }
/* pflag's MarkDeprecated() on a flag ckube ignores: hidden, warns `msg` when used. */
#define KC_FLAG_DEPRECATED_IGNORE(n, t, tn, d, u, msg)                                    \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .def = (d), .usage = (u), \
	  .deprecated = (msg), .opts = KC_FLAG_DEPRECATED | KC_FLAG_HIDDEN | KC_FLAG_IGNORED }
/* A flag whose values `chk` checks (see struct kc_flag's check). */
#define KC_FLAG_CHECKED(n, t, tn, v, d, chk, u)                                            \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .value = (v), .def = (d), \
	  .check = (chk), .usage = (u) }

struct kc_flag_section {
	const char *title; /* NULL ends the list */
	struct kc_flag *flags;
};

struct kc_flagset {
	const char *cmd;		  /* "kube-scheduler" */
	const char *description;	  /* paragraph printed by --help */
	struct kc_flag_section *sections; /* ends with { NULL } */
	struct kc_strv args;		  /* arguments that are not flags */
};

/*
 * Applies defaults, then parses argv[1..].  On a bad flag returns KC_ERR_INVALID and writes a
 * one-line message ("unknown flag: --foo") into err.  Does not exit and does not print.
 */
int kc_flags_parse(struct kc_flagset *fs, int argc, char **argv, char *err, size_t errlen);

/* The flag called name, or NULL. */
struct kc_flag *kc_flags_lookup(struct kc_flagset *fs, const char *name);

/* Whether name was given on the command line. */
int kc_flags_changed(struct kc_flagset *fs, const char *name);

/* Whether a string flag's value is there and not empty (KC_FLAG_STRING values are NULL when
 * their default is NULL and the flag is not given). */
int kc_flags_nonempty(const char *value);

/* strconv.ParseBool: 1/t/T/TRUE/true/True and 0/f/F/FALSE/false/False; KC_ERR_INVALID otherwise. */
int kc_parse_bool(const char *s, int *ret);

/* Sets one flag from text as the command line would (also counts as changed). */
int kc_flags_set(struct kc_flag *f, const char *value, char *err, size_t errlen);

/* Writes the --help text. */
void kc_flags_usage(struct kc_flagset *fs, FILE *out);

/* Frees what parsing allocated (strings, lists). */
void kc_flags_release(struct kc_flagset *fs);

/*
 * cliflag.TLSVersion(): the protocol number of a --tls-min-version value (0x0301 for
 * "VersionTLS10" up to 0x0304 for "VersionTLS13": OpenSSL's TLS1_*_VERSION numbers), 0 for NULL
 * or "" (the library's default), or KC_ERR_INVALID with upstream's `unknown tls version "<name>"`
 * in err (err may be NULL).
 */
int kc_flags_tls_version(const char *name, char *err, size_t errlen);

/*
 * SecureServingOptions.Validate() for --secure-port (1..65535 when `required`, as for
 * kube-apiserver; otherwise 0 turns HTTPS off), worded and ordered as upstream's (whose
 * precedence gives every port above 65535 the "It cannot be turned off with 0" message), then
 * the --tls-min-version check of its ApplyTo().  Appends the messages to errs and returns how
 * many (0: valid), or KC_ERR_NOMEM.
 */
int kc_flags_validate_secure_serving(int port, int required, const char *tls_min_version,
				     struct kc_strv *errs);

/*
 * featuregate.Set()'s syntax check, as a struct kc_flag check for --feature-gates (a
 * KC_FLAG_MAP_BOOL flag): refuses with upstream's "missing bool value for <key>" or `invalid value
 * of <key>=<value>, err: strconv.ParseBool: parsing "<value>": invalid syntax`.  Gate names are
 * not checked (ckube does not know upstream's list).
 */
int kc_flags_check_feature_gates(const char *value, char *err, size_t errlen);
/* The start of --feature-gates' help (upstream lists the known gates after it). */
#define KC_FLAG_FEATURE_GATES_USAGE \
	"A set of key=value pairs that describe feature gates for alpha/experimental features."

/* One --tls-sni-cert-key value (cliflag.NamedCertKey). */
struct kc_named_cert_key {
	char *cert_file;
	char *key_file;
	struct kc_strv names; /* domain patterns; empty: take the names from the certificate */
};

/*
 * cliflag.NamedCertKey.Set(): "certfile,keyfile" or "certfile,keyfile:name1,name2", each part
 * trimmed of white space.  Fills *ret (release it with kc_flags_named_cert_key_release()) and
 * returns 0; or KC_ERR_INVALID with upstream's reason in err ("expected comma separated
 * certificate and key file paths", "empty names list is not allowed"), or KC_ERR_NOMEM.
 */
int kc_flags_parse_named_cert_key(const char *value, struct kc_named_cert_key *ret, char *err,
				  size_t errlen);
void kc_flags_named_cert_key_release(struct kc_named_cert_key *nck);
/* The same check as a struct kc_flag check, for KC_FLAG_STRING_ARRAY "namedCertKey" flags. */
int kc_flags_check_named_cert_key(const char *value, char *err, size_t errlen);
/* --tls-sni-cert-key's help (k8s.io/apiserver SecureServingOptions.AddFlags()), for the daemons
 * that serve HTTPS with upstream's secure serving options. */
#define KC_FLAG_TLS_SNI_CERT_KEY_USAGE                                                           \
	"A pair of x509 certificate and private key file paths, optionally suffixed with a list "  \
	"of domain patterns which are fully qualified domain names, possibly with prefixed "      \
	"wildcard segments. The domain patterns also allow IP addresses, but IPs should only be " \
	"used if the apiserver has visibility to the IP address requested by a client. If no "    \
	"domain patterns are provided, the names of the certificate are extracted. Non-wildcard " \
	"matches trump over wildcard matches, explicit domain patterns trump over extracted "     \
	"names. For multiple key/certificate pairs, use the --tls-sni-cert-key multiple times. "  \
	"Examples: \"example.crt,example.key\" or \"foo.crt,foo.key:*.foo.com,foo.com\"."

/*
 * The flags every ckube daemon has: -h/--help, --version, and klog's -v/--v, --vmodule,
 * --log-flush-frequency, --logging-format.  Put this section in every flagset.
 */
extern struct kc_flag kc_common_flags[];

/*
 * For main(): parse; on error print "Error: <msg>" (one line) and exit 1; on --help print the
 * usage and exit 0; on --version print "Kubernetes v1.32.x" and exit 0; apply --v/--vmodule.
 * Positional arguments are refused, as upstream daemons do.
 */
void kc_flags_parse_or_exit(struct kc_flagset *fs, int argc, char **argv);

#endif
