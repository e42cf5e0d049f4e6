package web

import (
	"errors"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	pindex "lawreview/index/precedent"
)

// Issue 14, defect 1: a clerk's page=922337203685477581 made bleve panic
// inside the precedent search, whose read lock was then never released:
// the next rebuild, every later search and the Close of shutdown hung.
// from= on the law search overflowed the same way. Both must be refused at
// parse time, and the index must still close afterwards.
func TestHugePageNeitherPanicsNorFreezes(t *testing.T) {
	e := newEnv(t)
	ix, err := pindex.Open(filepath.Join(e.dir, "precedent-index"))
	if err != nil {
		t.Fatal(err)
	}
	e.srv.flow.Precedents = ix // closed below, not in a cleanup: a held lock would hang it
	clerk := e.login("clerk")
	for _, path := range []string{
		"/api/v1/precedents?q=罚款&tab=precedents&page=922337203685477581",
		"/api/v1/precedents?q=罚款&tab=all&page=922337203685477581",
		"/api/v1/precedents?tab=precedents&page=1002",
		"/api/v1/search?q=罚款&from=9223372036854775800",
		"/api/v1/search?q=罚款&from=-1",
		"/api/v1/search?q=罚款&from=abc",
	} {
		var body map[string]any
		if st := clerk.do("GET", path, nil, &body); st != http.StatusBadRequest {
			t.Errorf("GET %s: %d %v, want 400", path, st, body)
		} else if msg, _ := body["error"].(string); !hasHan(msg) {
			t.Errorf("GET %s: no Chinese message: %v", path, body)
		}
	}
	if st := clerk.do("GET", "/precedents?q=罚款&tab=precedents&page=922337203685477581", nil, nil); st != http.StatusOK {
		t.Errorf("search page with a huge page number: %d, want 200 with the message on the page", st)
	}
	// The last page allowed still answers.
	if st := clerk.do("GET", "/api/v1/precedents?q=罚款&tab=precedents&page=1001", nil, nil); st != http.StatusOK {
		t.Errorf("page 1001: %d, want 200", st)
	}
	if st := e.login("admin").do("GET", "/api/v1/admin/audit?offset=99999999999999999999", nil, nil); st != http.StatusBadRequest {
		t.Errorf("audit offset overflow: %d, want 400", st)
	}
	done := make(chan error, 1)
	go func() { done <- ix.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("precedent index Close still blocked after 20 s: a search left its lock held")
	}
}

// Whatever bleve does with an offset, a search cannot leave the index
// locked: Index.Search itself refuses offsets past MaxOffset.
func TestPrecedentIndexBoundsOffset(t *testing.T) {
	ix, err := pindex.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, err = ix.Search(t.Context(), pindex.Query{Text: "罚款", Offset: 1 << 62})
	var ie *pindex.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("huge offset: %v, want an InputError", err)
	}
	if _, err := ix.Search(t.Context(), pindex.Query{Text: "罚款", Offset: 10000}); err != nil {
		t.Fatalf("offset at the bound: %v", err)
	}
}
