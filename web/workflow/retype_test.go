package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/web/storage"
)

// TestRetypePlan: how a review's findings carry over to a rerun's, one
// case per way of being found again, dropped or new.
func TestRetypePlan(t *testing.T) {
	eng := func(rule string, start, end int, quote string, sev review.Severity, merged ...string) review.Finding {
		return review.Finding{Rule: rule, Item: "内容合法性", Severity: sev, Message: rule + "的意见", Suggestion: rule + "的建议",
			Quote: quote, Start: start, End: end, Line: 1, Basis: []review.Basis{{Law: rule + "法", Article: "第一条"}}, Merged: merged}
	}
	stored := func(id int64, f review.Finding, edit func(*storage.Finding)) storage.Finding {
		s := engineFinding(f)
		s.ID, s.State = id, decision.FindingOpen
		if edit != nil {
			edit(&s)
		}
		return s
	}
	accepted := func(s *storage.Finding) { s.State = decision.FindingAccepted; s.DecidedBy = 7 }
	cases := []struct {
		name    string
		stored  []storage.Finding
		found   []review.Finding
		check   func(t *testing.T, keep []storage.Finding)
		kept    []int64 // ids kept, in any order
		dropped []int64
		added   []string
		decided int
	}{
		{
			name:   "same rule at the same place keeps the decision and takes the rerun's basis",
			stored: []storage.Finding{stored(1, eng("vr-fine", 5, 9, "罚款百元", review.SeverityError), accepted)},
			found: []review.Finding{func() review.Finding {
				f := eng("vr-fine", 5, 9, "罚款百元", review.SeverityError)
				f.Basis[0].Law = "村民委员会组织法"
				return f
			}()},
			kept: []int64{1}, decided: 1,
			check: func(t *testing.T, keep []storage.Finding) {
				if keep[0].State != decision.FindingAccepted || keep[0].DecidedBy != 7 || keep[0].Basis[0].Law != "村民委员会组织法" {
					t.Errorf("kept %+v", keep[0])
				}
			},
		},
		{
			name:   "same rule on the same words elsewhere",
			stored: []storage.Finding{stored(1, eng("nd-designated-supplier", 10, 20, "指定建材市场", review.SeverityError), accepted)},
			found:  []review.Finding{eng("nd-designated-supplier", 12, 22, "指定建材市场", review.SeverityError)},
			kept:   []int64{1}, decided: 1,
			check: func(t *testing.T, keep []storage.Finding) {
				if keep[0].Start != 12 || keep[0].End != 22 {
					t.Errorf("kept at %d-%d, want the rerun's place 12-22", keep[0].Start, keep[0].End)
				}
			},
		},
		{
			name:   "the merge names another rule of the same place",
			stored: []storage.Finding{stored(1, eng("nd-penalty", 5, 9, "罚款百元", review.SeverityError, "vr-fine"), func(s *storage.Finding) { s.State, s.Reason = decision.FindingDismissed, "已有授权" })},
			found:  []review.Finding{eng("vr-fine", 4, 9, "由罚款百元", review.SeverityError, "vr-sanction-catchall")},
			kept:   []int64{1}, decided: 1,
			check: func(t *testing.T, keep []storage.Finding) {
				if keep[0].Rule != "vr-fine" || keep[0].State != decision.FindingDismissed || keep[0].Reason != "已有授权" {
					t.Errorf("kept %+v", keep[0])
				}
			},
		},
		{
			name:    "another rule at the same place is another finding",
			stored:  []storage.Finding{stored(1, eng("nd-penalty", 5, 9, "罚款百元", review.SeverityError), accepted)},
			found:   []review.Finding{eng("vr-fine", 5, 9, "罚款百元", review.SeverityError, "vr-sanction-catchall")},
			added:   []string{"vr-fine"},
			dropped: []int64{1},
		},
		{
			name:    "a finding no longer found is dropped, one found only now is open",
			stored:  []storage.Finding{stored(1, eng("nd-local-protection", 30, 40, "外地企业", review.SeverityError), accepted)},
			found:   []review.Finding{eng("vr-adoption", 0, 4, "情况说明", review.SeverityWarning)},
			added:   []string{"vr-adoption"},
			dropped: []int64{1},
		},
		{
			name: "the reviewer's wording and severity stay, the engine's follow the rerun",
			stored: []storage.Finding{
				stored(1, eng("a", 0, 2, "甲乙", review.SeverityError), func(s *storage.Finding) {
					s.Message, s.Edited, s.Severity = "审查人改写的意见", true, review.SeverityWarning
				}),
				stored(2, eng("b", 3, 5, "丙丁", review.SeverityWarning), nil),
			},
			found: []review.Finding{eng("a", 0, 2, "甲乙", review.SeverityError), func() review.Finding {
				f := eng("b", 3, 5, "丙丁", review.SeverityError)
				f.Message = "新的意见"
				return f
			}()},
			kept: []int64{1, 2}, decided: 1,
			check: func(t *testing.T, keep []storage.Finding) {
				for _, f := range keep {
					switch f.ID {
					case 1:
						if f.Message != "审查人改写的意见" || f.Severity != review.SeverityWarning || !f.Edited {
							t.Errorf("reviewer's wording lost: %+v", f)
						}
					case 2:
						if f.Message != "新的意见" || f.Severity != review.SeverityError || f.State != decision.FindingOpen {
							t.Errorf("engine's wording not followed: %+v", f)
						}
					}
				}
			},
		},
		{
			name: "a replacement stays on the words it replaces",
			stored: []storage.Finding{stored(1, eng("c", 5, 9, "罚款百元", review.SeverityError, "d"), func(s *storage.Finding) {
				s.Replacement = "批评教育"
			})},
			found: []review.Finding{eng("d", 4, 11, "由罚款百元处理", review.SeverityError, "c")},
			kept:  []int64{1}, decided: 1,
			check: func(t *testing.T, keep []storage.Finding) {
				if keep[0].Quote != "罚款百元" || keep[0].Start != 5 || keep[0].Replacement != "批评教育" {
					t.Errorf("replacement moved: %+v", keep[0])
				}
			},
		},
		{
			name: "the reviewer's own finding stays as it is",
			stored: []storage.Finding{{ID: 9, Origin: "manual", Rule: "manual", Message: "审查人的意见", Quote: "甲", Start: 0, End: 1,
				State: decision.FindingAccepted}},
			kept: []int64{9},
		},
		{
			name: "two findings of one rule on the same words pair by place",
			stored: []storage.Finding{
				stored(1, eng("vr-fine", 0, 4, "罚款百元", review.SeverityError), accepted),
				stored(2, eng("vr-fine", 20, 24, "罚款百元", review.SeverityError), nil),
			},
			found: []review.Finding{eng("vr-fine", 21, 25, "罚款百元", review.SeverityError), eng("vr-fine", 1, 5, "罚款百元", review.SeverityError)},
			kept:  []int64{1, 2}, decided: 1,
			check: func(t *testing.T, keep []storage.Finding) {
				for _, f := range keep {
					if f.ID == 1 && f.Start != 1 || f.ID == 2 && f.Start != 21 {
						t.Errorf("finding %d paired with the one at %d", f.ID, f.Start)
					}
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keep, add, drop, kept, decided := retype(c.stored, c.found)
			id := func(f storage.Finding) int64 { return f.ID }
			if got := sortedOf(keep, id); !slices.Equal(got, slices.Sorted(slices.Values(c.kept))) {
				t.Errorf("kept %v, want %v", got, c.kept)
			}
			if got := sortedOf(drop, id); !slices.Equal(got, slices.Sorted(slices.Values(c.dropped))) {
				t.Errorf("dropped %v, want %v", got, c.dropped)
			}
			var rules []string
			for _, f := range add {
				rules = append(rules, f.Rule)
				if f.ID != 0 || f.State != "" && f.State != decision.FindingOpen || f.Engine == nil {
					t.Errorf("added finding not new and open: %+v", f)
				}
			}
			if !slices.Equal(rules, c.added) {
				t.Errorf("added %v, want %v", rules, c.added)
			}
			manual := 0
			for _, f := range c.stored {
				if f.Origin == "manual" {
					manual++
				}
			}
			if kept != len(keep)-manual || decided != c.decided {
				t.Errorf("counts kept %d decided %d, want %d %d", kept, decided, len(keep)-manual, c.decided)
			}
			if c.check != nil && len(keep) > 0 {
				c.check(t, keep)
			}
		})
	}
}

// TestChangeType: the reviewer changes the type of a document under
// review; decisions on findings found again are kept, findings no longer
// found leave the review (and are recorded), new ones are open; the
// change is in the history and the audit log, and the document takes the
// type.
func TestChangeType(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	res := env.upload(t, "auto")
	if res.Type != review.TypeOther || res.DetectedType != review.TypeOther || res.LikelyType != "村规民约" ||
		!slices.Contains(res.Notices, review.NoticeAllRules) {
		t.Fatalf("upload of an uncertain draft: %+v", res)
	}
	r, _ := env.st.Review(ctx, res.ReviewID)
	if r.DetectedType != review.TypeOther || r.LikelyType != "村规民约" || !slices.Contains(r.Notices, review.NoticeAllRules) {
		t.Fatalf("stored review: detected %q likely %q notices %v", r.DetectedType, r.LikelyType, r.Notices)
	}
	fs, _ := env.st.Findings(ctx, r.ID)
	supplier, interp, fine := byRule(t, fs, "nd-designated-supplier"), byRule(t, fs, "nd-interpretation"), byRule(t, fs, "vr-fine")
	s := env.s
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Decide(ctx, env.reviewer, r.ID, supplier.ID, Decision{Action: ActionAccept}))
	msg := "镇政府不得指定建材市场，请删除本条。"
	must(s.Decide(ctx, env.reviewer, r.ID, supplier.ID, Decision{Action: ActionEdit, Message: &msg}))
	must(s.Decide(ctx, env.reviewer, r.ID, interp.ID, Decision{Action: ActionDismiss, Reason: "另行研究"}))
	cid, err := s.Comment(ctx, env.reviewer, r.ID, interp.ID, "解释一条请经办人说明来源。")
	must(err)
	own, err := s.AddFinding(ctx, env.reviewer, r.ID, NewFinding{Start: 0, End: 4, Message: "标题应写明文件名称"})
	must(err)

	// Who may not, and when not.
	for _, c := range []struct {
		name string
		u    *storage.User
		in   TypeChangeInput
		kind Kind
	}{
		{"clerk", env.clerk, TypeChangeInput{RowVersion: r.RowVersion, Type: "村规民约"}, Forbidden},
		{"adviser of no document", env.adviser, TypeChangeInput{RowVersion: r.RowVersion, Type: "村规民约"}, NotFound},
		{"reviewer of another office", env.other, TypeChangeInput{RowVersion: r.RowVersion, Type: "村规民约"}, NotFound},
		{"the same type", env.reviewer, TypeChangeInput{RowVersion: r.RowVersion, Type: review.TypeOther}, Invalid},
		{"no such type", env.reviewer, TypeChangeInput{RowVersion: r.RowVersion, Type: "通知"}, Invalid},
		{"auto", env.reviewer, TypeChangeInput{RowVersion: r.RowVersion, Type: "auto"}, Invalid},
		{"a stale page", env.reviewer, TypeChangeInput{RowVersion: r.RowVersion - 1, Type: "村规民约"}, Conflict},
	} {
		if _, err := s.ChangeType(ctx, c.u, r.ID, c.in); kindOf(err) != c.kind {
			t.Errorf("%s: %v, want kind %d", c.name, err, c.kind)
		}
	}
	if cur, _ := env.st.Findings(ctx, r.ID); len(cur) != len(fs)+1 {
		t.Fatalf("a refused change changed the findings: %v", rulesIn(cur))
	}

	ch, err := s.ChangeType(ctx, env.reviewer, r.ID, TypeChangeInput{RowVersion: r.RowVersion, Type: "村规民约"})
	must(err)
	after, _ := env.st.Findings(ctx, r.ID)
	// Found again: the designated supplier keeps its decision and wording,
	// the fine stays open, the reviewer's own finding stays.
	got := byRule(t, after, "nd-designated-supplier")
	if got.ID != supplier.ID || got.State != decision.FindingAccepted || got.Message != msg || !got.Edited {
		t.Errorf("decision on the designated supplier not kept: %+v", got)
	}
	if got := byRule(t, after, "vr-fine"); got.ID != fine.ID || got.State != decision.FindingOpen {
		t.Errorf("the fine: %+v", got)
	}
	if got := byRule(t, after, "manual"); got.ID != own {
		t.Errorf("the reviewer's own finding: %+v", got)
	}
	// New: the adoption by the villagers' meeting, open.
	if got := byRule(t, after, "vr-adoption"); got.State != decision.FindingOpen || got.ID <= own {
		t.Errorf("the new finding: %+v", got)
	}
	// Dropped: who interprets the 办法, with its decision, recorded with the
	// change. (Local protection stays: it reaches any text about firms.)
	for _, f := range after {
		if f.Rule == "nd-interpretation" || f.ID == interp.ID {
			t.Errorf("a finding no longer found is still there: %+v", f)
		}
	}
	if ch.Kept != 3 || ch.KeptDecided != 1 || ch.Added != 1 || len(ch.Dropped) != 1 || ch.From != review.TypeOther || ch.To != "村规民约" {
		t.Errorf("change: kept %d decided %d added %d dropped %d %s→%s", ch.Kept, ch.KeptDecided, ch.Added, len(ch.Dropped), ch.From, ch.To)
	}
	chs, err := env.st.TypeChanges(ctx, r.ID)
	must(err)
	if len(chs) != 1 || len(chs[0].Dropped) != 1 {
		t.Fatalf("recorded changes: %+v", chs)
	}
	d := chs[0].Dropped[0]
	if d.ID != interp.ID || d.State != decision.FindingDismissed || d.Reason != "另行研究" || !slices.Equal(d.Comments, []int64{cid}) || chs[0].UserName != "王建国" {
		t.Errorf("dropped finding recorded as %+v (comments %v)", d.Finding, d.Comments)
	}
	// Its comment stays, on the review as a whole.
	cms, _ := env.st.Comments(ctx, r.ID)
	if len(cms) != 1 || cms[0].FindingID != 0 {
		t.Errorf("comments after the change: %+v", cms)
	}
	// The review and the document take the type; the notice is gone.
	r2, _ := env.st.Review(ctx, r.ID)
	doc, _ := env.st.Document(ctx, r.DocumentID)
	if r2.Type != "村规民约" || doc.Type != "村规民约" || len(r2.Notices) != 0 || r2.LikelyType != "" || r2.RowVersion != ch.RowVersion || r2.RowVersion != r.RowVersion+1 {
		t.Errorf("after the change: review %s notices %v likely %q row %d (%d), document %s", r2.Type, r2.Notices, r2.LikelyType, r2.RowVersion, ch.RowVersion, doc.Type)
	}
	if r2.DetectedType != review.TypeOther {
		t.Errorf("detected type changed to %q", r2.DetectedType)
	}
	evs, _ := env.st.Events(ctx, r.ID)
	if last := evs[len(evs)-1]; last.Action != "type" || !strings.Contains(last.Detail, "1 条意见因类型变更不再适用") {
		t.Errorf("history: %+v", last)
	}
	log, _ := env.st.AuditLog(ctx, 50, 0)
	audited := false
	for _, e := range log {
		if e.Action == storage.AuditTypeChange && e.Target == fmt.Sprintf("review:%d", r.ID) && strings.Contains(e.Detail, "其他 → 村规民约") {
			audited = true
		}
	}
	if !audited {
		t.Error("the type change is not in the audit log")
	}

	// And back: the checklist and notices follow again; the decision on the
	// designated supplier is still kept.
	ch, err = s.ChangeType(ctx, env.reviewer, r.ID, TypeChangeInput{RowVersion: r2.RowVersion, Type: review.TypeOther})
	must(err)
	r3, _ := env.st.Review(ctx, r.ID)
	if !slices.Contains(r3.Notices, review.NoticeAllRules) || r3.LikelyType != "村规民约" {
		t.Errorf("back to 其他: notices %v likely %q", r3.Notices, r3.LikelyType)
	}
	back, _ := env.st.Findings(ctx, r.ID)
	if got := byRule(t, back, "nd-designated-supplier"); got.ID != supplier.ID || got.State != decision.FindingAccepted {
		t.Errorf("decision lost going back: %+v", got)
	}
	if got := byRule(t, back, "nd-interpretation"); got.State != decision.FindingOpen || got.ID == interp.ID {
		t.Errorf("the interpretation clause found again must be new and open: %+v", got)
	}

	// A signed review keeps its type until it is reopened.
	_, err = s.Signoff(ctx, env.reviewer, r.ID, Conclusion{RowVersion: r3.RowVersion, Conclusion: decision.ConclusionUnlawful, Opinion: "不予通过。"})
	must(err)
	r4, _ := env.st.Review(ctx, r.ID)
	if _, err := s.ChangeType(ctx, env.reviewer, r.ID, TypeChangeInput{RowVersion: r4.RowVersion, Type: "村规民约"}); kindOf(err) != Conflict ||
		!strings.Contains(err.Error(), "重新打开") {
		t.Errorf("change of a signed review: %v", err)
	}
	must(s.Reopen(ctx, env.reviewer, r.ID, r4.RowVersion, "类型有误"))
	r5, _ := env.st.Review(ctx, r.ID)
	if _, err := s.ChangeType(ctx, env.reviewer, r.ID, TypeChangeInput{RowVersion: r5.RowVersion, Type: "村规民约"}); err != nil {
		t.Errorf("change after reopening: %v", err)
	}

	// A new version makes the old review read-only for type changes too.
	if _, err := s.AddVersion(ctx, env.clerk, r.DocumentID, UploadInput{Type: "村规民约", FileName: "情况说明.txt", File: strings.NewReader(uncertainDraft)}); err != nil {
		t.Fatal(err)
	}
	r6, _ := env.st.Review(ctx, r.ID)
	if _, err := s.ChangeType(ctx, env.reviewer, r.ID, TypeChangeInput{RowVersion: r6.RowVersion, Type: "规范性文件"}); kindOf(err) != Conflict {
		t.Errorf("change of a superseded review: %v", err)
	}
}

// A decision taken while the rerun ran is not lost: the change is refused.
func TestChangeTypeRefusesChangedFindings(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	res := env.upload(t, "auto")
	r, _ := env.st.Review(ctx, res.ReviewID)
	fs, _ := env.st.Findings(ctx, r.ID)
	keep, add, drop, kept, decided := retype(fs, nil)
	if len(keep) != 0 || len(add) != 0 || len(drop) != len(fs) || kept != 0 || decided != 0 {
		t.Fatalf("nothing found again: kept %d added %d dropped %d", len(keep), len(add), len(drop))
	}
	if err := env.s.Decide(ctx, env.reviewer, r.ID, fs[0].ID, Decision{Action: ActionAccept}); err != nil {
		t.Fatal(err)
	}
	dropped := make([]storage.DroppedFinding, len(drop))
	for i, f := range drop {
		dropped[i].Finding = f
	}
	_, err := env.st.ChangeType(ctx, &storage.Retype{Change: storage.TypeChange{ReviewID: r.ID, From: r.Type, To: "村规民约", UserID: env.reviewer.ID, At: env.now,
		Dropped: dropped}, RowVersion: r.RowVersion, From: fs})
	if !errors.Is(err, storage.ErrConflict) {
		t.Fatalf("change planned on findings decided since: %v, want a conflict", err)
	}
	if now, _ := env.st.Findings(ctx, r.ID); len(now) != len(fs) {
		t.Errorf("a refused change dropped findings: %d of %d left", len(now), len(fs))
	}
}
