internal import Dispatch
internal import Foundation

/// A value computed on another thread while the caller goes on with work that does not need it: for a serial stretch
/// of a computation that has an independent part (e.g. building a vocabulary while entities are created). The value
/// is whatever `work` returns, so the result cannot depend on the timing.
public final class BackgroundJob<Value: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Written once by the worker before it signals `finished`; read once by `wait()` after it.
    private var value: Value?

    /// Starts `work` on a thread of its own, or runs it now, on the calling thread, when `inBackground` is false (one
    /// task: nothing may run beside the caller). A thread of its own rather than a shared queue: the caller may itself
    /// be one of many pool workers about to wait for the value, and a dedicated thread cannot be starved by them.
    public init(inBackground: Bool = true, _ work: @escaping @Sendable () -> Value) {
        if inBackground {
            let thread = Thread {
                self.value = work()
                self.finished.signal()
            }
            thread.start()
        } else {
            value = work()
            finished.signal()
        }
    }

    /// The value, once `work` has returned (blocks until then). Call it once.
    public func wait() -> Value {
        finished.wait()
        guard let value else { preconditionFailure("BackgroundJob.wait() called twice") }
        self.value = nil
        return value
    }
}
