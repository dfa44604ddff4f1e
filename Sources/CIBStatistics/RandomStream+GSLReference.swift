internal import CGSL

/// GSL's own functions for the draws ``RandomStream`` restates inline (`cgsl_taus2_*` in the CGSL shim), for tests
/// that check the two agree output for output. Not for use elsewhere: they cost an indirect call per draw.
extension RandomStream {
    func gslGet() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(generator)) }
    func gslUniform() -> Double { gsl_rng_uniform(generator) }
    func gslUniformInt(_ n: Int) -> Int { Int(gsl_rng_uniform_int(generator, UInt(n))) }
    func gslBernoulli(_ p: Double) -> Bool { gsl_ran_bernoulli(generator, p) == 1 }
}

extension DiscreteSampler.Handle {
    func gslSample(_ rng: RandomStream) -> Int { gsl_ran_discrete(rng.generator, table.assumingMemoryBound(to: gsl_ran_discrete_t.self)) }
}
