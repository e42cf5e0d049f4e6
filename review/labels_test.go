package review

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestLabels: severities and checklist states have their Chinese label,
// severities rank gravest first, and JSON carries the strings of the
// report's contract unchanged.
func TestLabels(t *testing.T) {
	for _, c := range []struct {
		v          interface{ Label() string }
		raw, label string
	}{
		{SeverityError, "error", "违法"}, {SeverityWarning, "warning", "风险"}, {SeverityInfo, "info", "提示"},
		{StatusProblem, "problem", "有问题"}, {StatusOK, "ok", "通过"}, {StatusManual, "manual", "需人工判断"},
	} {
		if c.v.Label() != c.label {
			t.Errorf("%s: label %q, want %q", c.raw, c.v.Label(), c.label)
		}
		if b, _ := json.Marshal(c.v); string(b) != `"`+c.raw+`"` {
			t.Errorf("%s marshals as %s", c.raw, b)
		}
	}
	if !slices.IsSortedFunc(Severities, func(a, b Severity) int { return b.Rank() - a.Rank() }) || SeverityError.Rank() <= SeverityInfo.Rank() {
		t.Error("severities are not listed gravest first")
	}
	if Severity("fatal").Valid() || Severity("fatal").Rank() != 0 || Severity("fatal").Label() != "fatal" || !SeverityInfo.Valid() {
		t.Error("an unknown severity is valid, ranked or labelled")
	}
}
