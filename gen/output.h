/* Outputs appear whole or not at all: each is written to a temporary file
 * beside its final path and renamed into place only after every output of
 * the run succeeded. On any failure (or exit) the temporaries are removed. */
#ifndef GEN_OUTPUT_H
#define GEN_OUTPUT_H

#include <stdio.h>

struct output {
	char *path; /* final path */
	char *tmp;  /* temporary path beside it */
	FILE *f;
};

/* Create the temporary file for path. 0, or -1 after a report. */
int output_open(struct output *o, const char *path);

/* Flush, fsync and close the temporary file (not yet renamed). 0 or -1. */
int output_close(struct output *o);

/* Rename every closed output into place. 0 or -1. */
int output_commit_all(void);

#endif
