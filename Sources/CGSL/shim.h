#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H
// The C face of GSL for ciblab. Only CIBStatistics imports this module (as `internal import CGSL`); no C name
// reaches a public Swift API. Everything defined here is a prefixed `static inline` helper (see ../../shared/GSL.md).
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_version.h>

/// Accessors for GSL's exported globals (Swift 6 rejects direct references to mutable C globals).
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const char *cgsl_version(void) { return gsl_version; }

/// Same as GSL's `gsl_rng_get` / `gsl_rng_uniform`, written out so that the call is inlined whether or not
/// GSL's own inline versions (HAVE_INLINE) are visible to the Swift importer.
static inline unsigned long cgsl_rng_get(const gsl_rng *r) { return (r->type->get)(r->state); }
static inline double cgsl_rng_uniform(const gsl_rng *r) { return (r->type->get_double)(r->state); }

/// Number of 32-bit words in the mt19937 state array.
#define CGSL_MT19937_WORDS 624

/// The layout of GSL's private mt19937 state (`mt_state_t` in rng/mt.c, unchanged since GSL 1.0): 624 words
/// held in `unsigned long`s, and the index of the next word to temper.
typedef struct {
    unsigned long mt[CGSL_MT19937_WORDS];
    int mti;
} cgsl_mt19937_state_layout;

/// Overwrites the whole state of an mt19937 generator with `words` (624 values) and marks it for regeneration,
/// exactly as GSL's own seeding routine leaves it (mti = 624). Returns GSL_EINVAL if `r` is not an mt19937
/// generator and GSL_EBADLEN if the state size does not match the layout above (a GSL build with another layout):
/// the caller must then not use the generator as if it had been seeded.
static inline int cgsl_mt19937_set_state(gsl_rng *r, const uint32_t *words) {
    if (r->type != gsl_rng_mt19937) { return GSL_EINVAL; }
    if (gsl_rng_size(r) != sizeof(cgsl_mt19937_state_layout)) { return GSL_EBADLEN; }
    cgsl_mt19937_state_layout *s = (cgsl_mt19937_state_layout *)gsl_rng_state(r);
    for (int i = 0; i < CGSL_MT19937_WORDS; i++) { s->mt[i] = words[i]; }
    s->mti = CGSL_MT19937_WORDS;
    return GSL_SUCCESS;
}
#endif
