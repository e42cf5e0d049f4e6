package workflow

import (
	"testing"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/web/storage"
)

// A finding into which another rule's finding was merged is a problem of
// both rules' items: kept, both items stay problems; dismissed, both are
// cleared (before, 制定权限 stayed a problem with no finding under it).
func TestChecklistMergedRuleItems(t *testing.T) {
	engine := []review.ChecklistItem{
		{Item: "制定权限", Status: review.StatusProblem, Rules: []string{"nd-township-penalty"}},
		{Item: "内容合法性", Status: review.StatusProblem, Rules: []string{"nd-penalty"}},
		{Item: "形式规范", Status: review.StatusOK},
	}
	f := storage.Finding{Rule: "nd-penalty", Item: "内容合法性", Engine: &review.Finding{Rule: "nd-penalty", Merged: []string{"nd-township-penalty"}}}
	for _, tc := range []struct {
		state decision.FindingState
		want  review.CheckStatus
	}{
		{decision.FindingAccepted, review.StatusProblem},
		{decision.FindingOpen, review.StatusProblem},
		{decision.FindingDismissed, review.StatusOK},
	} {
		f.State = tc.state
		got := Checklist(engine, []storage.Finding{f})
		for _, it := range got[:2] {
			if it.Status != tc.want {
				t.Errorf("%s finding: item %s is %s, want %s", tc.state, it.Item, it.Status, tc.want)
			}
		}
		if got[2].Status != review.StatusOK {
			t.Errorf("%s finding: 形式规范 is %s, want ok", tc.state, got[2].Status)
		}
	}
}
