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
 * can let flags override its --config file, as upstream does.
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

/* strconv.ParseBool: 1/t/T/TRUE/true/True and 0/f/F/FALSE/false/False; KC_ERR_INVALID otherwise. */
int kc_parse_bool(const char *s, int *ret);

/* Sets one flag from text as the command line would (also counts as changed). */
int kc_flags_set(struct kc_flag *f, const char *value, char *err, size_t errlen);

/* Writes the --help text. */
void kc_flags_usage(struct kc_flagset *fs, FILE *out);

/* Frees what parsing allocated (strings, lists). */
void kc_flags_release(struct kc_flagset *fs);

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
