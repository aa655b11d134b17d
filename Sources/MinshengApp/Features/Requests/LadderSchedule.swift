import Foundation
import NIOCore
import Vapor

/// Runs ``RequestLadder/sweep(in:)`` and drains the SMS outbox every 10 minutes while the server
/// runs (first after 1 minute).
/// With several instances each sweeps; a rung fires once (the sweep claims it with a conditional update).
struct LadderSchedule: LifecycleHandler {
    final class Box: @unchecked Sendable { var task: RepeatedTask? }
    let box = Box()

    func didBoot(_ app: Application) throws {
        let loop = app.eventLoopGroup.next()
        box.task = loop.scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: .minutes(10)) { _ in
            loop.makeFutureWithTask {
                do {
                    let outcome = try await RequestLadder.sweep(in: app.writeContext())
                    try await Outbox.drain(on: app.db, keys: app.dataKeys, clock: app.clock, logger: app.logger,
                                           using: LoggingSMSSender(logger: app.logger))
                    if outcome != .init() {
                        app.logger.notice("诉求超期检查：临期 \(outcome.reminded)，催办 \(outcome.overdue)，转督办 \(outcome.escalated)")
                    }
                } catch {
                    app.logger.error("诉求超期检查失败: \(error)")
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        box.task?.cancel()
    }
}
