import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// `/public/data`: the data dictionary page and the downloads, with ETags (a client that has
/// the file gets a 304).
struct OpenDataController {
    struct Page: Encodable {
        struct Entry: Encodable {
            var dataset: OpenData.Dataset
            var links: [PortalShell.Link]
            var archive: [PortalShell.Link]
        }
        var shell: PortalShell
        var sets: [Entry]
    }

    func index(req: Request) async throws -> Response {
        try await PortalController().kept(req, requests: true) { lang in
            let shell = PortalShell.make(lang, title: lang.words.openData, path: SitePath.portalData.pattern)
            let months = (0..<12).map { req.today.yearMonth.adding(months: -$0) }
            let page = Page(shell: shell, sets: OpenData.datasets.map { set in
                Page.Entry(dataset: set,
                         links: ["csv", "json", "xlsx"].map { .init(label: $0.uppercased(), href: SitePath.portalDataFile("\(set.name).\($0)"), current: false) },
                         archive: set.monthly ? months.map { .init(label: $0.description, href: SitePath.portalDataFile("\(set.name)-\($0).csv"), current: false) } : [])
            })
            return try await PortalController().render(req, "Portal/data", page)
        }
    }

    func file(req: Request) async throws -> Response {
        guard let name = req.parameters.get("file"), let (set, month, ext) = OpenData.parse(name) else { throw WebError.notFound }
        if let month, month > req.today.yearMonth || month.year < 2000 { throw WebError.notFound }
        let (data, type) = try OpenData.encode(set, rows: try await OpenData.rows(set, month: month, req: req), ext: ext)
        var hasher = Hasher()
        hasher.combine(data)
        let etag = "\"d\(String(UInt(bitPattern: hasher.finalize()), radix: 36))\""
        if req.headers.first(name: .ifNoneMatch) == etag {
            let unchanged = Response(status: .notModified)
            unchanged.headers.replaceOrAdd(name: .eTag, value: etag)
            return unchanged
        }
        let response = ext == "json" ? Response(status: .ok, body: .init(data: data)) : Response.download(data, filename: name, type: type)
        response.headers.contentType = type
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        return response
    }
}
