package web

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/web/compare"
	"lawreview/web/storage"
)

// FindingJSON is a stored finding in the JSON shape of `lawreview review`
// (review.Finding, embedded so its fields stay at the top level) plus the
// workplace's own fields.
type FindingJSON struct {
	review.Finding
	ID     int64  `json:"id"`
	Origin string `json:"origin"` // engine, manual
	State  string `json:"state"`  // open, accepted, dismissed
	Reason string `json:"reason,omitempty"`
	Edited bool   `json:"edited"`
	// Replacement is the reviewer's exact wording for the quote (修改建议稿).
	Replacement string     `json:"replacement,omitempty"`
	DecidedBy   string     `json:"decided_by,omitempty"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
}

// ReviewJSON is GET /api/v1/reviews/{id}: the review.Report fields (file,
// title, type, text, findings, checklist) plus state.
type ReviewJSON struct {
	File      string                 `json:"file"`
	Title     string                 `json:"title"`
	Type      string                 `json:"type"`
	Text      string                 `json:"text"`
	Findings  []FindingJSON          `json:"findings"`
	Checklist []review.ChecklistItem `json:"checklist"`

	ID           int64               `json:"id"`
	DocumentID   int64               `json:"document_id"`
	VersionID    int64               `json:"version_id"`
	Version      int                 `json:"version"`
	Township     string              `json:"township"`
	MeetingDate  string              `json:"meeting_date,omitempty"`
	FileSHA256   string              `json:"file_sha256"`
	Status       string              `json:"status"` // open, signed
	Conclusion   decision.Conclusion `json:"conclusion"`
	Opinion      string              `json:"opinion"`
	Revision     int                 `json:"revision"`
	RowVersion   int64               `json:"row_version"`
	SignedBy     string              `json:"signed_by,omitempty"`
	SignedAt     *time.Time          `json:"signed_at,omitempty"`
	SignedSHA256 string              `json:"signed_sha256,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func findingJSON(f storage.Finding) FindingJSON {
	return FindingJSON{
		Finding: f.Report(),
		ID:      f.ID, Origin: f.Origin, State: string(f.State), Reason: f.Reason, Edited: f.Edited, Replacement: f.Replacement, DecidedBy: f.DeciderName, DecidedAt: timePtr(f.DecidedAt),
	}
}

// checklist returns the engine's checklist updated by the decisions: an
// item whose findings were all dismissed is ok, an item with a reviewer's
// own finding is a problem.
func checklist(engine []review.ChecklistItem, fs []storage.Finding) []review.ChecklistItem {
	items := slices.Clone(engine)
	live := map[string]int{}
	dismissed := map[string]int{}
	for _, f := range fs {
		if f.State == decision.FindingDismissed {
			dismissed[f.Item]++
		} else {
			live[f.Item]++
		}
	}
	seen := map[string]bool{}
	for i := range items {
		it := &items[i]
		seen[it.Item] = true
		switch {
		case live[it.Item] > 0:
			it.Status = review.StatusProblem
		case it.Status == review.StatusProblem && dismissed[it.Item] > 0:
			it.Status = review.StatusOK
			it.Note = strings.TrimSpace(it.Note + " 审查人已排除全部问题")
		}
	}
	var extra []string
	for item := range live {
		if !seen[item] {
			extra = append(extra, item)
		}
	}
	sort.Strings(extra)
	for _, item := range extra {
		items = append(items, review.ChecklistItem{Item: item, Status: review.StatusProblem})
	}
	return nonNil(items)
}

func (s *Server) reviewJSON(ctx context.Context, r *storage.Review, d *storage.Document) (*ReviewJSON, error) {
	v, err := s.store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	fs, err := s.store.Findings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := &ReviewJSON{File: v.FileName, Title: d.Title, Type: r.Type, Text: r.Text, Findings: []FindingJSON{}, Checklist: checklist(r.Checklist, fs),
		ID: r.ID, DocumentID: d.ID, VersionID: v.ID, Version: v.Number, Township: d.TownshipName, FileSHA256: v.FileSHA256,
		Status: r.Status, Conclusion: r.Conclusion, Opinion: r.Opinion, Revision: r.Revision, RowVersion: r.RowVersion,
		SignedBy: r.SignerName, SignedAt: timePtr(r.SignedAt), SignedSHA256: r.SignedSHA256}
	if !d.MeetingDate.IsZero() {
		out.MeetingDate = d.MeetingDate.Format("2006-01-02")
	}
	for _, f := range fs {
		out.Findings = append(out.Findings, findingJSON(f))
	}
	return out, nil
}

// segment is a run of the draft text covered by the same findings.
type segment struct {
	Start    int
	Text     string
	IDs      string           // space-separated finding ids
	Severity storage.Severity // most severe live finding, "" when none
	Dimmed   bool             // covered only by dismissed findings
	First    int64
}

// segments cuts text at every finding boundary (rune offsets) so that the
// page can highlight overlapping findings without nesting marks.
func segments(text string, fs []storage.Finding) []segment {
	runes := []rune(text)
	n := len(runes)
	cuts := map[int]bool{0: true, n: true}
	for _, f := range fs {
		if f.Start >= 0 && f.End <= n && f.Start < f.End {
			cuts[f.Start], cuts[f.End] = true, true
		}
	}
	points := make([]int, 0, len(cuts))
	for p := range cuts {
		points = append(points, p)
	}
	sort.Ints(points)
	var out []segment
	for i := 0; i+1 < len(points); i++ {
		a, b := points[i], points[i+1]
		sg := segment{Start: a, Text: string(runes[a:b])}
		var ids []string
		live := 0
		for _, f := range fs {
			if f.Start <= a && f.End >= b && f.Start < f.End {
				ids = append(ids, fmt.Sprint(f.ID))
				if sg.First == 0 {
					sg.First = f.ID
				}
				if f.State != decision.FindingDismissed {
					live++
					if f.Severity.Rank() > sg.Severity.Rank() {
						sg.Severity = f.Severity
						sg.First = f.ID
					}
				}
			}
		}
		sg.IDs = strings.Join(ids, " ")
		sg.Dimmed = len(ids) > 0 && live == 0
		out = append(out, sg)
	}
	return out
}

// CompareJSON is GET /api/v1/reviews/{id}/compare.
type CompareJSON struct {
	ReviewID         int64          `json:"review_id"`
	PreviousReviewID int64          `json:"previous_review_id"`
	Version          int            `json:"version"`
	PreviousVersion  int            `json:"previous_version"`
	Diff             []compare.Line `json:"diff"`
	Resolved         []FindingJSON  `json:"resolved"`
	Still            []StillJSON    `json:"still"`
	New              []FindingJSON  `json:"new"`
}

// StillJSON pairs an earlier finding with the one repeating it (nil when
// only the earlier reviewer's quote is still in the text).
type StillJSON struct {
	Previous FindingJSON  `json:"previous"`
	Current  *FindingJSON `json:"current,omitempty"`
}

// compareReviews diffs the review's version against the previous one.
// It returns nil when the review is of the first version.
func (s *Server) compareReviews(ctx context.Context, r *storage.Review) (*CompareJSON, error) {
	v, err := s.store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	if v.Number <= 1 {
		return nil, nil
	}
	vs, err := s.store.Versions(ctx, r.DocumentID)
	if err != nil {
		return nil, err
	}
	var prev *storage.Version
	for i := range vs {
		if vs[i].Number < v.Number && (prev == nil || vs[i].Number > prev.Number) {
			prev = &vs[i]
		}
	}
	if prev == nil {
		return nil, nil
	}
	pr, err := s.store.ReviewByVersion(ctx, prev.ID)
	if err != nil {
		return nil, err
	}
	oldF, err := s.store.Findings(ctx, pr.ID)
	if err != nil {
		return nil, err
	}
	newF, err := s.store.Findings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	// A finding the reviewer dismissed last time is not a problem that
	// could be "still present".
	var oc, nc []compare.Finding
	oldBy := map[int64]storage.Finding{}
	for _, f := range oldF {
		if f.State == decision.FindingDismissed {
			continue
		}
		oc = append(oc, compare.Finding{ID: f.ID, Rule: f.Rule, Quote: f.Quote})
		oldBy[f.ID] = f
	}
	newBy := map[int64]storage.Finding{}
	for _, f := range newF {
		nc = append(nc, compare.Finding{ID: f.ID, Rule: f.Rule, Quote: f.Quote})
		newBy[f.ID] = f
	}
	carry := compare.Findings(oc, nc, r.Text)
	out := &CompareJSON{ReviewID: r.ID, PreviousReviewID: pr.ID, Version: v.Number, PreviousVersion: prev.Number,
		Diff: compare.Lines(pr.Text, r.Text), Resolved: []FindingJSON{}, Still: []StillJSON{}, New: []FindingJSON{}}
	for _, id := range carry.Resolved {
		out.Resolved = append(out.Resolved, findingJSON(oldBy[id]))
	}
	for _, f := range oc {
		cur, ok := carry.Still[f.ID]
		if !ok {
			continue
		}
		st := StillJSON{Previous: findingJSON(oldBy[f.ID])}
		if cur != 0 {
			fj := findingJSON(newBy[cur])
			st.Current = &fj
		}
		out.Still = append(out.Still, st)
	}
	for _, id := range carry.New {
		out.New = append(out.New, findingJSON(newBy[id]))
	}
	return out, nil
}

// opinion assembles the signed opinion of a document's latest signed review.
func (s *Server) opinion(ctx context.Context, d *storage.Document) (*Opinion, error) {
	if d.LatestReviewID == 0 {
		return nil, userErr(404, "尚无审查意见")
	}
	r, err := s.store.Review(ctx, d.LatestReviewID)
	if err != nil {
		return nil, err
	}
	if r.Status != storage.ReviewSigned {
		return nil, userErr(404, "审查意见尚未签发")
	}
	v, err := s.store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	fs, err := s.store.Findings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	sos, err := s.store.Signoffs(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	var so *storage.Signoff
	for i := range sos {
		if sos[i].Revision == r.Revision {
			so = &sos[i]
		}
	}
	if so == nil {
		return nil, fmt.Errorf("review %d revision %d: signed without a sign-off record", r.ID, r.Revision)
	}
	// Signer, office and township as signed (the sign-off's snapshot), not
	// as the accounts and townships are today.
	op := &Opinion{DocumentTitle: d.Title, DocumentType: r.Type, Township: so.TownshipName, Office: so.OfficeName, MeetingDate: d.MeetingDate,
		Version: v.Number, FileName: v.FileName, FileSHA256: v.FileSHA256, Conclusion: r.Conclusion.Label(), Opinion: r.Opinion,
		Reviewer: so.UserName, SignedAt: r.SignedAt, Revision: r.Revision, Received: v.UploadedAt, Checklist: checklist(r.Checklist, fs),
		Number: opinion.DocNumber(so.OfficeName, so.Number)}
	for _, f := range fs {
		if f.State == decision.FindingAccepted {
			op.Findings = append(op.Findings, findingJSON(f).Finding)
		}
	}
	return op, nil
}
