package storagetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"lawreview/review/decision"
	"lawreview/review/precedent"
	"lawreview/web/storage"
)

// testLawfulPrecedentChoice: the reviewer's choice to keep a dismissed
// wording as a lawful precedent is stored with the finding, cleared by any
// other decision, and part of what a sign-off checks has not changed.
func testLawfulPrecedentChoice(t *testing.T, bk Backend) {
	s := bk.open(t)
	ctx := context.Background()
	reviewID, reviewer := signedReview(t, s)
	r, _ := s.Review(ctx, reviewID)
	if err := s.Reopen(ctx, reviewID, r.RowVersion, reviewer, "重新审查", time.Now()); err != nil {
		t.Fatal(err)
	}
	byQuote := func() map[string]storage.Finding {
		fs, err := s.Findings(ctx, reviewID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]storage.Finding{}
		for _, f := range fs {
			out[f.Quote] = f
		}
		return out
	}
	before := byQuote()
	if f := before["照价赔偿"]; !f.LawfulPrecedent || f.State != decision.FindingDismissed {
		t.Fatalf("the chosen dismissal reads back as %+v", f)
	}
	if f := before["处以500元罚款"]; f.LawfulPrecedent {
		t.Error("an accepted finding reads back as a lawful precedent")
	}
	decide := func(quote string, d storage.FindingDecision) {
		t.Helper()
		d.UserID, d.At = reviewer, time.Now()
		if err := s.DecideFinding(ctx, reviewID, before[quote].ID, d, "决定"); err != nil {
			t.Fatal(err)
		}
	}
	// Accepting clears the choice; a plain dismissal does not set it; the
	// choice with another state than dismissed is not kept.
	decide("照价赔偿", storage.FindingDecision{State: decision.FindingAccepted, LawfulPrecedent: true})
	decide("爱护环境", storage.FindingDecision{State: decision.FindingDismissed, Reason: "倡导性规定"})
	after := byQuote()
	if after["照价赔偿"].LawfulPrecedent || after["爱护环境"].LawfulPrecedent {
		t.Errorf("choice kept where none was made: %+v / %+v", after["照价赔偿"], after["爱护环境"])
	}
	a := []storage.Finding{before["照价赔偿"]}
	b := []storage.Finding{before["照价赔偿"]}
	b[0].LawfulPrecedent = false
	if storage.SameDecisions(a, b) {
		t.Error("SameDecisions ignores the lawful-precedent choice")
	}
}

// testReplaceBank: the bank's entries are stored, replaced when they
// change, left alone when they do not, and deleted when a newer bank drops
// them; nothing outside the bank's ids is touched.
func testReplaceBank(t *testing.T, b Backend) {
	s := b.open(t)
	ctx := context.Background()
	reviewID, _ := signedReview(t, s)
	entry := func(key, clause string) precedent.Precedent {
		return precedent.Precedent{ID: precedent.ImportID(key), Clause: clause, Date: "2023-05-08", Verdict: precedent.Unlawful, Source: precedent.SourcePublic,
			Publisher: "市场监管总局", URL: "https://example.gov.cn/" + key, Problem: "限定交易", Basis: []precedent.Basis{{Law: "公平竞争审查条例", Article: "第九条"}}}
	}
	one, two := entry("pub-gpjz-0001", "外地企业须在本县设立分支机构"), entry("pub-gpjz-0002", "指定使用本地企业的混凝土")
	// Published cases an office imported itself, under its own ids.
	own, err := precedent.Decode(strings.NewReader(`{"id":"sft-1","clause":"违者罚款200元","date":"2024-06-12","verdict":"违法","publisher":"某省司法厅","url":"https://example.gov.cn/sft-1","source":"public"}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportPrecedents(ctx, own); err != nil {
		t.Fatal(err)
	}
	if res, err := s.ReplaceBank(ctx, []precedent.Precedent{one, two}); err != nil || res.Added != 2 || res.Replaced+res.Removed != 0 {
		t.Fatalf("first load = %+v, %v", res, err)
	}
	stamp, _ := s.PrecedentStamp(ctx)
	if res, err := s.ReplaceBank(ctx, []precedent.Precedent{one, two}); err != nil || res != (storage.ImportResult{}) {
		t.Errorf("the same bank again = %+v, %v", res, err)
	}
	if again, _ := s.PrecedentStamp(ctx); again != stamp {
		t.Error("an unchanged bank moved the stamp")
	}
	fixed := one
	fixed.Problem = "以设立分支机构为条件限制外地经营者"
	res, err := s.ReplaceBank(ctx, []precedent.Precedent{fixed})
	if err != nil || res.Replaced != 1 || res.Removed != 1 || res.Added != 0 {
		t.Fatalf("upgrade = %+v, %v", res, err)
	}
	if p, err := s.Precedent(ctx, one.ID); err != nil || p.Problem != fixed.Problem || p.Source != precedent.SourcePublic {
		t.Errorf("corrected entry = %+v, %v", p, err)
	}
	if _, err := s.Precedent(ctx, two.ID); err == nil {
		t.Error("the dropped entry is still stored")
	}
	if p, err := s.Precedent(ctx, "import-sft-1"); err != nil || p.Source != precedent.SourcePublic {
		t.Errorf("an office's own published case was touched: %+v, %v", p, err)
	}
	if ps, _ := s.ReviewPrecedents(ctx, reviewID); len(ps) != 4 {
		t.Errorf("the office's precedents: %d, want 4", len(ps))
	}
	// Anything but a bank entry is refused, and nothing is written.
	bad := entry("sft-2", "不是公开案例库的编号")
	if _, err := s.ReplaceBank(ctx, []precedent.Precedent{fixed, bad}); err == nil {
		t.Error("an entry outside the bank's ids was accepted")
	}
	if _, err := s.Precedent(ctx, bad.ID); err == nil {
		t.Error("a refused load left a record behind")
	}
}
