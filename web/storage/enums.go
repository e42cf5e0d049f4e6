package storage

import "slices"

// The kinds of values below are stored and sent in /api/v1 as the strings
// of their constants; Label is the one place their Chinese name is
// written, for pages, messages and documents. Rank orders the values as
// they are listed to users, from 1 (0 for a string that is none of them);
// a Severity's rank grows with its severity.

// Role is what a user does in the office.
type Role string

const (
	RoleClerk    Role = "clerk"    // 经办人
	RoleReviewer Role = "reviewer" // 审查人（司法所）
	RoleAdviser  Role = "adviser"  // 法律顾问
	RoleAdmin    Role = "admin"    // 管理员
)

// Roles are the roles in the order they are listed.
var Roles = []Role{RoleClerk, RoleReviewer, RoleAdviser, RoleAdmin}

var roleLabels = labels[Role]{RoleClerk: "经办人", RoleReviewer: "审查人", RoleAdviser: "法律顾问", RoleAdmin: "管理员"}

func (r Role) Label() string { return roleLabels.of(r) }
func (r Role) Rank() int     { return rank(Roles, r) }
func (r Role) Valid() bool   { return r.Rank() > 0 }

// FindingState is what a reviewer decided about a finding.
type FindingState string

const (
	FindingOpen      FindingState = "open"
	FindingAccepted  FindingState = "accepted"
	FindingDismissed FindingState = "dismissed"
)

// FindingStates are the states in the order they are listed.
var FindingStates = []FindingState{FindingOpen, FindingAccepted, FindingDismissed}

var findingStateLabels = labels[FindingState]{FindingOpen: "待处理", FindingAccepted: "已采纳", FindingDismissed: "不采纳"}

func (s FindingState) Label() string { return findingStateLabels.of(s) }
func (s FindingState) Rank() int     { return rank(FindingStates, s) }

// Conclusion is the outcome of a whole review. Its value is its Chinese
// name: that is what the database and the API have always held.
type Conclusion string

const (
	ConclusionLawful   Conclusion = "合法"
	ConclusionAmended  Conclusion = "修改后合法"
	ConclusionUnlawful Conclusion = "不合法"
	ConclusionReturned Conclusion = "退回补正" // the draft goes back to the clerk for a new version
)

// Conclusions a reviewer may sign, in the order they are listed.
var Conclusions = []Conclusion{ConclusionLawful, ConclusionAmended, ConclusionUnlawful, ConclusionReturned}

func (c Conclusion) Label() string { return string(c) }
func (c Conclusion) Rank() int     { return rank(Conclusions, c) }
func (c Conclusion) Valid() bool   { return c.Rank() > 0 }

// ConclusionLabels lists the labels of Conclusions, for messages.
func ConclusionLabels() []string {
	out := make([]string, len(Conclusions))
	for i, c := range Conclusions {
		out[i] = c.Label()
	}
	return out
}

// Severity is how grave a stored finding is. The values are the review
// engine's (review.SeverityError, ...), which keeps its own strings for now.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Severities in the order they are listed: the gravest first.
var Severities = []Severity{SeverityError, SeverityWarning, SeverityInfo}

var severityLabels = labels[Severity]{SeverityError: "违法", SeverityWarning: "风险", SeverityInfo: "提示"}

func (s Severity) Label() string { return severityLabels.of(s) }
func (s Severity) Rank() int {
	if i := slices.Index(Severities, s); i >= 0 {
		return len(Severities) - i
	}
	return 0
}
func (s Severity) Valid() bool { return s.Rank() > 0 }

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
