internal import CIBModel
internal import CIBScenario
internal import CIBStatistics
internal import CIBTruth

/// Hard negative: newsrooms whose social teams cross-post each headline, with its link, to all their platforms
/// within minutes, in office hours of their home region — including UTC+8 outlets (Taiwan shares Beijing's time
/// zone, so office hours there look like a Beijing shift). Wire and syndicated copy (AP, Reuters, CNA, Kyodo) is
/// carried by several outlets of the same language within minutes, lightly edited: the same text on many platforms
/// from accounts of different brands, as a spraying operation's would be. Each outlet carries one brand on every
/// platform and works from its office's addresses and shared work devices. Their links are what organic bursts share.
/// A share of the posts (`statusMessageShare`) carry the desk's own status message — a teaser, a question to
/// readers, a quote, a call to action — before or instead of the headline, which stays on the link card
/// (``TextFactory/newsStatus(_:topic:headline:alternate:_:into:)``).
extension WorldPlan {
    mutating func createNewsrooms(_ rng: RandomStream) {
        let s = scenario.hardNegatives.newsrooms
        guard s.enabled, s.count > 0 else { return }
        let (regionPick, regionOf) = regionPick(s.regions)
        let byPopularity = scenario.platforms.indices.sorted { (-scenario.platforms[$0].size, $0) < (-scenario.platforms[$1].size, $1) }
        // The outlets' languages come from a stream of their own, so that who the outlets are — regions, brands,
        // alignment, platforms — does not depend on it.
        let languageStream = rng.child(0x1A46)
        // So do the status messages: at any share the world is the same but for the outlets' posts.
        let statusStream = rng.child(0x57A7)
        for _ in 0 ..< s.count {
            let r = regionOf[regionPick.sample(rng)]
            let brand = names.outletName(culture: regionCulture[r], rng)
            let handle = String(brand.lowercased().filter { $0.isLetter || $0.isNumber })
            let created = ages.beforePeriod(rng)
            // Many outlets could not get the same handle everywhere (or a social desk chose per platform):
            // `taipeiherald` here, `taipeiheraldnews` or `taipeiherald_tw` there.
            let consistent = rng.bernoulli(s.consistentBrandShare)
            // State-aligned media (CGTN, China Daily, Global Times) are run from mainland China, and platforms say so
            // (Meta labels them China state-controlled media and shows where a Page's managers are).
            let stateAligned = rng.bernoulli(s.stateAlignedShare)
            let home = stateAligned ? country("CN") : regionCountry[r]
            // An outlet publishes in one of its region's languages, as many outlets as the region has readers of it:
            // Taiwan's and Hong Kong's mostly in Chinese (the Taipei Times and the South China Morning Post in
            // English), Japan's in Japanese.
            let language = regionLanguageIndex[r][regionLanguages[r].sample(languageStream)]
            let ids = byPopularity.prefix(s.platformsPerOutlet).map { p in
                let page = scenario.platforms[p].hosts(.page)
                var name = page ? brand : handle
                if !consistent && rng.bernoulli(0.7) {
                    name = handle + Self.handleSuffixes[rng.uniformInt(Self.handleSuffixes.count)]
                }
                return addEntity(platform: p, kind: page ? .page : .account, createdAt: created, country: home,
                                 name: name, region: r, cls: .newsroom)
            }
            outlets.append(Outlet(region: r, entities: ids, language: language, stateAligned: stateAligned))
        }
        for k in outlets.indices {
            let key = Mix.hash(seed, 0x0FF1CE, UInt64(k))
            let octet = Mix.countryOctet(countries[Int(regionCountry[outlets[k].region])])
            outlets[k].addresses = addressTables.pool((0 ..< 2).map { Mix.address(countryOctet: octet, key: Mix.hash(key, UInt64($0))) })
            // Each account is run from its own device (the desk member who posts there): the office's addresses
            // are shared, as any office's are, by people on their own devices.
            outlets[k].devices = outlets[k].entities.indices.map { j in
                addressTables.pool([UInt32(truncatingIfNeeded: Mix.hash(key, UInt64(j), 0xDE71))])
            }
        }
        let office = s.officeEnd.seconds - s.officeStart.seconds
        let window = Int(max(1, s.crossPostWindow.seconds))
        var url: [UInt8] = []
        // The links' fixed parts, made once: `https://news<k>.example/` per outlet and `<date>/` per day.
        let urlPrefix = outlets.indices.map { Array("https://news\($0).example/".utf8) }
        let urlDay = (0 ..< period.days).map { Array("\(period.date($0))/".utf8) }
        var scratch: [UInt8] = []
        var headline: [UInt8] = []
        /// The outlet's post of a story whose headline is `textID`: now and then a status message of its own.
        func post(_ textID: Int32, outlet: Int, topic: Int, alternate: Bool) -> Int32 {
            let lexicon = vocab.lexicons[Int(outlets[outlet].language)]
            guard s.statusMessageShare > 0, TextFactory.hasStatusMessages(lexicon), statusStream.bernoulli(s.statusMessageShare) else { return textID }
            headline.removeAll(keepingCapacity: true)
            sharedTexts.withUTF8(Int(textID)) { headline.append(contentsOf: $0) }
            return headline.withUnsafeBufferPointer {
                TextFactory.newsStatus(lexicon, topic: topic, headline: $0, alternate: alternate, statusStream, into: &sharedTexts)
            } ?? textID
        }
        for (k, outlet) in outlets.enumerated() {
            let region = scenario.regions[outlet.region]
            let lang = Int(outlet.language)
            // Wire copy is carried by the outlets of the same language.
            let peers = outlets.indices.filter { $0 != k && outlets[$0].language == outlet.language }
            for d in 0 ..< period.days {
                let date = period.date(d)
                var mean = s.headlinesPerDay * (date.weekday >= 5 ? s.weekendFactor : 1)
                if region.isHoliday(date) { mean *= 0.7 }
                let officeOpens = date.utcMidnight - region.offset(on: date).seconds + s.officeStart.seconds
                for j in 0 ..< rng.poisson(mean: mean) {
                    let t = officeOpens + Timestamp(rng.uniformInt(Int(office)))
                    guard t >= start && t < end else { continue }
                    let topic = topics!.headline(language: lang, narrativeShare: s.narrativeShare, rng)
                    let voice: TextVoice = outlet.stateAligned && TextTopics.isCampaignNarrative(topic) ? .stateAligned : .independent
                    var alternate = false
                    let textID = TextFactory.newsHeadline(vocab.lexicons[lang], topic: topic, voice: voice, alternate: &alternate, rng, into: &sharedTexts)
                    newsFeed.append(NewsItem(time: t, outlet: Int32(k), text: textID, url: outletURL(urlPrefix[k], urlDay[d], j, &url),
                                             post: post(textID, outlet: k, topic: topic, alternate: alternate), topic: UInt8(topic)))
                    // Wire copy: other outlets of the language carry it within the window, now and then with a
                    // slip of their own.
                    guard !peers.isEmpty, rng.bernoulli(s.syndicatedShare) else { continue }
                    for _ in 0 ..< min(peers.count, rng.poisson(mean: s.syndicationPickup)) {
                        let other = peers[rng.uniformInt(peers.count)]
                        var copy = textID
                        if rng.bernoulli(0.3) {
                            scratch.removeAll(keepingCapacity: true)
                            sharedTexts.withUTF8(Int(textID)) { scratch.append(contentsOf: $0) }
                            TextFactory.typo(&scratch, rng)
                            copy = sharedTexts.append(utf8: scratch)
                        }
                        let t2 = t + Timestamp(rng.uniformInt(window))
                        guard t2 < end else { continue }
                        newsFeed.append(NewsItem(time: t2, outlet: Int32(other), text: copy, url: outletURL(urlPrefix[other], urlDay[d], 1000 + j, &url),
                                                 post: post(copy, outlet: other, topic: topic, alternate: alternate), topic: UInt8(topic)))
                    }
                }
            }
        }
        // By (time, outlet, headline): a stable sort by time of the feed as it was made.
        StableOrder.sortByTime(&newsFeed) { $0.time }
    }

    static let handleSuffixes = ["news", "_news", "official", "_official", "daily", "online", "_tw", "hq", "media", "live"]

    /// The link of an outlet's `j`-th story of a day, `https://news<k>.example/<date>/<j>`, from the outlet's and
    /// the day's parts (an interpolated String per story was a third of the newsrooms' plan).
    private mutating func outletURL(_ outlet: [UInt8], _ day: [UInt8], _ j: Int, _ url: inout [UInt8]) -> Int32 {
        precondition(j >= 0, "Newsrooms: a negative story number")
        url.removeAll(keepingCapacity: true)
        url += outlet
        url += day
        let digitsStart = url.count
        var rest = j
        repeat {
            url.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        url[digitsStart...].reverse()
        return sharedURLs.append(utf8: url)
    }
}

enum Newsrooms {
    /// Every headline on every platform of its outlet within the cross-post window, and the social desk's sessions.
    static func generate(_ plan: WorldPlan, _ rng: RandomStream) -> EventBuffer {
        let s = plan.scenario.hardNegatives.newsrooms
        var out = EventBuffer(reserve: plan.newsFeed.count * s.platformsPerOutlet)
        let window = Int(max(1, s.crossPostWindow.seconds))
        var times = plan.outlets.map { $0.entities.map { _ in [Timestamp]() } }
        for item in plan.newsFeed {
            let k = Int(item.outlet)
            let outlet = plan.outlets[k]
            let lang = outlet.language
            for (j, e) in outlet.entities.enumerated() {
                let t = item.time + Timestamp(rng.uniformInt(window))
                out.posts.append(out.append(time: t, actor: e, action: .post, text: item.post, url: item.url, language: lang, topic: item.topic))
                times[k][j].append(t)
            }
        }
        let sessions = plan.sessions!
        for (k, outlet) in plan.outlets.enumerated() {
            for (j, e) in outlet.entities.enumerated() {
                // An outlet's account follows reporters, other outlets and public figures, like a person would.
                if plan.entities.kind[Int(e)] == .account { plan.followLikeAPerson(e, region: outlet.region, rng, into: &out.follows) }
                let office = OfficeSource(household: plan.household(e, country: plan.regionCountry[outlet.region]),
                                          addresses: outlet.addresses, devices: outlet.devices[j], officeShare: 0.8)
                sessions.emit(e, times: &times[k][j], createdAt: plan.entities.createdAt[Int(e)], source: office, rng, into: &out.logins)
            }
        }
        return out
    }
}
