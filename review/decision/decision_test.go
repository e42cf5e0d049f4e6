package decision

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
			if v.Rank() != i+1 {
				t.Errorf("%s %q: rank %d, want %d", name, raw[i], v.Rank(), i+1)
			}
			b, _ := json.Marshal(v)
			if want, _ := json.Marshal(raw[i]); string(b) != string(want) {
				t.Errorf("%s %q marshals as %s", name, raw[i], b)
			}
		}
	}
	check("state", []value{FindingOpen, FindingAccepted, FindingDismissed}, []string{"open", "accepted", "dismissed"}, []string{"待处理", "已采纳", "不采纳"})
	check("conclusion", []value{ConclusionLawful, ConclusionAmended, ConclusionUnlawful, ConclusionReturned}, []string{"合法", "修改后合法", "不合法", "退回补正"}, []string{"合法", "修改后合法", "不合法", "退回补正"})
	if Conclusion("基本合法").Valid() || FindingState("").Rank() != 0 || FindingState("closed").Label() != "closed" {
		t.Error("an unknown value is valid, ranked or labelled")
	}
	if got := ConclusionLabels(); !slices.Equal(got, []string{"合法", "修改后合法", "不合法", "退回补正"}) {
		t.Errorf("conclusion labels %q", got)
	}
}
