import Foundation
import MinshengCore
import Testing
import Vapor
@testable import MinshengApp

/// What Tracking, Supervision and Directory actions throw (Core rejections, ``AccountLocked``,
/// ``InternalFailure``) answers with the status, API code and Chinese message these actions gave
/// when they threw `APIError` themselves: one row per mapping, the expected text as it was.
@Suite struct RejectionMappingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var error: any Error & Sendable
        var status: UInt
        var code: String
        var message: String
        var fields: [String: String] = [:]
        var retryAfter: Int? = nil
        var testDescription: String { "\(error) → \(status) \(code)" }
    }

    static let invalid = "提交的内容有误，请检查标出的字段。"

    static let cases: [Case] = [
        // not found
        Case(error: Rejection.notFound(.user), status: 404, code: "not_found", message: "用户不存在。"),
        Case(error: Rejection.notFound(.unit), status: 404, code: "not_found", message: "单位不存在。"),
        Case(error: Rejection.notFound(.report), status: 404, code: "not_found", message: "月度进展不存在。"),
        Case(error: Rejection.notFound(.reportMonth), status: 404, code: "not_found", message: "该月进展不存在。"),
        Case(error: Rejection.notFound(.contribution), status: 404, code: "not_found", message: "该单位该月的报送不存在。"),
        // Directory: fields
        Case(error: Rejection.invalid([FieldProblem("name", .required)]), status: 422, code: "invalid", message: invalid,
             fields: ["name": "必填"]),
        Case(error: Rejection.invalid([FieldProblem("displayName", .personNameRequired(max: 50))]), status: 422, code: "invalid",
             message: invalid, fields: ["displayName": "请填写姓名（不超过50字）"]),
        Case(error: Rejection.invalid([FieldProblem("displayName", .personNameTooLong(max: 50))]), status: 422, code: "invalid",
             message: invalid, fields: ["displayName": "姓名不超过50字"]),
        Case(error: Rejection.invalid([FieldProblem("unit", .unitRequiredForRole)]), status: 422, code: "invalid", message: invalid,
             fields: ["unit": "单位联络员和单位负责人必须指定所属单位"]),
        Case(error: Rejection.invalid([FieldProblem("role", .ownAdminRole)]), status: 422, code: "invalid", message: invalid,
             fields: ["role": "不能取消自己的系统管理员角色"]),
        Case(error: Rejection.invalid([FieldProblem("password", .password([.tooShort(minimum: 10), .common]))]), status: 422,
             code: "invalid", message: invalid, fields: ["password": "密码至少10位。密码过于常见，容易被猜中，请换一个。"]),
        Case(error: Rejection.invalid([FieldProblem("currentPassword", .currentPasswordWrong)]), status: 422, code: "invalid",
             message: invalid, fields: ["currentPassword": "当前密码不正确。"]),
        Case(error: Rejection.invalid([FieldProblem("newPassword", .samePassword)]), status: 422, code: "invalid", message: invalid,
             fields: ["newPassword": "新密码不能与当前密码相同。"]),
        Case(error: Rejection.invalid([FieldProblem("code", .secondFactorNotStarted)]), status: 422, code: "invalid", message: invalid,
             fields: ["code": "请先开始绑定验证器应用。"]),
        Case(error: Rejection.invalid([FieldProblem("code", .secondFactorCodeWrong)]), status: 422, code: "invalid", message: invalid,
             fields: ["code": "验证码不正确或已使用，请输入验证器应用上的最新6位数字。"]),
        Case(error: Rejection.invalid([FieldProblem("from", .sameUnit)]), status: 422, code: "invalid", message: invalid,
             fields: ["from": "不能与目标单位相同"]),
        Case(error: Rejection.invalid([FieldProblem("alias", .aliasRequired(max: 100))]), status: 422, code: "invalid",
             message: invalid, fields: ["alias": "请填写别名（不超过100字）。"]),
        // Directory: states
        Case(error: Rejection.conflict(.disablingSelf), status: 409, code: "self", message: "不能停用自己的账号"),
        Case(error: Rejection.conflict(.userNameTaken("wang")), status: 409, code: "name_taken", message: "用户名 wang 已存在"),
        Case(error: Rejection.conflict(.secondFactorAlreadyOn), status: 409, code: "totp_enabled", message: "双因素认证已开启。"),
        Case(error: Rejection.conflict(.aliasTaken(alias: "卫健委", owner: "市卫生健康委")), status: 409, code: "alias_taken",
             message: "“卫健委”已是“市卫生健康委”的名称或别名；如为同一单位，请使用下方的合并单位。"),
        Case(error: AccountLocked(seconds: 120), status: 429, code: "locked", message: "登录失败次数过多，已暂时锁定，请在2分钟后再试。",
             retryAfter: 120),
        Case(error: AccountLocked(seconds: 30), status: 429, code: "locked", message: "登录失败次数过多，已暂时锁定，请在30秒后再试。",
             retryAfter: 30),
        // Overview: the bulletin's issue fields
        Case(error: Rejection.invalid([FieldProblem("number", .bulletinNumber), FieldProblem("issuer", .bulletinIssuer(max: 100)),
                                       FieldProblem("date", .bulletinDate), FieldProblem("problems", .bulletinProblemsTooLong(max: 2000)),
                                       FieldProblem("requirements", .bulletinRequirementsTooLong(max: 2000))]),
             status: 422, code: "invalid", message: invalid,
             fields: ["number": "期号应为正整数，如 6。", "issuer": "请填写印发单位（不超过100字）。",
                      "date": "印发日期格式应为 年-月-日，如 2026-07-03。", "problems": "主要问题不超过2000字。",
                      "requirements": "下步工作要求不超过2000字。"]),
        // impossible states: 500 with the code they had
        Case(error: InternalFailure.sealFailed, status: 500, code: "seal", message: "无法保存密钥"),
        Case(error: InternalFailure.secretUnreadable, status: 500, code: "totp_secret", message: "双因素密钥无法读取"),
        Case(error: InternalFailure.storedDayUnreadable, status: 500, code: "internal", message: "已存报送的日期无法读取"),
    ]

    @Test(arguments: cases)
    func mapsToTheSameAnswerAsBefore(_ c: Case) {
        let api = ErrorMapping.apiError(for: c.error)
        #expect(api.status.code == c.status)
        #expect(api.code == c.code)
        #expect(api.message == c.message)
        #expect(api.fields == c.fields)
        #expect(api.retryAfter == c.retryAfter)
    }

    /// The bulletin's check names every bad field at once, as a Core rejection.
    @Test func theBulletinCheckRefusesEveryBadFieldAtOnce() throws {
        let fields = BulletinPage.IssueFields(number: "0", issuer: " ", date: "2026-13-01",
                                              problems: String(repeating: "问", count: BulletinPage.IssueFields.textLimit + 1),
                                              requirements: "")
        guard case .failure(.invalid(let problems)) = BulletinActions.check(fields) else {
            Issue.record("expected the fields to be refused")
            return
        }
        #expect(problems.map(\.field) == ["number", "issuer", "date", "problems"])
        #expect(ErrorMapping.apiError(for: Rejection.invalid(problems)).fields["problems"]
            == "主要问题不超过\(BulletinPage.IssueFields.textLimit)字。")
    }
}
