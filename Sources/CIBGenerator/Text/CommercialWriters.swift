/// Ad writers by (commercial topic, language), each resolved on first use (``TextFactory/commercialWriter(topic:language:)``
/// looks up a vocabulary and a product: cheap once, not once per ad). Shops among organic Pages and spam Pages keep
/// one each for the unit they write.
struct CommercialWriters {
    private let text: TextFactory
    private let topics: [String]
    private let languages: [String]
    private var cache: [TextFactory.CommercialWriter?]

    init(_ text: TextFactory, topics: [String], languages: [String]) {
        self.text = text
        self.topics = topics
        self.languages = languages
        cache = Array(repeating: nil, count: topics.count * languages.count)
    }

    /// The writer of `topics[topic]` in `languages[language]`.
    mutating func writer(topic: Int, language: Int) -> TextFactory.CommercialWriter {
        let w = topic * languages.count + language
        if let writer = cache[w] { return writer }
        let writer = text.commercialWriter(topic: topics[topic], language: languages[language])
        cache[w] = writer
        return writer
    }
}
