package web

import (
	"fmt"
	"lawreview/web/workflow"
	"net/http"
	"testing"
)

// noPDF is the opinion renderer of a machine without Chromium and
// LibreOffice.
type noPDF struct{ workflow.DocxOpinion }

func (noPDF) PDFAvailable() bool { return false }

// On a machine without Chromium or LibreOffice, GET .../opinion?format=pdf
// answered 503 (本机无法生成 PDF) where 404 is right: for a document without
// a signed opinion, and for one the caller may not see. Access and
// existence are decided first; only a signed opinion the caller may read
// gets the 503. And a document the caller may not see answers exactly
// like one that does not exist (issue 14, defect 10: 403 vs 404 told
// which ids exist).
func TestOpinionPDFWithoutEngineAndHiddenIDs(t *testing.T) {
	e := newEnv(t)
	e.srv.flow.Opinion = noPDF{}
	clerk, other, rev := e.login("clerk"), e.login("clerk3"), e.login("reviewer")
	up := e.uploadDraft(clerk)
	pdf := func(id int64) string { return fmt.Sprintf("/api/v1/documents/%d/opinion?format=pdf", id) }
	check := func(c *client, path string, want int) {
		t.Helper()
		var body map[string]any
		if st := c.do("GET", path, nil, &body); st != want {
			t.Errorf("%s as %s: %d %v, want %d", path, c.name, st, body, want)
		}
	}
	check(clerk, pdf(up.DocumentID), http.StatusNotFound)     // not signed yet
	check(other, pdf(up.DocumentID), http.StatusNotFound)     // not hers to see
	check(clerk, pdf(up.DocumentID+100), http.StatusNotFound) // no such document
	check(clerk, fmt.Sprintf("/documents/%d/opinion/pdf", up.DocumentID), http.StatusNotFound)
	for _, path := range []string{
		fmt.Sprintf("/api/v1/documents/%d", up.DocumentID),
		fmt.Sprintf("/api/v1/reviews/%d", up.ReviewID),
		fmt.Sprintf("/documents/%d", up.DocumentID),
	} {
		var a, b map[string]any
		stA := other.do("GET", path, nil, &a)
		stB := other.do("GET", path+"9999", nil, &b)
		if stA != http.StatusNotFound || stB != http.StatusNotFound || a["error"] != b["error"] {
			t.Errorf("%s: another township's document %d %v, a missing one %d %v; want the same 404", path, stA, a["error"], stB, b["error"])
		}
	}
	r := e.review(rev, up.ReviewID)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", up.ReviewID), map[string]any{"row_version": r.RowVersion, "conclusion": "不合法", "opinion": "罚款等条款违法。"}, nil); st != http.StatusOK {
		t.Fatalf("sign off: %d", st)
	}
	check(other, pdf(up.DocumentID), http.StatusNotFound)
	check(clerk, pdf(up.DocumentID), http.StatusServiceUnavailable) // signed, hers, but no printer here
}
