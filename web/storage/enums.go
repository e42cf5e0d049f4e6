package storage

import "slices"

// The kinds of values below are stored and sent in /api/v1 as the strings
// of their constants; Label is the one place their Chinese name is
// written, for pages, messages and documents. Rank orders the values as
// they are listed to users, from 1 (0 for a string that is none of them).
// What reviewers decide (FindingState, Conclusion) is in review/decision,
// how grave a finding is (Severity) in review.

// Role is what a user does in the office.
type Role string

const (
	RoleClerk    Role = "clerk"    // 经办人
	RoleReviewer Role = "reviewer" // 审查人（司法所）
	RoleAdviser  Role = "adviser"  // 法律顾问
	RoleAdmin    Role = "admin"    // 管理员
	RoleBureau   Role = "bureau"   // 司法局: reads the statistics of its offices
)

// Roles are the roles in the order they are listed.
var Roles = []Role{RoleClerk, RoleReviewer, RoleAdviser, RoleAdmin, RoleBureau}

var roleLabels = labels[Role]{RoleClerk: "经办人", RoleReviewer: "审查人", RoleAdviser: "法律顾问", RoleAdmin: "管理员", RoleBureau: "司法局"}

func (r Role) Label() string { return roleLabels.of(r) }
func (r Role) Rank() int     { return rank(Roles, r) }
func (r Role) Valid() bool   { return r.Rank() > 0 }

// labels names the values of one kind; a value without a label shows as
// itself.
type labels[T ~string] map[T]string

func (l labels[T]) of(v T) string {
	if s, ok := l[v]; ok {
		return s
	}
	return string(v)
}

func rank[T comparable](list []T, v T) int { return slices.Index(list, v) + 1 }

// AuditAction is what an entry of the audit log records.
type AuditAction string

const (
	AuditLogin             AuditAction = "login"
	AuditLoginFailed       AuditAction = "login_failed"
	AuditLoginThrottled    AuditAction = "login_throttled"
	AuditLogout            AuditAction = "logout"
	AuditUpload            AuditAction = "upload"
	AuditUploadVersion     AuditAction = "upload_version"
	AuditFileDownload      AuditAction = "file_download"
	AuditFindingAccept     AuditAction = "finding_accept"
	AuditFindingDismiss    AuditAction = "finding_dismiss"
	AuditFindingEdit       AuditAction = "finding_edit"
	AuditFindingReopen     AuditAction = "finding_reopen"
	AuditFindingAdd        AuditAction = "finding_add"
	AuditConclusion        AuditAction = "conclusion"
	AuditSignoff           AuditAction = "signoff"
	AuditReopen            AuditAction = "reopen"
	AuditComment           AuditAction = "comment"
	AuditAdviserAssign     AuditAction = "adviser_assign"
	AuditAdviserUnassign   AuditAction = "adviser_unassign"
	AuditOpinionView       AuditAction = "opinion_view"
	AuditOpinionDownload   AuditAction = "opinion_download"
	AuditAnnotatedDownload AuditAction = "annotated_download"
	AuditSuggestedDownload AuditAction = "suggested_download"
	AuditPasswordChange    AuditAction = "password_change"
	AuditOfficeCreate      AuditAction = "office_create"
	AuditOfficeProvince    AuditAction = "office_province"
	AuditOfficeLetterhead  AuditAction = "office_letterhead"
	AuditTownshipCreate    AuditAction = "township_create"
	AuditTownshipMove      AuditAction = "township_move"
	AuditUserCreate        AuditAction = "user_create"
	AuditUserUpdate        AuditAction = "user_update"
	AuditPrecedentImport   AuditAction = "precedent_import"
	AuditPrecedentExport   AuditAction = "precedent_export"
	AuditPrecedentReindex  AuditAction = "precedent_reindex"
	AuditTypeChange        AuditAction = "type_change"
	AuditBureauCreate      AuditAction = "bureau_create"
	AuditBureauOffices     AuditAction = "bureau_offices"
	AuditRegisterExport    AuditAction = "register_export"
	AuditReportDownload    AuditAction = "report_download"
)

var auditLabels = labels[AuditAction]{
	AuditLogin: "登录", AuditLoginFailed: "登录失败", AuditLoginThrottled: "登录被锁定", AuditLogout: "退出",
	AuditUpload: "提交文件", AuditUploadVersion: "上传新版本", AuditFileDownload: "下载原文件",
	AuditFindingAccept: "采纳意见", AuditFindingDismiss: "不采纳意见", AuditFindingEdit: "修改意见措辞", AuditFindingReopen: "撤销意见决定",
	AuditFindingAdd: "添加意见", AuditConclusion: "保存结论草稿", AuditSignoff: "签发", AuditReopen: "重新打开审查",
	AuditComment: "发表意见", AuditAdviserAssign: "分配法律顾问", AuditAdviserUnassign: "取消分配法律顾问",
	AuditOpinionView: "查看意见书", AuditOpinionDownload: "下载意见书", AuditAnnotatedDownload: "下载批注稿", AuditSuggestedDownload: "下载修改建议稿",
	AuditPasswordChange: "修改密码", AuditOfficeCreate: "添加司法所", AuditOfficeProvince: "设置司法所省份", AuditOfficeLetterhead: "设置司法所版头", AuditTownshipCreate: "添加镇（街道）", AuditTownshipMove: "改派镇（街道）",
	AuditUserCreate: "创建账号", AuditUserUpdate: "修改账号",
	AuditPrecedentImport: "导入先例", AuditPrecedentExport: "导出先例", AuditPrecedentReindex: "重建先例索引",
	AuditTypeChange:   "更改文件类型",
	AuditBureauCreate: "添加司法局", AuditBureauOffices: "设置司法局所辖司法所", AuditRegisterExport: "导出文号登记", AuditReportDownload: "下载年度报告",
}

// Label is the action's name in the administrator's log; an action
// without one shows as its code.
func (a AuditAction) Label() string { return auditLabels.of(a) }

// OutputKind is a file a signed round hands out.
type OutputKind string

const (
	OutputOpinionDocx OutputKind = "opinion_docx" // 审查意见书 as Word
	OutputOpinionPDF  OutputKind = "opinion_pdf"
	OutputOpinionHTML OutputKind = "opinion_html" // the print view
	OutputAnnotated   OutputKind = "annotated"    // 批注稿
	OutputSuggested   OutputKind = "suggested"    // 修改建议稿
)

// OutputKinds in the order they are listed.
var OutputKinds = []OutputKind{OutputOpinionDocx, OutputOpinionPDF, OutputOpinionHTML, OutputAnnotated, OutputSuggested}

var outputLabels = labels[OutputKind]{OutputOpinionDocx: "审查意见书（Word）", OutputOpinionPDF: "审查意见书（PDF）", OutputOpinionHTML: "审查意见书（打印页）",
	OutputAnnotated: "批注稿（Word）", OutputSuggested: "修改建议稿（Word）"}

func (k OutputKind) Label() string { return outputLabels.of(k) }
func (k OutputKind) Rank() int     { return rank(OutputKinds, k) }
