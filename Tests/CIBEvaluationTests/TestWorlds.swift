import CIBModel
import CIBStatistics
import CIBTruth

/// Small hand-built worlds for the evaluation tests.
enum TestWorlds {
    static let day: Timestamp = 86_400

    /// A world of `count` entities: kinds cycle account, account, page, group; platforms alternate; every fourth
    /// entity from `positiveStart` on is a campaign asset (campaign 0, cluster `i % 3`), every 7th other entity is
    /// commercial spam; every entity posts once on day `i % 5`, campaign events carry tactic 6.3.
    static func world(count: Int, positiveEvery: Int = 4) -> LabelledWorld {
        var data = ObservableDataset()
        data.platforms = [PlatformInfo(name: "facebook", kind: .social), PlatformInfo(name: "x", kind: .microblog)]
        data.countries = ["US"]
        data.languages = ["en"]
        data.start = 0
        data.end = 5 * day
        var truth = GroundTruth()
        truth.campaignNames = ["spamouflage", "other"]
        let kinds: [EntityKind] = [.account, .account, .page, .group]
        var posters = [(time: Timestamp, actor: Int32)]()
        for i in 0 ..< count {
            let id = data.entities.append(
                platform: UInt16(i % 2), kind: kinds[i % 4], platformLocalID: UInt64(i), createdAt: 0, country: 0,
                name: "e\(i)")
            if i % positiveEvery == 1 {
                truth.appendEntity(.campaign, campaign: 0, cluster: Int32(i % 3), operator: Int32(i % 3))
            } else if i % 7 == 3 {
                truth.appendEntity(.commercialSpam)
            } else {
                truth.appendEntity(.organic)
            }
            posters.append((Timestamp(i % 5) * day + Timestamp(i), id))
        }
        posters.sort { $0.time < $1.time }
        for (time, actor) in posters {
            data.events.append(time: time, actor: actor, action: .post)
            let campaign = truth.entityClass[Int(actor)] == .campaign
            truth.appendEvent(campaign: campaign ? 0 : -1, tactics: campaign ? TacticSet(.sprayingContent) : [])
        }
        return LabelledWorld(observable: data, truth: truth)
    }

    /// Scores that rank positives of `labels` by `quality`: `perfect` puts every positive above every negative,
    /// `reversed` below, `constant` ties everything, `random` draws uniform scores from the stream.
    enum Quality { case perfect, reversed, constant, random }

    static func scores(
        _ labels: [Bool], quality: Quality, flagTop fraction: Double = 0.3, seed: UInt64 = 1, name: String = "test"
    ) -> EntityScores {
        let rng = RandomStream(seed: seed, stream: 99)
        let score: [Double] = labels.map { label in
            switch quality {
            case .perfect: (label ? 1.0 : 0.0) + 0.5 * rng.uniform()
            case .reversed: (label ? 0.0 : 1.0) + 0.5 * rng.uniform()
            case .constant: 0.5
            case .random: rng.uniform()
            }
        }
        let cut = score.sorted(by: >)[min(score.count - 1, Int(Double(score.count) * fraction))]
        return EntityScores(detector: name, score: score, flag: score.map { $0 > cut })
    }
}
