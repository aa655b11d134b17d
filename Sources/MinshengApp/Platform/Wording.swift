import Foundation
import MinshengCore
import PolicyParser
import MinshengStore

/// The wording catalogue (zh-Hans): every sentence Core's values and rejections turn into, in one
/// place, shared by the API, the pages and the commands, so one fact reads the same everywhere
/// and a zh-Hant or English catalogue can follow. Punctuation is full-width, as in the documents.
enum Wording {
    // MARK: what any request can be told, in the API's `message` and on pages alike

    static let signInRequired = "请先登录。"
    static let unauthorized = "需要登录或有效的访问令牌。"
    static let forbidden = "当前角色无权访问此页面或执行此操作。"
    static let invalid = "提交的内容有误，请检查标出的字段。"

    static func notFound(_ what: String) -> String { "\(what)不存在。" }

    /// The name of a thing an action looks up, as `notFound` says it.
    static func thing(_ thing: Rejection.Thing) -> String {
        switch thing {
        case .plan: return "计划"
        case .commitment: return "任务"
        case .target: return "指标"
        case .unit: return "单位"
        case .user: return "用户"
        case .notice: return "督办通知"
        case .report: return "月度进展"
        case .draft: return "草稿"
        case .request: return "诉求"
        case .category: return "诉求类别"
        case .token: return "访问令牌"
        case .session: return "会话"
        case .bulletin: return "通报"
        // Plans
        case .record: return "记录"
        // Tracking
        case .reportMonth: return "该月进展"
        case .contribution: return "该单位该月的报送"
        }
    }

    /// Why one field is refused.
    static func field(_ reason: FieldProblem.Reason) -> String {
        switch reason {
        case .required: return "必填"
        // Plans
        case .titleBlank: return "标题不能为空"
        case .metricBlank: return "指标名称不能为空"
        case .outOfRange(let range): return "应在 \(range.lowerBound) 到 \(range.upperBound) 之间"
        case .redBelowYellow: return "红色预警区间不能小于黄色预警区间"
        case .schedule(let problems): return problems.map(schedule).joined(separator: ";")
        case .notDate: return "日期格式应为 YYYY-MM-DD"
        case .notStatedDeadline: return "应为 YYYY、YYYY-MM 或 YYYY-MM-DD"
        case .notItemKind: return "应为 task 或 goal"
        case .notTargetOp: return "应为 >=、<=、=、~、+ 或 -"
        case .notNumber: return "应为数字"
        case .negative: return "不能为负数"
        case .newRowTitleBlank: return "请填写新任务的标题"
        case .noRowsChosen: return "请先勾选要删除的任务"
        case .mergeNeedsTwo: return "合并至少要勾选两项任务"
        // Directory
        case .personNameRequired(let max): return "请填写姓名（不超过\(max)字）"
        case .personNameTooLong(let max): return "姓名不超过\(max)字"
        case .unitRequiredForRole: return "单位联络员和单位负责人必须指定所属单位"
        case .ownAdminRole: return "不能取消自己的系统管理员角色"
        case .password(let refusals): return password(refusals)
        case .currentPasswordWrong: return currentPasswordWrong
        case .samePassword: return "新密码不能与当前密码相同。"
        case .secondFactorNotStarted: return totpNotStarted
        case .secondFactorCodeWrong: return totpWrong
        case .sameUnit: return "不能与目标单位相同"
        case .aliasRequired(let max): return "请填写别名（不超过\(max)字）。"
        // Overview
        case .bulletinNumber: return "期号应为正整数，如 6。"
        case .bulletinIssuer(let max): return "请填写印发单位（不超过\(max)字）。"
        case .bulletinDate: return "印发日期格式应为 年-月-日，如 2026-07-03。"
        case .bulletinProblemsTooLong(let max): return "主要问题不超过\(max)字。"
        case .bulletinRequirementsTooLong(let max): return "下步工作要求不超过\(max)字。"
        }
    }

    /// Why the thing's state forbids the action.
    static func conflict(_ state: StateConflict) -> String {
        switch state {
        // Plans
        case .draftOnly(.publish): return "只有草稿状态的计划可以发布"
        case .draftOnly(.deletePlan): return "只有草稿可以删除；已发布的计划有跟踪记录，不能删除"
        case .draftOnly(.deleteTarget): return "计划已发布，指标不能删除，只能修改"
        case .draftOnly(.editRows): return "计划已发布，不能再增加、删除或合并任务"
        case .pastYear(let year, let today): return pastYearPublish(year: year, today: today)
        // Directory
        case .disablingSelf: return "不能停用自己的账号"
        case .userNameTaken(let name): return "用户名 \(name) 已存在"
        case .secondFactorAlreadyOn: return totpAlreadyOn
        case .aliasTaken(let alias, let owner): return "“\(alias)”已是“\(owner)”的名称或别名；如为同一单位，请使用下方的合并单位。"
        }
    }

    /// What a broken platform or stored datum says (500): never the caller's mistake.
    static func internalFailure(_ failure: InternalFailure) -> String {
        switch failure {
        case .sealFailed: return "无法保存密钥"
        case .secretUnreadable: return "双因素密钥无法读取"
        case .storedDayUnreadable: return "已存报送的日期无法读取"
        }
    }

    /// An import whose rows lack titles (``PlanDraftRefusal``), and each such row.
    static let untitledRows = "导入的内容中有任务没有标题，未保存；请补上标题后重新导入。"
    static func untitledRow(_ row: PlanDraftRefusal.Row) -> String {
        "第\(row.line)行的\(row.number.isEmpty ? "任务" : "第\(row.number)项")没有标题"
    }

    static func staleVersion(current: Int) -> String { "数据已被他人修改（当前版本 \(current)），请刷新后重试。" }

    // MARK: sign-in and passwords

    /// Why a new password is refused (``PasswordPolicy``), every rule it breaks in one sentence each.
    static func password(_ refusals: [PasswordPolicy.Refusal]) -> String {
        refusals.map { refusal in
            switch refusal {
            case .tooShort(let minimum): "密码至少\(minimum)位。"
            case .containsUserName: "密码不能包含用户名。"
            case .common: "密码过于常见，容易被猜中，请换一个。"
            }
        }.joined()
    }

    /// A sign-in refused while the account or the address is locked (``SignInLockout``).
    static func signInLocked(seconds: Int) -> String {
        let wait = seconds >= 60 ? "\((seconds + 59) / 60)分钟" : "\(seconds)秒"
        return "登录失败次数过多，已暂时锁定，请在\(wait)后再试。"
    }

    static let signInFailed = "用户名或密码错误。"
    static let currentPasswordWrong = "当前密码不正确。"
    // The second factor (``SecondFactor``) and the account's own security pages.
    static let totpWrong = "验证码不正确或已使用，请输入验证器应用上的最新6位数字。"
    static let totpNotStarted = "请先开始绑定验证器应用。"
    static let totpAlreadyOn = "双因素认证已开启。"
    static let totpRequired = "管理员和协调员必须开启双因素认证（验证器应用）后才能继续使用系统。"
    static let totpExpired = "验证已超时，请重新输入用户名和密码。"
    static let mustChangePassword = "您的密码由管理员设置，请先修改为只有您知道的新密码。"

    /// A target's relation (`TargetOp`) as a phrase before its value: 不少于 120 公里.
    static func op(_ op: TargetOp) -> String {
        switch op {
        case .atLeast: "不少于"
        case .atMost: "不超过"
        case .equal: "达到"
        case .about: "约"
        case .increaseBy: "增加"
        case .decreaseBy: "减少"
        }
    }

    /// Why a commitment has its colour, as one sentence.
    static func reasons(_ reasons: [HealthReason]) -> String {
        reasons.map { r in
            switch r {
            case .complete: "已完成"
            case .signedOff: "已销号"
            case .onSchedule: "按序时推进"
            case .behindSchedule(let p): "落后序时\(WebFormat.decimal(p, places: 1))个百分点"
            case .farBehindSchedule(let p): "落后序时\(WebFormat.decimal(p, places: 1))个百分点"
            case .pastDeadline(let d): "已过完成时限（\(WebFormat.date(d))）"
            case .reportsMissing(let n): "缺报\(n)个月"
            }
        }.joined(separator: "；")
    }

    /// A schedule (序时进度节点) the rules refuse.
    static func schedule(_ problem: ScheduleProblem) -> String {
        switch problem {
        case .noNodes: return "至少需要一个进度节点"
        case .percentOutOfRange(let d): return "\(d) 的进度应在 0 到 100 之间"
        case .nodeNotAfterStart(let d): return "\(d) 早于计划开始日期"
        case .duplicateDate(let d): return "\(d) 重复"
        case .decreasing(let d): return "\(d) 的进度低于前一节点"
        case .lastNodeNotComplete: return "最后一个节点应为 100%"
        }
    }

    /// A supervision notice (督办单) step the rules refuse.
    static func supervision(_ error: SupervisionError) -> String {
        switch error {
        case .notAllowed(let from, let event):
            let verb = ["reply": "反馈", "signOff": "销号", "giveBack": "退回"][event.rawValue] ?? event.rawValue
            return "督办单当前状态为“\(from.label)”，不能\(verb)。"
        case .blank(let field):
            return ["requiredAction": "请填写督办事项。", "reply": "请填写反馈内容。", "note": "请填写退回理由。",
                    "deadline": "请填写办理期限（年-月-日）。"][field] ?? "此项不能为空。"
        case .deadlineBeforeIssue: return "办理期限不能早于交办日期。"
        case .noAddressee: return "请选择承办单位。"
        }
    }

    /// A monthly report the rules refuse.
    static func report(_ rejection: ReportRejection) -> String {
        switch rejection {
        case .notResponsible: return "本单位不是该任务的牵头或责任单位"
        case .periodInFuture: return "不能报送尚未开始的月份"
        case .periodBeforeStart: return "该月份早于计划的首个报送月份"
        case .periodLocked: return "该月进展已报送并锁定，如需修改请联系督查室退回重报"
        case .percentOutOfRange: return "完成进度应在 0 到 100 之间"
        case .percentRequired: return "指标无法推算进度，请填写完成进度"
        case .unknownTarget: return "包含不属于本任务的指标"
        case .duplicateTarget: return "同一指标填写了两次"
        case .actualNotFinite: return "指标完成值应为数字"
        case .investmentInvalid: return "完成投资不能为负数"
        case .notLocked: return "该月进展未锁定，无需退回"
        case .narrativeRequired: return "请填写工作进展"
        case .reopenReasonRequired: return "请填写退回理由，告诉填报单位需要修改什么"
        case .textTooLong(let field, let limit):
            return "\(reportField(field))过长（不超过\(WebFormat.decimal(Double(limit), places: 0))字），较长的材料请作为附件上传"
        case .progressLower(let previous, let period):
            return "累计完成进度低于\(WebFormat.month(period))已报的\(WebFormat.percent(previous))；如确属回落，请填写回落原因后再提交"
        }
    }

    /// A report field's name as the form labels it.
    static func reportField(_ field: ReportField) -> String {
        switch field {
        case .period: "报送月份"
        case .percent: "完成进度"
        case .targets: "指标完成值"
        case .investment: "完成投资"
        case .narrative: "工作进展"
        case .problems: "存在问题"
        case .nextSteps: "下步打算"
        case .decreaseReason: "回落原因"
        case .reopenReason: "退回理由"
        }
    }

    /// A month that has no bulletin (通报).
    static func bulletin(_ problem: BulletinMonthProblem) -> String {
        switch problem {
        case .future: "不能生成尚未开始月份的通报。"
        case .beforeTracking(let year): "该月份没有通报：民生实事项目自\(year)年起跟踪，请选择\(year)年1月以后的月份。"
        }
    }

    /// Publishing a plan whose years are all past (``PublishCheck/pastYear(periodFrom:periodTo:today:)``).
    static func pastYearPublish(year: Int, today: CivilDate) -> String {
        "这是\(year)年的计划，现在已是\(today.year)年：发布后所有任务按已结束的序时进度判断，会同时亮红灯。"
            + "如确需补录往年计划，请勾选“确认发布往年计划”后再发布。"
    }

    /// A 批量督办 that issued nothing.
    static func bulkNotice(_ refusal: SupervisionBulkRefusal) -> String {
        switch refusal {
        case .nothingToIssue: "没有下发督办单：未勾选任务，或本计划当前没有严重滞后的任务。"
        case .noLeadUnit(let number): "没有下发督办单：\(number)没有牵头单位，请先在任务中补充牵头单位。"
        case .deadline(let reason): "没有下发督办单：\(reason)"
        }
    }

    /// A notice write Core refused, by field (`body` for a refused step).
    static func notice(_ refusal: SupervisionRefusal) -> [String: String] {
        var fields = refusal.fields.mapValues(supervision)
        if refusal.malformedDeadline { fields["deadline"] = "日期格式应为 年-月-日，如 2026-07-15。" }
        if refusal.unknownCommitment { fields["commitment"] = "所选任务不存在。" }
        if refusal.unknownInstruction { fields["commitment"] = "所选领导批示不存在。" }
        if let transition = refusal.transition { fields["body"] = supervision(transition) }
        return fields
    }

    /// A 批示 or comment refused.
    static func note(_ refusal: NoteRefusal, kind: CommitmentNoteRecord.Kind) -> String {
        switch refusal {
        case .blank: kind == .instruction ? "请填写批示内容。" : "请填写意见内容。"
        case .tooLong(let limit): "内容过长（不超过\(limit)字）。"
        }
    }

    /// What a table column was read as, in the import review (表头识别).
    static func tableField(_ field: TableField, unit: String?) -> String {
        let name: String = switch field {
        case .number: "序号"
        case .code: "编号"
        case .section: "领域"
        case .title: "项目名称"
        case .content: "建设内容（读取指标）"
        case .leaders: "牵头领导"
        case .lead: "牵头单位"
        case .support: "配合单位"
        case .deadline: "完成时限"
        case .amount: "投资金额"
        }
        return unit.map { "\(name)（\($0)）" } ?? name
    }

    // MARK: citizens' requests

    /// The name of a request's field as people know it.
    static func requestField(_ field: String) -> String {
        switch field {
        case "text": "诉求内容"
        case "kind": "诉求类型"
        case "categoryCode": "诉求分类"
        case "requesterName": "诉求人姓名"
        case "requesterPhone": "联系电话"
        case "address": "地址"
        case "lat", "long": "坐标"
        case "urgency": "紧急程度"
        case "receivedAt": "受理时间"
        case "sourceRef": "平台工单号"
        case "idempotencyKey": "幂等键"
        case "unitID": "主办单位"
        case "coUnitIDs": "协办单位"
        case "reason": "理由"
        case "note": "意见"
        case "resolution": "是否解决"
        case "satisfaction": "满意程度"
        case "into": "并入的工单"
        case "newDue": "延期日期"
        case "channel": "来源渠道"
        case "confidential": "保密"
        default: field.hasPrefix("attribute[") ? "补充信息 \(field)" : field
        }
    }

    /// One field's problem, naming the field: `联系电话：不是有效的电话号码。`
    static func request(_ problem: RequestProblem, field: String) -> String {
        let name = requestField(field)
        return switch problem {
        case .blank: "\(name)：必填。"
        case .tooLong(let max): "\(name)：过长（不超过\(max)字）。"
        case .unknown(let value) where field == "sourceRef": "\(name)：\(value) 已导入过。"
        case .unknown(let value) where field == "newDue": "\(name)：应晚于当前期限且不晚于 \(value)。"
        case .unknown(let value): value.isEmpty ? "\(name)：无效。" : "\(name)：无效（\(value)）。"
        case .badPhone: "\(name)：不是有效的电话号码（手机11位，座机含区号）。"
        case .badCoordinates: "\(name)：纬度应在 -90 到 90、经度在 -180 到 180 之间，且须成对填写。"
        case .badDate(let value): "\(name)：日期格式应为 年-月-日（\(value)）。"
        case .future: field == "newDue" ? "\(name)：办理期限已过，不能再申请延期。" : "\(name)：不能晚于现在。"
        }
    }

    /// A step the closed loop does not allow now.
    static func requestFlow(_ error: RequestFlowError) -> String {
        switch error {
        case .notAllowed(let from, let step): "工单当前为“\(from.label)”，不能\(step.label)。"
        case .signForLimitPassed(let due): "签收时限（\(due)）已过，不能再退单。"
        case .routingUpheld: "热线已维持派单，不能再次退单。"
        case .nothingToRedo: "回访结果为已解决且满意，无需重办。"
        case .unreasonableAfterEnd(let state): "工单当前为“\(state.label)”，不能标记无理诉求。"
        case .alreadyUnreasonable: "工单已标记为无理诉求。"
        case .extensionNotOpen(let state): "工单当前为“\(state.label)”，不能申请延期。"
        case .extensionPending: "已有待审核的延期申请。"
        case .noExtensionPending: "没有待审核的延期申请。"
        }
    }

    /// A request refusal by field (`body` for a refused step).
    static func request(_ refusal: RequestRefusal) -> [String: String] {
        var out = Dictionary(uniqueKeysWithValues: refusal.fields.map { ($0.key, request($0.value, field: $0.key)) })
        if let flow = refusal.flow { out["body"] = requestFlow(flow) }
        return out
    }
}
