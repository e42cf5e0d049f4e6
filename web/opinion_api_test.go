package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"testing"
)

// The opinion API answers in snake_case beside the Go-named fields it
// first served (the contract only grows), and a round's files keep their
// bytes and sha256 after the review is reopened and signed again.
func TestOpinionAPIAndKeptRounds(t *testing.T) {
	e := newEnv(t)
	f, _ := e.signed("村规民约.txt", []byte(villageRules))
	clerk := e.login("clerk")
	var op map[string]any
	if st := clerk.do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion", f.doc), nil, &op); st != http.StatusOK {
		t.Fatalf("opinion: %d", st)
	}
	for old, snake := range map[string]string{"Number": "number", "DocumentTitle": "document_title", "Conclusion": "conclusion", "Reviewer": "reviewer",
		"FileSHA256": "file_sha256", "Revision": "revision", "SignedAt": "signed_at", "Township": "township"} {
		if op[old] == nil || fmt.Sprint(op[old]) != fmt.Sprint(op[snake]) {
			t.Errorf("%s = %v, %s = %v", old, op[old], snake, op[snake])
		}
	}
	if op["review_id"] != float64(f.review) || op["letterhead_text"] != "城关司法所" || op["omit_annex"] != false {
		t.Errorf("review_id %v, letterhead_text %v, omit_annex %v", op["review_id"], op["letterhead_text"], op["omit_annex"])
	}
	// The Word opinion of round 1, kept at sign-off.
	url1 := fmt.Sprintf("/reviews/%d/opinion/file?revision=1", f.review)
	st, h, first := clerk.get(url1)
	sum := sha256.Sum256(first)
	if st != http.StatusOK || h.Get("X-Content-SHA256") != hex.EncodeToString(sum[:]) {
		t.Fatalf("round 1 opinion: %d, header %s", st, h.Get("X-Content-SHA256"))
	}
	listed := false
	for _, x := range op["files"].([]any) {
		fj := x.(map[string]any)
		if fj["kind"] == "opinion_docx" && fj["sha256"] == hex.EncodeToString(sum[:]) && fj["url"] == url1 && fj["label"] == "审查意见书（Word）" {
			listed = true
		}
	}
	if !listed {
		t.Errorf("the opinion's files do not list round 1's Word file with its sha256: %v", op["files"])
	}

	rev := e.login("reviewer")
	r := e.review(rev, f.review)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/reopen", f.review), map[string]any{"row_version": r.RowVersion, "reason": "补充意见"}, nil); st != http.StatusOK {
		t.Fatalf("reopen: %d", st)
	}
	r = e.review(rev, f.review)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", f.review), map[string]any{"row_version": r.RowVersion, "conclusion": "不合法", "opinion": "第二轮：罚款条款违法。", "omit_annex": true}, nil); st != http.StatusOK {
		t.Fatalf("sign again: %d", st)
	}
	if st, _, again := clerk.get(url1); st != http.StatusOK || string(again) != string(first) {
		t.Errorf("round 1's opinion after round 2: %d, same bytes %v", st, string(again) == string(first))
	}
	var op1, op2 map[string]any
	if st := clerk.do("GET", fmt.Sprintf("/api/v1/reviews/%d/opinion?revision=2", f.review), nil, &op2); st != http.StatusOK || op2["conclusion"] != "不合法" || op2["omit_annex"] != true {
		t.Errorf("round 2: %d %v %v", st, op2["conclusion"], op2["omit_annex"])
	}
	// Round 1 is no longer the review's signed state: its JSON (made from
	// the findings as they are) is not offered, its kept files are.
	if st := clerk.do("GET", fmt.Sprintf("/api/v1/reviews/%d/opinion?revision=1", f.review), nil, &op1); st != http.StatusNotFound {
		t.Errorf("round 1 JSON after round 2: %d %v", st, op1)
	}
	if st, _, page := clerk.get(fmt.Sprintf("/reviews/%d/opinion?revision=1", f.review)); st != http.StatusOK || !regexp.MustCompile(`审查结论：</b>修改后合法`).Match(page) {
		t.Errorf("round 1's print view after round 2: %d", st)
	}
}
