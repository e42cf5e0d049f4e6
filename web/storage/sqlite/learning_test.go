package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/review/decision"
	"lawreview/review/precedent"
	"lawreview/web/storage/storagetest"
)

// TestMigrationDropsUnchosenLawfulPrecedents: the lawful precedents that
// plain dismissals made before the choice existed leave the database when
// it is upgraded; unlawful ones, imported ones and the dismissals stay.
func TestMigrationDropsUnchosenLawfulPrecedents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	reviewID, _ := storagetest.SignedReview(t, s)
	ext, err := precedent.Decode(strings.NewReader(`{"id":"case-1","clause":"损坏公共设施的照价赔偿","date":"2024-06-12","verdict":"合法","publisher":"某省司法厅"}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportPrecedents(ctx, ext); err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 0110, as a database of the previous release.
	if err := s.ExecRaw(ctx, `ALTER TABLE findings DROP COLUMN lawful_precedent; DELETE FROM schema_migrations WHERE version = 110`); err != nil {
		t.Fatal(err)
	}
	stamp, _ := s.PrecedentStamp(ctx)
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	ps, err := s.ReviewPrecedents(ctx, reviewID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Verdict == precedent.Lawful {
			t.Errorf("an unchosen lawful precedent survived the upgrade: %+v", p)
		}
	}
	if len(ps) != 3 {
		t.Errorf("after the upgrade the review has %d precedents, want its 3 unlawful ones", len(ps))
	}
	if p, err := s.Precedent(ctx, "import-case-1"); err != nil || p.Verdict != precedent.Lawful {
		t.Errorf("an imported lawful precedent went with them: %+v, %v", p, err)
	}
	fs, _ := s.Findings(ctx, reviewID)
	kept := false
	for _, f := range fs {
		kept = kept || (f.State == decision.FindingDismissed && f.Reason != "" && !f.LawfulPrecedent)
	}
	if !kept {
		t.Error("the dismissal itself was lost")
	}
	if now, _ := s.PrecedentStamp(ctx); now == stamp {
		t.Error("the stamp did not move: the search index would keep the dropped precedents")
	}
}
