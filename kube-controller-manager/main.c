/*
 * main.c - kube-controller-manager's entry point (upstream: cmd/kube-controller-manager/
 * controller-manager.go and app/controllermanager.go NewControllerManagerCommand()): parse and
 * validate the command line as upstream does, then stop, because the controllers are not built
 * yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "kube-controller-manager/options.h"

/* Flags accepted for compatibility but without effect in ckube (docs/compat.md). */
static void
warn_ignored(struct kc_flagset *fs)
{
	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++)
			if ((f->opts & KC_FLAG_IGNORED) && f->changed)
				kc_warning("flag --%s is accepted but ignored by ckube (see docs/compat.md)",
					   f->name);
}

/*
 * Logs errs as cli.Run() logs the error its command returned: one klog line
 * `"command failed" err="..."`, the messages joined as utilerrors.NewAggregate() joins them
 * (one message alone, several as "[a, b]"), quotes and newlines escaped as klog escapes them.
 */
static void
log_command_failed(const struct kc_strv *errs)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	if (errs->n > 1)
		kc_strbuf_addch(&sb, '[');
	for (size_t i = 0; i < errs->n; i++) {
		if (i > 0)
			kc_strbuf_adds(&sb, ", ");
		for (const char *p = errs->v[i]; *p != '\0'; p++) {
			if (*p == '\n') {
				kc_strbuf_adds(&sb, "\\n");
				continue;
			}
			if (*p == '"' || *p == '\\')
				kc_strbuf_addch(&sb, '\\');
			kc_strbuf_addch(&sb, *p);
		}
	}
	if (errs->n > 1)
		kc_strbuf_addch(&sb, ']');
	kc_error("\"command failed\" err=\"%s\"", sb.buf);
	kc_strbuf_release(&sb);
}

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kube_controller_manager_options_flagset();
	struct kc_strv errs = KC_STRV_INIT;
	int r;

	kc_flags_parse_or_exit(fs, argc, argv);
	warn_ignored(fs);
	r = kube_controller_manager_options_validate(kube_controller_manager_options(), &errs);
	if (r < 0)
		kc_error("cannot validate options: %s", kc_strerror(r));
	else if (r > 0)
		log_command_failed(&errs);
	else
		kc_error("kube-controller-manager is not built yet in ckube: the controllers come with issue #5");
	kc_strv_release(&errs);
	kc_flags_release(fs);
	return 1;
}
