package storage

import "slices"

// The kinds of values below are stored and sent in /api/v1 as the strings
// of their constants; Label is the one place their Chinese name is
// written, for pages, messages and documents. Rank orders the values as
// they are listed to users, from 1 (0 for a string that is none of them);
// a Severity's rank grows with its severity. What reviewers decide
// (FindingState, Conclusion) is in review/decision.

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
