import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

@Suite struct ImportTests {
    struct TextUpload: Content { var filename: String; var text: String }
    struct ImportResult: Content {
        struct PlanPart: Content { var id: UUID; var title: String; var commitments: Int; var targets: Int }
        var plan: PlanPart
        var diagnostics: [Diagnostic]
    }

    static let seedsDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/seeds")
    static let goldDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/gold")

    static let sample = """
    关于印发2026年测试市民生实事项目的通知
    测政发〔2026〕9号
    2026年测试市民生实事项目
    一、城市管理
    1.新建城市公厕60座。(牵头单位:市城管局;责任单位:各区政府)
    2.改造老旧小区120个。(牵头单位:市住房城乡建设局;责任单位:市住房和城乡建设局、各区政府)
    二、养老服务
    3.新增养老床位200张以上。(牵头单位:市民政局;责任单位:市卫生健康委)
    """

    static var seedFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: seedsDirectory.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    static var hasGold: Bool { FileManager.default.fileExists(atPath: goldDirectory.path) }

    /// Every seed, imported through the API, is stored whole (the plan's counts equal the
    /// parser's and the listing's), and its task and target counts are those of the hand-checked gold
    /// within the parser's measured accuracy.
    @Test(.enabled(if: ImportTests.seedFiles.count > 0 && ImportTests.hasGold, "needs ../shared/corpus (seeds and gold)"))
    func seedsRoundTripThroughTheAPI() async throws {
        let files = Self.seedFiles
        try await withTestApp { app in
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let api = APIClient(app: app)
            var goldTasks = 0, storedTasks = 0, goldTargets = 0, storedTargets = 0
            for file in files {
                // setup
                let text = try String(contentsOf: Self.seedsDirectory.appendingPathComponent(file), encoding: .utf8)
                let parsed = PlanParser().parse(text: text, source: file)
                // MUT
                let res = try await api.send(.POST, "/api/v1/imports", token: coordinator, json: TextUpload(filename: file, text: text))
                // validate
                #expect(res.status == .created, "\(file)")
                let result = try res.decode(ImportResult.self)
                #expect(result.plan.commitments == parsed.items.count, "\(file)")
                #expect(result.plan.targets == parsed.items.map(\.targets.count).reduce(0, +), "\(file)")
                let listed = try await api.send(.GET, "/api/v1/plans/\(result.plan.id)/commitments", token: coordinator)
                let rows = try listed.decode([CommitmentStatusDTO].self)
                #expect(rows.count == result.plan.commitments)
                #expect(rows.map(\.targets.count).reduce(0, +) == result.plan.targets)
                #expect(rows.map(\.number) == parsed.items.map(\.number))

                let goldURL = Self.goldDirectory.appendingPathComponent((file as NSString).deletingPathExtension + ".json")
                // The gold is part of the corpus this test needs: unreadable gold fails, never skips.
                do {
                    let gold = try JSONDecoder().decode(GoldPlan.self, from: try Data(contentsOf: goldURL))
                    let tasks = rows.filter { $0.kind == "task" }.count
                    let goldTaskCount = gold.items.filter { $0.kind == "task" }.count
                    let targets = rows.filter { $0.kind == "task" }.map(\.targets.count).reduce(0, +)
                    let goldTargetCount = gold.items.filter { $0.kind == "task" }.map(\.targets.count).reduce(0, +)
                    print("\(file): tasks \(tasks) (gold \(goldTaskCount)), task targets \(targets) (gold \(goldTargetCount))")
                    goldTasks += goldTaskCount; storedTasks += tasks
                    goldTargets += goldTargetCount; storedTargets += targets
                }
            }
            do {
                #expect(goldTasks > 0, "the gold lists no tasks")
                // The parser's thresholds (item F1 ≥ 0.98, target F1 ≥ 0.93) bound how far the counts may drift.
                #expect(abs(storedTasks - goldTasks) <= max(1, goldTasks / 50), "tasks \(storedTasks) vs gold \(goldTasks)")
                #expect(abs(storedTargets - goldTargets) <= max(1, goldTargets * 7 / 100), "targets \(storedTargets) vs gold \(goldTargets)")
            }
        }
    }

    struct GoldPlan: Decodable {
        struct Item: Decodable {
            var kind: String
            var targets: [GoldTarget]
        }
        struct GoldTarget: Decodable {}
        var items: [Item]
    }

    @Test func importingTheSameTextTwiceReusesUnitsAndLeaders() async throws {
        try await withTestApp { app in
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let api = APIClient(app: app)
            let first = try await api.send(.POST, "/api/v1/imports", token: coordinator, json: TextUpload(filename: "a.txt", text: Self.sample))
            let unitsAfterFirst = try await UnitRecord.query(on: app.db).count()
            let leadersAfterFirst = try await LeaderRecord.query(on: app.db).count()
            let second = try await api.send(.POST, "/api/v1/imports", token: coordinator, json: TextUpload(filename: "a.txt", text: Self.sample))

            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(try await PlanRecord.query(on: app.db).count() == 2)
            #expect(try await UnitRecord.query(on: app.db).count() == unitsAfterFirst)
            #expect(try await LeaderRecord.query(on: app.db).count() == leadersAfterFirst)
            #expect(try first.decode(ImportResult.self).plan.commitments > 0)
        }
    }

    @Test func unitSpellingsMergeIntoOneUnitWithAliases() async throws {
        try await withTestApp { app in
            _ = try await TestPlan.store(app)
            let units = try await UnitRecord.query(on: app.db).with(\.$aliases).all()
            let housing = units.filter { $0.aliases.contains { $0.alias.contains("住房") } }
            #expect(housing.count == 1)
            #expect(Set(housing.first?.aliases.map(\.alias) ?? []) == ["市住房和城乡建设局", "市住房城乡建设局"])
        }
    }

    @Test func multipartUploadImportsAFile() async throws {
        try await withTestApp { app in
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let boundary = "----minsheng-test"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.txt\"\r\n")
            body.writeString("Content-Type: text/plain\r\n\r\n\(Self.sample)\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: coordinator)
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let res = try await app.testing().sendRequest(.POST, "/api/v1/imports", headers: headers, body: body)
            #expect(res.status == .created)
            let result = try res.decode(ImportResult.self)
            #expect(result.plan.title.contains("民生实事"))
            let plan = try #require(try await PlanRecord.find(result.plan.id, on: app.db))
            #expect(plan.status == "draft")
            #expect(plan.sourceName == "plan.txt")
        }
    }

    @Test func anUnreadableFileIs422() async throws {
        try await withTestApp { app in
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let boundary = "----minsheng-test"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.docx\"\r\n\r\n")
            body.writeBytes([0x50, 0x4B, 0x03, 0x04, 0, 0, 0xFF, 0xFE])
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: coordinator)
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let res = try await app.testing().sendRequest(.POST, "/api/v1/imports", headers: headers, body: body)
            #expect(res.status == .unprocessableEntity)
            #expect(res.apiError?.fields["file"] != nil)
            #expect(try await PlanRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func draftIsEditedThenPublished() async throws {
        try await withTestApp { app in
            let planID = try await TestPlan.store(app, publish: false)
            let coordinator = try await makeToken(app, "coord", .coordinator)
            let api = APIClient(app: app)
            struct Patch: Content { var version: Int; var leadUnits: [String]; var districts: [String]; var isKeyProject: Bool }
            let item = try #require(try await api.send(.GET, "/api/v1/plans/\(planID)/commitments", token: coordinator)
                .decode([CommitmentStatusDTO].self).first { $0.number == "3" })

            let patched = try await api.send(.PATCH, "/api/v1/commitments/\(item.id)", token: coordinator,
                                             json: Patch(version: item.version, leadUnits: ["市住房城乡建设局", "市民政局"], districts: ["湖滨区"], isKeyProject: true))
            let publicBefore = try await api.send(.GET, "/api/v1/plans/\(planID)")
            let published = try await api.send(.POST, "/api/v1/plans/\(planID)/publish", token: coordinator)
            let publicAfter = try await api.send(.GET, "/api/v1/plans/\(planID)")
            let again = try await api.send(.POST, "/api/v1/plans/\(planID)/publish", token: coordinator)

            #expect(patched.status == .ok)
            let detail = try patched.decode(CommitmentDetailDTO.self)
            #expect(detail.status.leadUnits == ["市住房和城乡建设局", "市民政局"])   // the alias resolves to the one unit
            #expect(detail.status.districts == ["湖滨区"])
            #expect(detail.status.isKeyProject)
            #expect(publicBefore.status == .notFound)
            #expect(published.status == .ok)
            #expect(try published.decode(PlanDTO.self).status == "published")
            #expect(publicAfter.status == .ok)
            #expect(again.status == .forbidden || again.status == .conflict)
        }
    }
}
