package web

import (
	"fmt"
	"net/http"
	"testing"
)

// Issue 14, defect 6: renaming the reviewer or moving the township to
// another office changed the signer and office printed on an opinion
// already signed under the same 文号, and the signing office's reviewer
// then got 403 on it. What was signed is a snapshot.
func TestSignedOpinionIsSnapshot(t *testing.T) {
	e := newEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	up := e.uploadDraft(clerk)
	e.acceptUnlawful(rev, up.ReviewID)
	r := e.review(rev, up.ReviewID)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", up.ReviewID),
		map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "请按意见修改。"}, nil); st != http.StatusOK {
		t.Fatalf("sign off: %d", st)
	}
	opinionOf := func(c *client) (int, map[string]any) {
		var op map[string]any
		st := c.do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion", up.DocumentID), nil, &op)
		return st, op
	}
	st, before := opinionOf(clerk)
	if st != http.StatusOK || before["Reviewer"] != "王建国" || before["Office"] != "城关司法所" || before["Township"] != "东湖镇" || before["Number"] == "" {
		t.Fatalf("opinion as signed: %d %v", st, before)
	}
	admin := e.login("admin")
	if st := admin.do("POST", fmt.Sprintf("/api/v1/admin/users/%d", e.users["reviewer"].ID), map[string]any{"role": "reviewer", "office_id": e.users["reviewer"].OfficeID, "display_name": "王某某"}, nil); st != http.StatusOK {
		t.Fatalf("rename reviewer: %d", st)
	}
	if st := admin.do("POST", fmt.Sprintf("/api/v1/admin/townships/%d", e.towns["东湖镇"]), map[string]any{"office_id": e.users["reviewer2"].OfficeID}, nil); st != http.StatusOK {
		t.Fatalf("move township: %d", st)
	}
	for _, who := range []string{"clerk", "reviewer", "reviewer2"} {
		st, after := opinionOf(e.login(who))
		if st != http.StatusOK {
			t.Errorf("%s reads the signed opinion after the move: %d", who, st)
			continue
		}
		for _, k := range []string{"Reviewer", "Office", "Township", "Number", "SignedAt"} {
			if after[k] != before[k] {
				t.Errorf("%s sees %s %v, signed as %v", who, k, after[k], before[k])
			}
		}
	}
	var rj ReviewJSON
	if st := rev.do("GET", fmt.Sprintf("/api/v1/reviews/%d", up.ReviewID), nil, &rj); st != http.StatusOK || rj.SignedBy != "王建国" {
		t.Errorf("review as signed: %d, signed_by %q", st, rj.SignedBy)
	}
	var hist struct {
		Signoffs []map[string]any `json:"signoffs"`
	}
	rev.do("GET", fmt.Sprintf("/api/v1/reviews/%d/history", up.ReviewID), nil, &hist)
	if len(hist.Signoffs) != 1 || hist.Signoffs[0]["user"] != "王建国" {
		t.Errorf("history of sign-offs: %v", hist.Signoffs)
	}
	// The former office reads what it signed but no longer decides: the
	// new office's reviewer reopens.
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/reopen", up.ReviewID), map[string]any{"row_version": rj.RowVersion, "reason": "补充"}, nil); st != http.StatusForbidden {
		t.Errorf("former office reopens: %d, want 403", st)
	}
}
