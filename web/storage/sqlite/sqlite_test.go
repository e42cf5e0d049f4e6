package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lawreview/review/opinion"
	"lawreview/web/storage"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrationsAndPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.SchemaVersion(context.Background())
	if err != nil || v < 3 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	var fk int
	var mode string
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if fk != 1 || mode != "wal" {
		t.Errorf("foreign_keys=%d journal_mode=%s", fk, mode)
	}
	s.Close()
	// Reopening applies nothing twice.
	s, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if v2, _ := s.SchemaVersion(context.Background()); v2 != v {
		t.Errorf("version changed on reopen: %d -> %d", v, v2)
	}
	// Foreign keys are enforced.
	if _, err := s.CreateTownship(context.Background(), "孤镇", 999); err == nil {
		t.Error("township with a missing office accepted")
	}
}

type world struct {
	office, town, clerk, reviewer int64
}

func seed(t *testing.T, s *Store) world {
	t.Helper()
	ctx := context.Background()
	var w world
	var err error
	if w.office, err = s.CreateOffice(ctx, "城关司法所"); err != nil {
		t.Fatal(err)
	}
	if w.town, err = s.CreateTownship(ctx, "东湖镇", w.office); err != nil {
		t.Fatal(err)
	}
	if w.clerk, err = s.CreateUser(ctx, &storage.User{Username: "c", DisplayName: "张敏", Role: storage.RoleClerk, TownshipID: w.town, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	if w.reviewer, err = s.CreateUser(ctx, &storage.User{Username: "r", DisplayName: "王建国", Role: storage.RoleReviewer, OfficeID: w.office, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func upload(w world, docID int64) *storage.NewUpload {
	return &storage.NewUpload{
		Document: storage.Document{ID: docID, TownshipID: w.town, Title: "村规民约", Type: "村规民约", MeetingDate: time.Now(), CreatedBy: w.clerk},
		Version:  storage.Version{FileName: "a.txt", FileSHA256: "ab", FileSize: 3, Format: "txt", Text: "罚款", UploadedBy: w.clerk},
		Review:   storage.Review{Type: "村规民约", Text: "罚款", Checklist: nil},
		Findings: []storage.Finding{{Origin: "engine", Rule: "vr-fine", Severity: "error", Message: "不得罚款", Quote: "罚款", Start: 0, End: 2}},
	}
}

// A failing commit hook (the file cannot be moved into place) rolls the
// whole upload back.
func TestCreateUploadRollsBack(t *testing.T) {
	s := openTest(t)
	w := seed(t, s)
	ctx := context.Background()
	before, _ := s.Counts(ctx)
	boom := errors.New("rename failed")
	if _, _, _, err := s.CreateUpload(ctx, upload(w, 0), func() error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	after, _ := s.Counts(ctx)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d rows before, %d after a failed upload", k, v, after[k])
		}
	}
	docID, _, _, err := s.CreateUpload(ctx, upload(w, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, v2, _, err := s.CreateUpload(ctx, upload(w, docID), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.Version(ctx, v2)
	d, _ := s.Document(ctx, docID)
	if v.Number != 2 || d.LatestVersion != 2 || d.Errors != 1 {
		t.Errorf("second version: number %d, latest %d, errors %d", v.Number, d.LatestVersion, d.Errors)
	}
}

// Concurrent sign-offs with the same row version: one wins; opinion
// numbers count up per office and year without gaps or repeats.
func TestSignoffOptimisticAndNumbers(t *testing.T) {
	s := openTest(t)
	w := seed(t, s)
	ctx := context.Background()
	format := &opinion.Numbering{Pattern: "{year}-{n}"}
	var numbers []string
	for i := 0; i < 3; i++ {
		_, _, rid, err := s.CreateUpload(ctx, upload(w, 0), nil)
		if err != nil {
			t.Fatal(err)
		}
		dv := derived(t, s, rid, &storage.Signoff{Conclusion: "合法", SignedAt: time.Now()})
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for j := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[j] = s.Signoff(ctx, rid, 1, &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now(), Numbering: format}, storage.DocSigned, dv)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, storage.ErrConflict):
				t.Fatalf("unexpected error %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d sign-offs succeeded, want 1", ok)
		}
		sos, _ := s.Signoffs(ctx, rid)
		numbers = append(numbers, sos[0].Number)
	}
	y := time.Now().Format("2006")
	if want := []string{y + "-1", y + "-2", y + "-3"}; numbers[0] != want[0] || numbers[1] != want[1] || numbers[2] != want[2] {
		t.Errorf("numbers %v, want %v", numbers, want)
	}
}

func TestOfficeProvince(t *testing.T) {
	s := openTest(t)
	w := seed(t, s)
	ctx := context.Background()
	if err := s.SetOfficeProvince(ctx, w.office, "浙江"); err != nil {
		t.Fatal(err)
	}
	os, err := s.ListOffices(ctx)
	if err != nil || len(os) != 1 || os[0].Province != "浙江" {
		t.Fatalf("offices %+v, %v", os, err)
	}
	if err := s.SetOfficeProvince(ctx, 42, "浙江"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("missing office: %v", err)
	}
}

func TestDuplicatesAndNotFound(t *testing.T) {
	s := openTest(t)
	w := seed(t, s)
	ctx := context.Background()
	if _, err := s.CreateOffice(ctx, "城关司法所"); !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("duplicate office: %v", err)
	}
	if _, err := s.CreateUser(ctx, &storage.User{Username: "c", DisplayName: "x", Role: storage.RoleClerk, TownshipID: w.town, PasswordHash: "x"}); !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("duplicate user: %v", err)
	}
	if _, err := s.Document(ctx, 42); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("missing document: %v", err)
	}
	if err := s.Signoff(ctx, 42, 1, &storage.Signoff{UserID: w.reviewer, SignedAt: time.Now()}, storage.DocSigned, derived(t, s, 42, nil)); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("sign-off of a missing review: %v", err)
	}
}

// The latest-version check of a sign-off and a reopen runs inside their
// transactions (issue 14, defect 4), and the sign-off records who signed,
// for which office and township, as they were (defect 6).
func TestSignoffLatestAndSnapshot(t *testing.T) {
	s := openTest(t)
	w := seed(t, s)
	ctx := context.Background()
	docID, _, r1, err := s.CreateUpload(ctx, upload(w, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.CreateUpload(ctx, upload(w, docID), nil); err != nil {
		t.Fatal(err)
	}
	so := &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now()}
	if err := s.Signoff(ctx, r1, 1, so, storage.DocSigned, derived(t, s, r1, so)); !errors.Is(err, storage.ErrSuperseded) {
		t.Fatalf("sign-off of version 1 after version 2: %v, want ErrSuperseded", err)
	}
	if d, _ := s.Document(ctx, docID); d.Status != storage.DocPending {
		t.Fatalf("document status %s after a refused sign-off", d.Status)
	}
	d, _ := s.Document(ctx, docID)
	if err := s.Signoff(ctx, d.LatestReviewID, 1, so, storage.DocSigned, derived(t, s, d.LatestReviewID, so)); err != nil {
		t.Fatal(err)
	}
	if so.UserName != "王建国" || so.OfficeName != "城关司法所" || so.TownshipName != "东湖镇" || so.OfficeID != w.office {
		t.Fatalf("snapshot %+v", so)
	}
	other, _ := s.CreateOffice(ctx, "南河司法所")
	if err := s.SetTownshipOffice(ctx, w.town, other); err != nil {
		t.Fatal(err)
	}
	u, _ := s.User(ctx, w.reviewer)
	u.DisplayName = "王某某"
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	sos, _ := s.Signoffs(ctx, d.LatestReviewID)
	if len(sos) != 1 || sos[0].UserName != "王建国" || sos[0].OfficeName != "城关司法所" || sos[0].TownshipName != "东湖镇" {
		t.Fatalf("sign-off after rename and move: %+v", sos)
	}
	if r, _ := s.Review(ctx, d.LatestReviewID); r.SignerName != "王建国" {
		t.Errorf("review signer %q", r.SignerName)
	}
	for office, want := range map[int64]bool{w.office: true, other: false} {
		if got, err := s.OfficeSigned(ctx, docID, office); err != nil || got != want {
			t.Errorf("OfficeSigned(office %d) = %v, %v; want %v", office, got, err, want)
		}
	}
	if err := s.Reopen(ctx, r1, 1, w.reviewer, "重审", time.Now()); err == nil {
		t.Error("reopened the review of a superseded version")
	}
}

// The office's 版头 is stored, and a sign-off keeps it as it was, with the
// reviewer's choice about the annex; later changes of the office leave
// signed opinions alone.
func TestLetterheadSnapshot(t *testing.T) {
	s := openTest(t)
	w := seed(t, s)
	ctx := context.Background()
	if err := s.SetOfficeLetterhead(ctx, w.office, opinion.Letterhead{Text: "城关镇司法所"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOfficeLetterhead(ctx, 42, opinion.Letterhead{Off: true}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("missing office: %v", err)
	}
	_, _, rid, err := s.CreateUpload(ctx, upload(w, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	so := &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now(), OmitAnnex: true}
	if err := s.Signoff(ctx, rid, 1, so, storage.DocSigned, derived(t, s, rid, so)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOfficeLetterhead(ctx, w.office, opinion.Letterhead{Off: true}); err != nil {
		t.Fatal(err)
	}
	os, _ := s.ListOffices(ctx)
	if !os[0].Letterhead.Off || os[0].Letterhead.Text != "" {
		t.Errorf("office letterhead %+v", os[0].Letterhead)
	}
	sos, _ := s.Signoffs(ctx, rid)
	if len(sos) != 1 || sos[0].Letterhead != (opinion.Letterhead{Text: "城关镇司法所"}) || !sos[0].OmitAnnex {
		t.Errorf("sign-off snapshot %+v", sos)
	}
}

// A signed round keeps the first file of each kind; a second one is not
// kept (its commit hook does not run), a failing hook keeps nothing, only
// signed rounds keep files, and the file store is told to keep them.
func TestSignedFiles(t *testing.T) {
	s := openTest(t)
	w := seed(t, s)
	ctx := context.Background()
	_, _, rid, err := s.CreateUpload(ctx, upload(w, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := func(c byte) string { return strings.Repeat(string(c), 64) }
	f := &storage.SignedFile{ReviewID: rid, Revision: 1, Kind: storage.OutputOpinionDocx, SHA256: sum('a'), Size: 10, CreatedAt: time.Now()}
	if _, err := s.AddSignedFile(ctx, f, nil); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("file of an unsigned round: %v", err)
	}
	so := &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now()}
	if err := s.Signoff(ctx, rid, 1, so, storage.DocSigned, derived(t, s, rid, so)); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("rename failed")
	if _, err := s.AddSignedFile(ctx, f, func() error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("failing hook: %v", err)
	}
	if fs, _ := s.SignedFiles(ctx, rid); len(fs) != 0 {
		t.Fatalf("a failed keep left %+v", fs)
	}
	ran := 0
	kept, err := s.AddSignedFile(ctx, f, func() error { ran++; return nil })
	if err != nil || kept.SHA256 != sum('a') || ran != 1 {
		t.Fatalf("keep: %+v %v (hook ran %d times)", kept, err, ran)
	}
	again := *f
	again.SHA256 = sum('b')
	kept, err = s.AddSignedFile(ctx, &again, func() error { ran++; return nil })
	if err != nil || kept.SHA256 != sum('a') || ran != 1 {
		t.Fatalf("second file of a kind: kept %+v, %v (hook ran %d times)", kept, err, ran)
	}
	fs, err := s.SignedFiles(ctx, rid)
	if err != nil || len(fs) != 1 || fs[0].Kind != storage.OutputOpinionDocx || fs[0].Size != 10 {
		t.Fatalf("signed files %+v, %v", fs, err)
	}
	sums, err := s.FileSums(ctx)
	if err != nil || !sums[sum('a')] || !sums["ab"] || sums[sum('b')] {
		t.Errorf("file sums %v, %v", sums, err)
	}
}
