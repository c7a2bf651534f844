/* kube-scheduler: placeholder until the daemon's flag table lands. */
#include "libkcommon/flags.h"

static struct kc_flag_section sections[] = {
	{ "Logs", kc_common_flags },
	{ NULL },
};

int
main(int argc, char **argv)
{
	struct kc_flagset fs = { .cmd = "kube-scheduler", .sections = sections };

	kc_flags_parse_or_exit(&fs, argc, argv);
	return 1;
}
