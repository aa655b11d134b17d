import Foundation

/// A user's role (角色).
public enum Role: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 系统管理员: users, plans, everything administrative.
    case admin
    /// 统筹协调 (督查室 / 发改委): imports, edits and publishes plans, reopens reports, issues 督办.
    case coordinator
    /// 单位填报员: bound to one unit; reports for commitments that unit leads or supports.
    case clerk
    /// 市领导 (牵头领导): reads everything, writes instructions (批示).
    case leader
    /// 人大代表 / 政协委员: reads published plans and comments.
    case deputy
    /// 12345 接诉员 (hotline operator): takes requests in, routes them, reviews replies, calls back, closes.
    case hotline
    /// 单位负责人: bound to one unit; approves the unit's replies to citizens' requests before they go out.
    case unitLeader

    /// Whether users of this role belong to one unit.
    public var isBoundToUnit: Bool { self == .clerk || self == .unitLeader }
}

/// Who is acting (操作者; not `Actor`, which is Swift's): a role, or nobody signed in (public, 公众), with the unit a clerk is bound to.
///
/// Example: `Principal(role: .clerk, unit: cityManagementID)`; `Principal.public`.
public struct Principal: Sendable, Equatable, Hashable, Codable {
    /// The role; nil for the public (anonymous).
    public var role: Role?
    /// The unit a clerk is bound to, by id; nil for other roles.
    public var unit: UnitID?

    /// An actor.
    public init(role: Role?, unit: UnitID? = nil) {
        self.role = role
        self.unit = unit
    }

    /// The anonymous public (公众).
    public static let `public` = Principal(role: nil)
}

/// What an actor wants to do (操作).
public enum Action: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 查看已发布计划.
    case readPublished
    /// 查看草稿计划.
    case readDraft
    /// 导入计划.
    case importPlan
    /// 编辑计划 / 任务 / 指标.
    case editPlan
    /// 发布计划.
    case publishPlan
    /// 报送月度进展.
    case submitReport
    /// 退回重报 (reopen a locked month).
    case reopenReport
    /// 查看审计日志.
    case readAudit
    /// 用户管理.
    case manageUsers
    /// 领导批示.
    case writeInstruction
    /// 代表 / 委员意见.
    case comment
    /// 下发督办单.
    case issueNotice
    /// 回复督办单.
    case replyNotice
    /// 督办销号.
    case signOffNotice
    /// 受理诉求 (hotline intake, staff on behalf).
    case takeRequest
    /// 派单、改派、审核答复、回访、重办、办结、并单 (the hotline's steps).
    case routeRequest
    /// 签收、退单、答复、申请延期 (the lead unit's clerk).
    case handleRequest
    /// 审批答复 (the lead unit's responsible leader).
    case approveRequestReply
    /// 查看诉求.
    case readRequest
    /// 查看诉求人姓名、电话 (unmasked).
    case readRequesterIdentity
    /// 诉求分类、派单规则、时限、考核权重 (settings).
    case manageRequestSettings
    /// 查看三率考核排名.
    case readRequestScores
}
