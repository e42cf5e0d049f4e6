package sqlite

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocumentListCountsCovered: the document list counts each review's
// open errors and warnings (sqlstore's docCols); those counts must be
// answered from the index alone. Read from the findings' rows they follow
// the overflow pages of the basis and related JSON, and under 50 users the
// list took 84 % of the server's CPU (docs/performance.md, stage 14).
func TestDocumentListCountsCovered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, sev := range []string{"error", "warning"} {
		rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM findings f
			WHERE f.review_id = ? AND f.severity = ? AND f.state <> 'dismissed'`, 1, sev)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if got := strings.Join(plan, "; "); !strings.Contains(got, "COVERING INDEX findings_review_counts") {
			t.Errorf("count of %s findings: plan %q, want the covering index findings_review_counts", sev, got)
		}
	}
}
