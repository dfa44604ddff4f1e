#include "ckernels.h"

#if defined(__x86_64__) && defined(__ELF__)
#define CIB_MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CIB_MULTIVERSION
#endif

CIB_MULTIVERSION
void cib_minhash_update(uint32_t *restrict minima, const uint32_t *restrict a, const uint32_t *restrict b, size_t count,
                        const uint32_t *restrict xs, size_t n) {
    for (size_t k = 0; k < n; k++) {
        const uint32_t x = xs[k];
        for (size_t i = 0; i < count; i++) {
            const uint32_t v = a[i] * x + b[i];
            minima[i] = v < minima[i] ? v : minima[i];
        }
    }
}
