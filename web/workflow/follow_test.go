package workflow

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	pindex "lawreview/index/precedent"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/review/precedent"
	"lawreview/web/storage"
	"lawreview/web/storage/sqlite"
)

// Two nodes on one database, each with its own precedent index: what one
// signs or imports, the other's index takes by following the change log;
// a node whose next change the log no longer holds rebuilds.
func TestCatchUpFollowsOtherNodes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func() *sqlite.Store {
		s, err := sqlite.Open(filepath.Join(dir, "shared.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	ixB, err := pindex.Open(filepath.Join(dir, "node-b-index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ixB.Close()
	if _, _, err := SyncPrecedents(ctx, b, ixB); err != nil {
		t.Fatal(err)
	}

	// Node A signs a review with one accepted finding.
	office, _ := a.CreateOffice(ctx, "城关司法所")
	town, _ := a.CreateTownship(ctx, "青山镇", office)
	clerk, _ := a.CreateUser(ctx, &storage.User{Username: "c", DisplayName: "张敏", Role: storage.RoleClerk, TownshipID: town, PasswordHash: "x"})
	rev, _ := a.CreateUser(ctx, &storage.User{Username: "r", DisplayName: "王所长", Role: storage.RoleReviewer, OfficeID: office, PasswordHash: "x"})
	text := "第一条 对偷盗集体财物的，处以500元罚款。"
	up := &storage.NewUpload{
		Document: storage.Document{TownshipID: town, Title: "青山村村规民约", Type: "村规民约", CreatedBy: clerk},
		Version:  storage.Version{FileName: "a.txt", FileSHA256: "ab", FileSize: 1, Format: "txt", Text: text, UploadedBy: clerk},
		Review:   storage.Review{Type: "村规民约", Text: text},
		Findings: []storage.Finding{{Origin: "engine", Rule: "vr-fine", Severity: "error", Message: "村规民约不得设定罚款", Quote: "处以500元罚款", Start: 12, End: 20}},
	}
	docID, _, rid, err := a.CreateUpload(ctx, up, nil)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := a.Findings(ctx, rid)
	if err := a.DecideFinding(ctx, rid, fs[0].ID, storage.FindingDecision{State: decision.FindingAccepted, UserID: rev, At: time.Now()}, "采纳"); err != nil {
		t.Fatal(err)
	}
	d, _ := a.Document(ctx, docID)
	r, _ := a.Review(ctx, rid)
	fs, _ = a.Findings(ctx, rid)
	so := &storage.Signoff{UserID: rev, Conclusion: decision.ConclusionUnlawful, Opinion: "不予通过", SHA256: "ab", SignedAt: time.Now(), Numbering: &opinion.Numbering{}}
	if err := a.Signoff(ctx, rid, r.RowVersion, so, storage.DocSigned, storage.Derived{Precedents: precedent.FromReview(storage.SignedReview(d, r, so, fs)), From: fs}); err != nil {
		t.Fatal(err)
	}
	ps, _ := a.ReviewPrecedents(ctx, rid)
	if len(ps) != 1 {
		t.Fatalf("%d precedents signed", len(ps))
	}
	// Node A imports a case.
	if _, err := a.ImportPrecedents(ctx, []precedent.Precedent{{ID: "import-case-1", Clause: "违者罚款200元", DocType: "村规民约", Date: "2024-06-12", Verdict: precedent.Unlawful}}); err != nil {
		t.Fatal(err)
	}

	applied, rebuilt, err := CatchUp(ctx, b, ixB)
	if err != nil || applied != 2 || rebuilt {
		t.Fatalf("catch up: %d applied, rebuilt %v, %v; want 2 applied", applied, rebuilt, err)
	}
	for _, id := range []string{ps[0].ID, "import-case-1"} {
		if p, err := ixB.Get(ctx, id); err != nil || p == nil {
			t.Errorf("node B's index lacks %s: %v", id, err)
		}
	}
	stamp, _ := a.PrecedentStamp(ctx)
	if ixB.Stamp() != stamp {
		t.Errorf("index stamp %s, store %s", ixB.Stamp(), stamp)
	}
	if applied, _, _ := CatchUp(ctx, b, ixB); applied != 0 {
		t.Errorf("a second catch-up applied %d changes", applied)
	}

	// The log was pruned past node B's place: it rebuilds.
	if err := a.ExecRaw(ctx, `DELETE FROM precedent_changes`); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportPrecedents(ctx, []precedent.Precedent{{ID: "import-case-2", Clause: "外嫁女不得分配", DocType: "村规民约", Date: "2024-06-13", Verdict: precedent.Unlawful}}); err != nil {
		t.Fatal(err)
	}
	if err := a.ExecRaw(ctx, `DELETE FROM precedent_changes`); err != nil {
		t.Fatal(err)
	}
	if _, rebuilt, err := CatchUp(ctx, b, ixB); err != nil || !rebuilt {
		t.Fatalf("catch up past the log: rebuilt %v, %v", rebuilt, err)
	}
	if n, _ := ixB.Count(); n != 3 {
		t.Errorf("rebuilt index holds %d precedents, want 3", n)
	}
}
