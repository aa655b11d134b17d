import Foundation
import Vapor

extension Response {
    /// A file to download (xlsx, csv): its type and a Content-Disposition that names it in UTF-8
    /// (RFC 6266), with an ASCII fallback for old clients.
    static func download(_ data: Data, filename: String, type: HTTPMediaType) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        let ascii = filename.unicodeScalars.allSatisfy(\.isASCII) ? filename : "minsheng-export" + (filename.hasSuffix(".csv") ? ".csv" : ".xlsx")
        headers.replaceOrAdd(name: .contentDisposition,
                             value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(WebLink.encode(filename))")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    static let xlsxType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
}
