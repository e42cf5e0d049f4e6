package storagetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"lawreview/web/storage"
)

// Bureaus keep their offices and accounts; the register and the
// statistics' facts read a signed review by office and period, and a
// document received outside the period comes with the sign-off that
// names it (the ids handed over in one parameter, which each database
// reads its own way).
func testStatistics(t *testing.T, b Backend) {
	ctx := context.Background()
	s := b.open(t)
	reviewID, _ := signedReview(t, s)
	r, err := s.Review(ctx, reviewID)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Document(ctx, r.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	office := d.OfficeID

	bureau, err := s.CreateBureau(ctx, "某县司法局")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateBureau(ctx, "某县司法局"); !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("second bureau of one name: %v", err)
	}
	if err := s.SetBureauOffices(ctx, bureau, []int64{office, office}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Bureau(ctx, bureau); err != nil || len(got.OfficeIDs) != 1 || got.OfficeIDs[0] != office {
		t.Errorf("bureau %+v, %v", got, err)
	}
	if err := s.SetBureauOffices(ctx, bureau+1, nil); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("offices of a missing bureau: %v", err)
	}
	if _, err := s.Bureau(ctx, bureau+1); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("missing bureau: %v", err)
	}
	uid, err := s.CreateUser(ctx, &storage.User{Username: "county", DisplayName: "赵科长", Role: storage.RoleBureau, BureauID: bureau, PasswordHash: "h"})
	if err != nil {
		t.Fatalf("bureau account: %v", err)
	}
	if u, err := s.User(ctx, uid); err != nil || u.BureauID != bureau || u.BureauName != "某县司法局" {
		t.Errorf("bureau account reads back %+v, %v", u, err)
	}

	reg, err := s.Register(ctx, storage.StatsScope{})
	if err != nil || len(reg) != 1 || reg[0].ReviewID != reviewID || !reg[0].Current || !reg[0].Latest || reg[0].OfficeID != office {
		t.Fatalf("register %+v, %v", reg, err)
	}
	if e, err := s.RegisterEntry(ctx, reg[0].ID); err != nil || e.Number != reg[0].Number {
		t.Errorf("register entry %+v, %v", e, err)
	}
	if _, err := s.RegisterEntry(ctx, reg[0].ID+100); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("missing register entry: %v", err)
	}

	// The sign-off is of 2025; the document was received now.
	signedYear := storage.StatsScope{OfficeIDs: []int64{office},
		From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.Local), To: time.Date(2026, 1, 1, 0, 0, 0, 0, time.Local)}
	if d.CreatedAt.Before(signedYear.To) {
		t.Fatalf("document received %v, inside the year signed", d.CreatedAt)
	}
	f, err := s.StatsFacts(ctx, signedYear)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Signoffs) != 1 || len(f.Documents) != 1 || f.Documents[0].ID != d.ID || len(f.Findings) == 0 {
		t.Errorf("facts of the year signed: %d sign-offs, documents %+v, %d findings", len(f.Signoffs), f.Documents, len(f.Findings))
	}
	for _, sc := range []storage.StatsScope{
		{OfficeIDs: []int64{}, From: signedYear.From, To: signedYear.To},
		{From: signedYear.To, To: signedYear.To.AddDate(0, 0, 1)},
	} {
		f, err := s.StatsFacts(ctx, sc)
		if err != nil || len(f.Signoffs)+len(f.Documents)+len(f.Findings)+len(f.Revisions) != 0 {
			t.Errorf("facts of %+v: %+v, %v", sc, f, err)
		}
	}
}
