import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Vapor
import MinshengStore

/// `POST /api/v1/imports`: a plan document (multipart `file`, or JSON `{"filename", "text"}`)
/// → a draft plan.
struct ImportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "imports", body: .collect(maxSize: "20mb"), use: create)
    }

    struct TextUpload: Content {
        var filename: String?
        var text: String
    }

    struct FileUpload: Content {
        var file: File
        var publish: Bool?
    }

    struct ImportResponse: Content {
        struct PlanPart: Content {
            var id: UUID
            var title: String
            var commitments: Int
            var targets: Int
            var status: String
        }
        var plan: PlanPart
        var diagnostics: [Diagnostic]
    }

    @Sendable func create(req: Vapor.Request) async throws -> Response {
        let user = try Access.require(req, .importPlan)
        let filename: String
        let text: String
        if req.headers.contentType?.type == "multipart" {
            let upload = try req.content.decode(FileUpload.self)
            filename = upload.file.filename
            do {
                text = try DocumentReader.read(data: Data(buffer: upload.file.data), filename: filename)
            } catch {
                throw APIError.invalid(["file": error.chineseMessage], message: "文件无法读取:\(error.chineseMessage)")
            }
        } else {
            let upload = try req.content.decode(TextUpload.self)
            guard !upload.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError.invalid(["text": "文本为空"])
            }
            filename = upload.filename ?? "粘贴文本.txt"
            text = upload.text
        }
        let outcome = try await PlanImporter().importText(text, filename: filename, in: req.writeContext(actor: .init(user)))
        let body = ImportResponse(plan: .init(id: outcome.planID, title: outcome.title, commitments: outcome.commitments,
                                              targets: outcome.targets, status: PlanStatus.draft.rawValue),
                                  diagnostics: outcome.diagnostics)
        let response = Response(status: .created)
        try response.content.encode(body)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/plans/\(outcome.planID)")
        return response
    }
}
