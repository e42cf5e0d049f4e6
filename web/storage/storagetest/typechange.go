package storagetest

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"

	"lawreview/review"
	"lawreview/web/storage"
)

// A type change writes all or nothing, keeps comments of the findings it
// drops, and no id of a dropped finding is ever given to another.
func testChangeTypeStore(t *testing.T, b Backend) {
	s := b.open(t)
	w := seed(t, s)
	ctx := context.Background()
	up := upload(w, 0)
	up.Review.Type, up.Review.DetectedType, up.Review.Notices, up.Review.LikelyType = "其他", "其他", []string{"文件类型未能确定，已按全部规则检查"}, "村规民约"
	up.Findings = append(up.Findings, storage.Finding{Origin: "engine", Rule: "nd-penalty", Severity: "error", Message: "不得罚款", Quote: "罚款", Start: 0, End: 2})
	docID, _, revID, err := s.CreateUpload(ctx, up, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.Review(ctx, revID)
	if r.DetectedType != "其他" || r.LikelyType != "村规民约" || len(r.Notices) != 1 {
		t.Fatalf("stored review: %+v", r)
	}
	fs, _ := s.Findings(ctx, revID)
	drop := fs[len(fs)-1] // the largest id of all: SQLite would give it again
	cid, err := s.AddComment(ctx, &storage.Comment{ReviewID: revID, FindingID: drop.ID, UserID: w.reviewer, Body: "请说明", CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	keep := fs[0]
	keep.Message = "新的意见"
	rt := func(rv int64, from []storage.Finding) *storage.Retype {
		var dropped []storage.DroppedFinding
		for _, f := range fs[1:] {
			dropped = append(dropped, storage.DroppedFinding{Finding: f})
		}
		return &storage.Retype{Change: storage.TypeChange{ReviewID: revID, From: "其他", To: "村规民约", Kept: 1, UserID: w.reviewer, At: time.Now(),
			Dropped: dropped},
			RowVersion: rv, Checklist: []review.ChecklistItem{{Item: "制定程序", Status: review.StatusProblem}}, Keep: []storage.Finding{keep}, From: from,
			Event: "文件类型由其他改为村规民约"}
	}
	before, _ := s.Counts(ctx)
	for _, bad := range []*storage.Retype{rt(r.RowVersion+1, fs), rt(r.RowVersion, fs[:1])} {
		if _, err := s.ChangeType(ctx, bad); !errors.Is(err, storage.ErrConflict) {
			t.Errorf("stale change: %v, want a conflict", err)
		}
	}
	if after, _ := s.Counts(ctx); !maps.Equal(before, after) {
		t.Errorf("a refused change wrote: %v → %v", before, after)
	}
	rv, err := s.ChangeType(ctx, rt(r.RowVersion, fs))
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := s.Review(ctx, revID)
	d, _ := s.Document(ctx, docID)
	if rv != r.RowVersion+1 || r2.RowVersion != rv || r2.Type != "村规民约" || d.Type != "村规民约" || len(r2.Notices) != 0 || r2.LikelyType != "" ||
		r2.DetectedType != "其他" || len(r2.Checklist) != 1 {
		t.Errorf("after the change: row %d review %+v document type %s", rv, r2, d.Type)
	}
	now, _ := s.Findings(ctx, revID)
	if len(now) != 1 || now[0].ID != keep.ID || now[0].Message != "新的意见" {
		t.Errorf("findings after the change: %+v", now)
	}
	cms, _ := s.Comments(ctx, revID)
	if len(cms) != 1 || cms[0].FindingID != 0 {
		t.Errorf("comment of the dropped finding: %+v", cms)
	}
	chs, _ := s.TypeChanges(ctx, revID)
	if len(chs) != 1 || len(chs[0].Dropped) != 1 || chs[0].Dropped[0].ID != drop.ID || len(chs[0].Dropped[0].Comments) != 1 ||
		chs[0].Dropped[0].Comments[0] != cid || chs[0].UserName != "王建国" || chs[0].Revision != 1 {
		t.Errorf("recorded change: %+v", chs)
	}
	id, err := s.AddFinding(ctx, &storage.Finding{ReviewID: revID, Origin: "manual", Rule: "manual", Severity: "info", Message: "补充", CreatedBy: w.reviewer}, "新增")
	if err != nil {
		t.Fatal(err)
	}
	if id <= drop.ID {
		t.Errorf("a new finding got id %d, a dropped one had %d", id, drop.ID)
	}
	evs, _ := s.Events(ctx, revID)
	if evs[len(evs)-2].Action != "type" {
		t.Errorf("history: %+v", evs)
	}
}
