package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"lawreview/corpus/extract"
	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/web/storage"
)

// The reviewer may change the type of a document under review (issue 10):
// the clerk's type, or the detected one, may be wrong, and the type
// decides which rules run and which articles a finding cites. The review
// runs again with the new type on the same text. A finding found again
// keeps its decision and the reviewer's wording, a finding the new type's
// rules do not find any more leaves the review (the page says how many,
// and which), a finding found only now is open. A signed review keeps its
// type: it is reopened first.

// TypeChangeInput is the reviewer's new type, with the row version of the
// review as he saw it.
type TypeChangeInput struct {
	RowVersion int64
	Type       string
}

// TypeChanged is the outcome of a type change.
type TypeChanged struct {
	storage.TypeChange
	RowVersion int64 // the review's, after the change
	Notices    []string
	LikelyType string
}

var errSignedType = fail(Conflict, "该审查已签发，不能更改文件类型；如需更改请先重新打开审查")

// ChangeType reruns an open review of a document's latest version with
// another type and carries the reviewer's decisions over (retype).
func (s *Service) ChangeType(ctx context.Context, u *storage.User, reviewID int64, in TypeChangeInput) (*TypeChanged, error) {
	r, d, _, err := s.Review(ctx, u, reviewID, AccessReview)
	if err != nil {
		return nil, err
	}
	if r.Status != storage.ReviewOpen {
		return nil, errSignedType
	}
	if d.LatestReviewID != r.ID {
		return nil, ErrNewVersion
	}
	in.Type = strings.TrimSpace(in.Type)
	if !slices.Contains(DocTypes, in.Type) {
		return nil, fail(Invalid, "请选择文件类型："+strings.Join(DocTypes, "、"))
	}
	if in.Type == r.Type {
		return nil, fail(Invalid, "文件类型已是"+r.Type+"，未作更改")
	}
	if in.RowVersion != r.RowVersion {
		return nil, ErrStale
	}
	v, err := s.Store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	from, err := s.Store.Findings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	province, err := s.UserProvince(ctx, u)
	if err != nil {
		return nil, err
	}
	done, err := s.heavyOnce(ctx) // given back after the review: storing needs no slot
	if err != nil {
		return nil, err
	}
	defer done()
	rep, err := s.Engine.Review(ctx, ReviewInput{File: v.FileName, Title: d.Title, Text: r.Text, Type: in.Type,
		Paragraphs: s.paragraphsOf(v, r.Text), Province: province})
	done()
	if err != nil {
		return nil, ReviewError(v.FileName, err)
	}
	keep, add, drop, kept, decided := retype(from, rep.Findings)
	rt := &storage.Retype{
		Change: storage.TypeChange{ReviewID: r.ID, From: r.Type, To: in.Type, Kept: kept, KeptDecided: decided, Added: len(add),
			UserID: u.ID, At: s.now()},
		RowVersion: in.RowVersion, Checklist: rep.Checklist, Notices: rep.Notices, LikelyType: rep.LikelyType,
		Keep: keep, Add: add, From: from,
	}
	for _, f := range drop {
		rt.Change.Dropped = append(rt.Change.Dropped, storage.DroppedFinding{Finding: f})
	}
	dropped := len(drop)
	rt.Event = fmt.Sprintf("文件类型由%s改为%s，重新检查：%s", r.Type, in.Type, TypeChangeCounts(kept, decided, dropped, len(add)))
	rv, err := s.Store.ChangeType(ctx, rt)
	if err != nil {
		if errors.Is(err, storage.ErrSuperseded) {
			return nil, ErrNewVersion
		}
		if errors.Is(err, storage.ErrConflict) {
			if cur, e := s.Store.Review(ctx, reviewID); e == nil && cur.Status == storage.ReviewSigned {
				return nil, errSignedType
			}
			return nil, ErrStale
		}
		return nil, err
	}
	s.audit(ctx, u, storage.AuditTypeChange, fmt.Sprintf("review:%d", r.ID),
		fmt.Sprintf("%s → %s；%s", r.Type, in.Type, TypeChangeCounts(kept, decided, dropped, len(add))))
	return &TypeChanged{TypeChange: rt.Change, RowVersion: rv, Notices: rep.Notices, LikelyType: rep.LikelyType}, nil
}

// TypeChangeCounts says in words what a type change did to the findings.
func TypeChangeCounts(kept, decided, dropped, added int) string {
	parts := []string{fmt.Sprintf("%d 条意见仍然适用（其中 %d 条保留了处理决定）", kept, decided)}
	parts = append(parts, fmt.Sprintf("%d 条意见因类型变更不再适用", dropped))
	parts = append(parts, fmt.Sprintf("新增 %d 条意见", added))
	return strings.Join(parts, "，")
}

// paragraphsOf extracts the version's file again for its paragraphs, so
// that a rerun reads a table row as one sentence as the first run did,
// and the review page can show the rows (TableRows).
// Offsets are into the extracted text: when it is not the review's text
// (the extractor changed since the upload), or the file cannot be read,
// the review runs on its text alone.
func (s *Service) paragraphsOf(v *storage.Version, text string) []extract.Paragraph {
	f, err := s.Files.Open(v.FileSHA256)
	if err != nil {
		s.Logger.Warn("stored file unreadable: its paragraphs (table rows) are not used", "version", v.ID, "error", err)
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		s.Logger.Warn("stored file unreadable: its paragraphs (table rows) are not used", "version", v.ID, "error", err)
		return nil
	}
	xd, err := ExtractDraft(v.FileName, data, max(s.MaxUpload, v.FileSize))
	if err != nil || xd.Text != text {
		return nil
	}
	return xd.Paragraphs
}

// retype plans how a review's findings carry over to a rerun's: the
// reviewer's own findings stay as they are; each engine finding is paired
// with one found again, by the same rule at the same place, else the same
// rule on the same words, else a rule of either's merged set on
// overlapping words (the merge may name another rule once the type
// changed). keep are the stored findings (by ID) with their new contents,
// add the rerun's findings left over, drop the stored findings not found
// again; kept counts the engine findings found again, decided those of
// them that carried a decision or the reviewer's wording.
func retype(stored []storage.Finding, found []review.Finding) (keep, add, drop []storage.Finding, kept, decided int) {
	var old []int
	for i, f := range stored {
		if f.Origin == "manual" {
			keep = append(keep, f)
			continue
		}
		old = append(old, i)
	}
	pair := map[int]int{} // stored index -> found index
	taken := make([]bool, len(found))
	passes := []func(o storage.Finding, n review.Finding) bool{
		func(o storage.Finding, n review.Finding) bool {
			return o.Rule == n.Rule && o.Start == n.Start && o.End == n.End
		},
		func(o storage.Finding, n review.Finding) bool {
			return o.Rule == n.Rule && o.Quote != "" && o.Quote == n.Quote
		},
		func(o storage.Finding, n review.Finding) bool {
			return o.Start < n.End && n.Start < o.End && shareRule(rulesOf(o.Rule, o.Engine), rulesOf(n.Rule, &n))
		},
	}
	for _, match := range passes {
		for _, i := range old {
			if _, ok := pair[i]; ok {
				continue
			}
			best := -1
			for j, n := range found {
				if taken[j] || !match(stored[i], n) {
					continue
				}
				if best < 0 || abs(n.Start-stored[i].Start) < abs(found[best].Start-stored[i].Start) {
					best = j
				}
			}
			if best >= 0 {
				pair[i], taken[best] = best, true
			}
		}
	}
	for _, i := range old {
		j, ok := pair[i]
		if !ok {
			drop = append(drop, stored[i])
			continue
		}
		f, carried := carryOver(stored[i], found[j])
		keep = append(keep, f)
		kept++
		if carried {
			decided++
		}
	}
	for j, n := range found {
		if !taken[j] {
			add = append(add, engineFinding(n))
		}
	}
	return keep, add, drop, kept, decided
}

// carryOver is a stored finding found again as n: the rerun's rule,
// place, basis and articles with the reviewer's decision, and his wording
// where he changed it. carried reports whether there was any to carry.
func carryOver(o storage.Finding, n review.Finding) (f storage.Finding, carried bool) {
	f = o // ID, origin, state, reason, who decided and when, replacement
	f.Engine = &n
	f.Rule, f.Item, f.Basis, f.Related = n.Rule, n.Item, n.Basis, n.Related
	if !o.Edited {
		f.Message, f.Suggestion = n.Message, n.Suggestion
	}
	// The engine's own severity follows the rerun; one the reviewer set stays.
	severitySet := o.Engine == nil || o.Severity != o.Engine.Severity
	if !severitySet {
		f.Severity = n.Severity
	}
	// A replacement is wording for exactly the old quote: the place stays
	// where it is when the rerun quotes other words.
	if o.Replacement == "" || o.Quote == n.Quote {
		f.Quote, f.Start, f.End, f.Line = n.Quote, n.Start, n.End, n.Line
	}
	carried = o.State != decision.FindingOpen || o.Edited || o.Replacement != "" || (o.Engine != nil && severitySet)
	return f, carried
}

func rulesOf(rule string, f *review.Finding) []string {
	out := []string{rule}
	if f != nil {
		out = append(out, f.Merged...)
	}
	return out
}

func shareRule(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
