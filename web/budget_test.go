package web

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Issue 14, defect 8: a 1.6 MB Markdown table gave 30,912 findings; its
// upload took 163 s, GET /api/v1/reviews/9 46 s and the review page never
// arrived. A draft past the work limits is refused at upload with a clear
// message, and one just within them opens at once.
func TestUploadWorkBudget(t *testing.T) {
	e := newEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	clauses := func(n int) []byte {
		var b strings.Builder
		b.WriteString("村规民约\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "第%d条 村民不得越级上访，违者由村委会处以500元罚款。\n", i)
		}
		return []byte(b.String())
	}
	before := e.snapshot()
	var body map[string]any
	if st := clerk.upload("/api/v1/documents", "条款.txt", clauses(1500), map[string]string{"type": "村规民约"}, &body); st != http.StatusUnprocessableEntity {
		t.Fatalf("1,500 unlawful clauses: %d %v, want 422", st, body)
	}
	if msg, _ := body["error"].(string); !strings.Contains(msg, "问题超过") {
		t.Errorf("message %q does not say why", msg)
	}
	if !reflect.DeepEqual(e.snapshot(), before) {
		t.Error("the refused upload left a trace")
	}
	// Within the limits: 200 clauses, about 400 findings, and its pages.
	var res UploadResult
	if st := clerk.upload("/api/v1/documents", "条款.txt", clauses(200), map[string]string{"type": "村规民约"}, &res); st != http.StatusCreated {
		t.Fatalf("200 clauses: %d", st)
	}
	if res.Findings < 200 {
		t.Fatalf("200 unlawful clauses gave %d findings", res.Findings)
	}
	for _, path := range []string{fmt.Sprintf("/api/v1/reviews/%d", res.ReviewID), fmt.Sprintf("/reviews/%d", res.ReviewID)} {
		start := time.Now()
		var page []byte
		if st := rev.do("GET", path, nil, &page); st != http.StatusOK {
			t.Errorf("GET %s: %d", path, st)
		}
		t.Logf("GET %s with %d findings: %v, %d KB", path, res.Findings, time.Since(start).Round(time.Millisecond), len(page)>>10)
	}
}
