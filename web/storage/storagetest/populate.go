package storagetest

import (
	"context"
	"testing"
	"time"

	"lawreview/review/opinion"
	"lawreview/review/precedent"
	"lawreview/web/storage"
)

// Populate fills s with a workplace's kinds of records, for tests that
// move a database (lawreview db copy): offices, users, a document whose
// review was signed, reopened and signed again with 文号, findings and
// their events, precedents signed and imported with their change log, a
// comment, an audit entry, a session and a counted login failure.
func Populate(t *testing.T, s storage.Store) {
	t.Helper()
	ctx := context.Background()
	reviewID, reviewer := signedReview(t, s)
	r, err := s.Review(ctx, reviewID)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 3, 19, 9, 30, 0, 0, time.Local)
	if err := s.Reopen(ctx, reviewID, r.RowVersion, reviewer, "补充意见", at); err != nil {
		t.Fatal(err)
	}
	if r, err = s.Review(ctx, reviewID); err != nil {
		t.Fatal(err)
	}
	so := &storage.Signoff{UserID: reviewer, Conclusion: "修改后合法", Opinion: "请删除罚款和限制外嫁女权益的条款后提交村民会议讨论。",
		SHA256: "def", SignedAt: at.Add(time.Hour), Numbering: &opinion.Numbering{}}
	if err := s.Signoff(ctx, reviewID, r.RowVersion, so, storage.DocSigned, derived(t, s, reviewID, so)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportPrecedents(ctx, []precedent.Precedent{{ID: "import-case-1", Clause: "违者罚款200元", DocType: "村规民约",
		Date: "2024-06-12", Verdict: precedent.Unlawful, Publisher: "某省司法厅"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddComment(ctx, &storage.Comment{ReviewID: reviewID, UserID: reviewer, Body: "请经办人核对第四条。", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, &storage.AuditEntry{UserID: reviewer, Action: storage.AuditPrecedentImport, Target: "precedents", Detail: "导入 1 条", At: at}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, &storage.Session{TokenHash: "tok", UserID: reviewer, CSRFToken: "csrf", CreatedAt: at, ExpiresAt: at.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ReserveLogin(ctx, []storage.LoginLimit{{Key: "user:rev", Max: 5, Window: time.Hour}}, time.Now()); err != nil {
		t.Fatal(err)
	}
}
