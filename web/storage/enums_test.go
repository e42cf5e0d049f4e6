package storage

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestEnums: every value has its Chinese label, ranks follow the lists,
// and JSON carries the stored strings unchanged (the /api/v1 contract).
func TestEnums(t *testing.T) {
	type value interface {
		Label() string
		Rank() int
	}
	check := func(name string, vs []value, raw []string, labels []string) {
		t.Helper()
		for i, v := range vs {
			if v.Label() != labels[i] {
				t.Errorf("%s %q: label %q, want %q", name, raw[i], v.Label(), labels[i])
			}
			b, _ := json.Marshal(v)
			if want, _ := json.Marshal(raw[i]); string(b) != string(want) {
				t.Errorf("%s %q marshals as %s", name, raw[i], b)
			}
		}
	}
	check("role", []value{RoleClerk, RoleReviewer, RoleAdviser, RoleAdmin}, []string{"clerk", "reviewer", "adviser", "admin"}, []string{"经办人", "审查人", "法律顾问", "管理员"})
	check("severity", []value{SeverityError, SeverityWarning, SeverityInfo}, []string{"error", "warning", "info"}, []string{"违法", "风险", "提示"})

	for i, r := range Roles {
		if r.Rank() != i+1 || !r.Valid() {
			t.Errorf("role %s rank %d", r, r.Rank())
		}
	}
	if Role("root").Valid() || Role("root").Label() != "root" || Role("").Rank() != 0 {
		t.Error("an unknown role is valid, labelled or ranked")
	}
	if !slices.IsSortedFunc(Severities, func(a, b Severity) int { return b.Rank() - a.Rank() }) || SeverityError.Rank() <= SeverityInfo.Rank() {
		t.Error("severities are not listed gravest first")
	}
	if Severity("fatal").Valid() {
		t.Error("an unknown value is valid")
	}
}
