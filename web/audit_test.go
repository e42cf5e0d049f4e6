package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Issue 14, defect 10: the administrator, who may not read drafts, read
// their words in the audit log: quoted clauses of added findings,
// replacement wording, dismissal and reopening reasons, comments, titles
// and file names. The audit log names actions and records only; the words
// stay in each review's own history.
func TestAuditLogHoldsNoDraftText(t *testing.T) {
	e := newEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	secret := []string{"青松岭机密村规", "机密草案.txt", "擅自砍伐松树", "改为依法报告林业部门", "经核实属于误报", "请补充听证材料", "重新核对条文"}
	draft := "青松岭机密村规\n第一条 村民擅自砍伐松树的，由村委会处以500元罚款。\n"
	var up UploadResult
	if st := clerk.upload("/api/v1/documents", "机密草案.txt", []byte(draft), map[string]string{"title": "青松岭机密村规", "type": "村规民约"}, &up); st != http.StatusCreated {
		t.Fatalf("upload: %d", st)
	}
	r := e.review(rev, up.ReviewID)
	base := fmt.Sprintf("/api/v1/reviews/%d", up.ReviewID)
	start := strings.Index(string([]rune(r.Text)), "擅自砍伐松树")
	start = len([]rune(r.Text[:start]))
	steps := []struct {
		path string
		body map[string]any
	}{
		{base + "/findings", map[string]any{"start": start, "end": start + 6, "message": "不得限制", "replacement": "改为依法报告林业部门"}},
		{fmt.Sprintf("%s/findings/%d", base, r.Findings[0].ID), map[string]any{"action": "dismiss", "reason": "经核实属于误报"}},
		{base + "/comments", map[string]any{"body": "请补充听证材料"}},
	}
	for _, s := range steps {
		if st := rev.do("POST", s.path, s.body, nil); st >= 300 {
			t.Fatalf("POST %s: %d", s.path, st)
		}
	}
	e.acceptUnlawful(rev, up.ReviewID)
	r = e.review(rev, up.ReviewID)
	if st := rev.do("POST", base+"/signoff", map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "同意"}, nil); st != http.StatusOK {
		t.Fatalf("sign off: %d", st)
	}
	r = e.review(rev, up.ReviewID)
	if st := rev.do("POST", base+"/reopen", map[string]any{"row_version": r.RowVersion, "reason": "重新核对条文"}, nil); st != http.StatusOK {
		t.Fatalf("reopen: %d", st)
	}
	clerk.do("GET", fmt.Sprintf("/documents/%d/versions/%d/file", up.DocumentID, up.VersionID), nil, nil)
	var log struct {
		Entries []map[string]any `json:"entries"`
	}
	if st := e.login("admin").do("GET", "/api/v1/admin/audit", nil, &log); st != http.StatusOK || len(log.Entries) < 8 {
		t.Fatalf("audit log: %d, %d entries", st, len(log.Entries))
	}
	for _, en := range log.Entries {
		line := fmt.Sprint(en["target"], " ", en["detail"])
		for _, w := range secret {
			if strings.Contains(line, w) {
				t.Errorf("audit %s: %q shows %q", en["action"], line, w)
			}
		}
	}
	// The review's own history keeps the words for those who may read it.
	var hist struct {
		Events []map[string]any `json:"events"`
	}
	rev.do("GET", base+"/history", nil, &hist)
	if !strings.Contains(fmt.Sprint(hist.Events), "经核实属于误报") {
		t.Error("the review's history lost the dismissal reason")
	}
}
