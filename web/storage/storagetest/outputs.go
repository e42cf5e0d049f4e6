package storagetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"lawreview/review/opinion"
	"lawreview/web/storage"
)

// The office's 版头 is stored, and a sign-off keeps it as it was, with the
// reviewer's choice about the annex; later changes of the office leave
// signed opinions alone.
func testLetterheadSnapshot(t *testing.T, b Backend) {
	s := b.open(t)
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
func testSignedFiles(t *testing.T, b Backend) {
	s := b.open(t)
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
