/* SPDX-License-Identifier: MIT */
/* Outputs appear whole or not at all: each is written to a temporary file
 * beside its final path and renamed into place only after every output of
 * the run succeeded. On any failure, exit or fatal signal the temporaries are
 * removed. */
#ifndef GEN_OUTPUT_H
#define GEN_OUTPUT_H

#include <stdio.h>

struct output {
	char *path; /* final path */
	char *tmp;  /* temporary path beside it */
	FILE *f;
	char *buf;  /* f's buffer */
};

/* Create the temporary file for path. The output, or NULL after a report. */
struct output *output_open(const char *path);

/* Flush and close the temporary file (not yet renamed). 0 or -1. */
int output_close(struct output *o);

/* Check every destination can take its file, then rename them all into
 * place. 0 or -1 (a report; nothing renamed when a check fails). */
int output_commit_all(void);

#endif
