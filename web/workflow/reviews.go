package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/review/precedent"
	"lawreview/web/compare"
	"lawreview/web/storage"
)

// FindingAction is what a reviewer does with one finding.
type FindingAction string

const (
	ActionAccept  FindingAction = "accept"
	ActionDismiss FindingAction = "dismiss"
	ActionEdit    FindingAction = "edit"   // change the wording, severity or replacement
	ActionReopen  FindingAction = "reopen" // undo the decision
)

// FindingActions in the order they are listed.
var FindingActions = []FindingAction{ActionAccept, ActionDismiss, ActionEdit, ActionReopen}

func (a FindingAction) Label() string {
	switch a {
	case ActionAccept:
		return "采纳"
	case ActionDismiss:
		return "不采纳"
	case ActionEdit:
		return "修改措辞"
	case ActionReopen:
		return "撤销决定"
	}
	return string(a)
}

func (a FindingAction) audit() storage.AuditAction {
	return storage.AuditAction("finding_" + string(a))
}

// Decision is a reviewer's decision on one finding.
type Decision struct {
	Action FindingAction
	Reason string // why it is dismissed (required then)
	// LawfulPrecedent, with a dismissal, keeps the wording as a lawful
	// precedent (作为合法先例): later findings on the same wording are
	// marked likely lawful. Only an explicit choice teaches that, and
	// never for a grave rule (review.Rule.Grave).
	LawfulPrecedent bool
	Message         *string
	Suggestion      *string
	Severity        *review.Severity
	// Replacement is the exact wording proposed in place of the quote (not
	// advice: it goes into the 修改建议稿 as a tracked change); "" removes it.
	Replacement *string
}

// Decide records a reviewer's decision on a finding of an open review.
func (s *Service) Decide(ctx context.Context, u *storage.User, reviewID, findingID int64, in Decision) error {
	r, _, _, err := s.Review(ctx, u, reviewID, AccessReview)
	if err != nil {
		return err
	}
	if r.Status != storage.ReviewOpen {
		return ErrSigned
	}
	f, err := s.Store.Finding(ctx, reviewID, findingID)
	if err != nil {
		return err
	}
	d := storage.FindingDecision{UserID: u.ID, At: s.now()}
	in.Reason = strings.TrimSpace(in.Reason)
	switch in.Action {
	case ActionAccept:
		d.State = decision.FindingAccepted
	case ActionDismiss:
		if in.Reason == "" {
			return fail(Invalid, "请填写不采纳的理由")
		}
		if in.LawfulPrecedent {
			if rf := f.Report(); f.Quote == "" || s.graveFinding(&rf) {
				return errGraveLawful(f.Quote == "")
			}
		}
		d.State, d.Reason, d.LawfulPrecedent = decision.FindingDismissed, in.Reason, in.LawfulPrecedent
	case ActionReopen:
		d.State = decision.FindingOpen
	case ActionEdit:
		if in.Message == nil && in.Suggestion == nil && in.Severity == nil && in.Replacement == nil {
			return fail(Invalid, "请填写修改后的意见")
		}
		if in.Message != nil {
			m := strings.TrimSpace(*in.Message)
			if m == "" {
				return fail(Invalid, "意见内容不能为空")
			}
			d.Message = &m
		}
		if in.Suggestion != nil {
			sg := strings.TrimSpace(*in.Suggestion)
			d.Suggestion = &sg
		}
		if in.Replacement != nil {
			rp := strings.TrimSpace(*in.Replacement)
			if rp != "" && f.Quote == "" {
				return fail(Invalid, "该意见没有引用原文，无法给出替换措辞")
			}
			d.Replacement = &rp
		}
		if in.Severity != nil && *in.Severity != "" {
			if !in.Severity.Valid() {
				return fail(Invalid, "严重程度无效")
			}
			d.Severity = in.Severity
		}
	default:
		var acts []string
		for _, a := range FindingActions {
			acts = append(acts, string(a)+"（"+a.Label()+"）")
		}
		return fail(Invalid, "操作无效，可选："+strings.Join(acts, "、"))
	}
	if in.LawfulPrecedent && in.Action != ActionDismiss {
		return fail(Invalid, "只有不采纳意见时才能选择“作为合法先例”")
	}
	detail := fmt.Sprintf("%s意见 #%d「%s」", in.Action.Label(), f.ID, truncate(f.Message, 60))
	if d.Message != nil && *d.Message != f.Message {
		detail += fmt.Sprintf("，意见改为「%s」", truncate(*d.Message, 80))
	}
	if d.Suggestion != nil && *d.Suggestion != f.Suggestion {
		detail += fmt.Sprintf("，修改建议改为「%s」", truncate(*d.Suggestion, 80))
	}
	if d.Replacement != nil && *d.Replacement != f.Replacement {
		if *d.Replacement == "" {
			detail += "，删除替换措辞"
		} else {
			detail += fmt.Sprintf("，替换措辞改为「%s」", truncate(*d.Replacement, 80))
		}
	}
	if d.Severity != nil && *d.Severity != f.Severity {
		detail += fmt.Sprintf("，严重程度 %s → %s", f.Severity.Label(), d.Severity.Label())
	}
	if d.Reason != "" {
		detail += "，理由：" + d.Reason
	}
	if d.LawfulPrecedent {
		detail += "，作为合法先例"
	}
	if err := s.Store.DecideFinding(ctx, reviewID, findingID, d, detail); err != nil {
		if errors.Is(err, storage.ErrConflict) {
			return ErrSigned
		}
		return err
	}
	s.audit(ctx, u, in.Action.audit(), fmt.Sprintf("review:%d/finding:%d", reviewID, findingID), fmt.Sprintf("%s意见 #%d", in.Action.Label(), f.ID))
	return nil
}

// NewFinding is a reviewer's own finding on selected text.
type NewFinding struct {
	Start, End int // rune offsets into the review's text
	Severity   review.Severity
	Item       string
	Message    string
	Suggestion string
	// Replacement is the wording proposed in place of the selected text
	// (optional; see Decision.Replacement).
	Replacement string
}

// AddFinding adds a reviewer's own finding, accepted, to an open review.
func (s *Service) AddFinding(ctx context.Context, u *storage.User, reviewID int64, in NewFinding) (int64, error) {
	r, _, _, err := s.Review(ctx, u, reviewID, AccessReview)
	if err != nil {
		return 0, err
	}
	if r.Status != storage.ReviewOpen {
		return 0, ErrSigned
	}
	runes := []rune(r.Text)
	if in.Start < 0 || in.End <= in.Start || in.End > len(runes) {
		return 0, fail(Invalid, "请先在正文中选中要提出意见的文字")
	}
	in.Message = strings.TrimSpace(in.Message)
	if in.Message == "" {
		return 0, fail(Invalid, "请填写意见内容")
	}
	if in.Severity == "" {
		in.Severity = review.SeverityWarning
	}
	if !in.Severity.Valid() {
		return 0, fail(Invalid, "严重程度无效")
	}
	if strings.TrimSpace(in.Item) == "" {
		in.Item = "审查人意见"
	}
	f := &storage.Finding{ReviewID: reviewID, Origin: "manual", Rule: RuleManual, Item: strings.TrimSpace(in.Item), Severity: in.Severity,
		Message: in.Message, Suggestion: strings.TrimSpace(in.Suggestion), Replacement: strings.TrimSpace(in.Replacement), Quote: string(runes[in.Start:in.End]),
		Start: in.Start, End: in.End, Line: 1 + strings.Count(string(runes[:in.Start]), "\n"),
		State: decision.FindingAccepted, CreatedBy: u.ID, DecidedBy: u.ID}
	detail := fmt.Sprintf("新增意见「%s」于「%s」", truncate(f.Message, 60), truncate(f.Quote, 30))
	id, err := s.Store.AddFinding(ctx, f, detail)
	if errors.Is(err, storage.ErrConflict) {
		return 0, ErrSigned
	}
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, storage.AuditFindingAdd, fmt.Sprintf("review:%d/finding:%d", reviewID, id), fmt.Sprintf("新增意见 #%d", id))
	return id, nil
}

// Conclusion is the overall result of a review, with the row version the
// reviewer saw (optimistic locking).
type Conclusion struct {
	RowVersion int64
	Conclusion decision.Conclusion
	Opinion    string
	// OmitAnnex sends the opinion without the annex of the cited
	// articles' texts (附件：相关法律条文); at sign-off only.
	OmitAnnex bool
}

// Conclude saves the draft conclusion and opinion and returns the new
// row version.
func (s *Service) Conclude(ctx context.Context, u *storage.User, reviewID int64, in Conclusion) (int64, error) {
	r, _, _, err := s.Review(ctx, u, reviewID, AccessReview)
	if err != nil {
		return 0, err
	}
	if r.Status != storage.ReviewOpen {
		return 0, ErrSigned
	}
	if in.Conclusion != "" && !in.Conclusion.Valid() {
		return 0, fail(Invalid, "审查结论无效，可选："+strings.Join(decision.ConclusionLabels(), "、"))
	}
	rv, err := s.Store.SaveConclusion(ctx, reviewID, in.RowVersion, in.Conclusion, strings.TrimSpace(in.Opinion), u.ID, s.now())
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, storage.AuditConclusion, fmt.Sprintf("review:%d", reviewID), in.Conclusion.Label())
	return rv, nil
}

// docStatusAfter is where a signed conclusion leaves the document: one
// returned for amendment waits for a new version.
func docStatusAfter(c decision.Conclusion) storage.DocStatus {
	if c == decision.ConclusionReturned {
		return storage.DocReturned
	}
	return storage.DocSigned
}

// Signoff signs an open review of the document's latest version with its
// conclusion and opinion. The precedents the review teaches
// (precedent.FromReview) are written in the same transaction and made
// searchable at once.
func (s *Service) Signoff(ctx context.Context, u *storage.User, reviewID int64, in Conclusion) (*storage.Signoff, error) {
	r, d, _, err := s.Review(ctx, u, reviewID, AccessReview)
	if err != nil {
		return nil, err
	}
	if r.Status != storage.ReviewOpen {
		return nil, fail(Conflict, "该审查已由"+r.SignerName+"签发，请刷新页面查看")
	}
	if !in.Conclusion.Valid() {
		return nil, fail(Invalid, "请选择审查结论："+strings.Join(decision.ConclusionLabels(), "、"))
	}
	in.Opinion = strings.TrimSpace(in.Opinion)
	if in.Opinion == "" {
		return nil, fail(Invalid, "请填写审查意见")
	}
	if d.LatestReviewID != r.ID { // fast answer; Signoff checks again inside its transaction
		return nil, ErrNewVersion
	}
	v, err := s.Store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	so := &storage.Signoff{UserID: u.ID, UserName: u.DisplayName, Conclusion: in.Conclusion, Opinion: in.Opinion, SHA256: v.FileSHA256, SignedAt: s.now(),
		Numbering: &opinion.Numbering{}, OmitAnnex: in.OmitAnnex}
	fs, err := s.Store.Findings(ctx, reviewID)
	if err != nil {
		return nil, err
	}
	if err := undecidedUnlawful(in.Conclusion, fs); err != nil {
		return nil, err
	}
	derived := storage.Derived{Precedents: precedent.FromReview(s.decidedReview(d, r, so, fs)), From: fs}
	if err := s.Store.Signoff(ctx, reviewID, in.RowVersion, so, docStatusAfter(in.Conclusion), derived); err != nil {
		if errors.Is(err, storage.ErrSuperseded) {
			return nil, ErrNewVersion
		}
		if errors.Is(err, storage.ErrConflict) {
			if cur, e := s.Store.Review(ctx, reviewID); e == nil && cur.Status == storage.ReviewSigned {
				return nil, fail(Conflict, fmt.Sprintf("该审查已由%s于 %s 签发，您的签发未生效", cur.SignerName, cur.SignedAt.Local().Format("2006-01-02 15:04")))
			}
			return nil, ErrStale
		}
		return nil, err
	}
	s.audit(ctx, u, storage.AuditSignoff, fmt.Sprintf("review:%d/revision:%d", reviewID, so.Revision), fmt.Sprintf("结论：%s；所审文件 SHA-256 %s", in.Conclusion, v.FileSHA256))
	s.Finders.Changed()           // the office's next draft is reviewed with what this one taught (finders.go)
	s.indexSignoff(ctx, reviewID) // precedents.go
	if r, err := s.Store.Review(ctx, reviewID); err != nil {
		s.Logger.Error("reload signed review", "review", reviewID, "error", err)
	} else if rd, err := s.round(ctx, d, r, so.Revision); err != nil {
		s.Logger.Error("load signed round", "review", reviewID, "error", err)
	} else {
		s.freeze(ctx, rd) // opinion.go
	}
	return so, nil
}

// undecidedUnlawful refuses a conclusion that the draft is lawful (as it
// stands or once amended) while a finding that says a clause is unlawful
// (违法) is neither accepted nor dismissed: the reviewer must decide each
// one first, so that no signed opinion passes over an unlawful clause
// unread.
func undecidedUnlawful(c decision.Conclusion, fs []storage.Finding) error {
	if c != decision.ConclusionLawful && c != decision.ConclusionAmended {
		return nil
	}
	var open []string
	for _, f := range fs {
		if f.Severity == review.SeverityError && f.State == decision.FindingOpen {
			what := f.Item
			if t := f.Report().Title; t != "" {
				what = t
			}
			if q := []rune(f.Quote); len(q) > 0 {
				if len(q) > 12 {
					q = append(q[:12], '…')
				}
				what += "：“" + string(q) + "”"
			}
			open = append(open, "#"+fmt.Sprint(f.ID)+" "+what)
		}
	}
	if len(open) == 0 {
		return nil
	}
	return fail(Unprocessable, fmt.Sprintf("还有 %d 条%s意见未处理（%s）。结论为“%s”时，请先逐条采纳或不采纳这些意见，再签发",
		len(open), "“"+review.SeverityError.Label()+"”", strings.Join(open, "；"), c.Label()))
}

// Reopen reopens a signed review of the latest version for a new round.
func (s *Service) Reopen(ctx context.Context, u *storage.User, reviewID int64, rowVersion int64, reason string) error {
	r, d, _, err := s.Review(ctx, u, reviewID, AccessReview)
	if err != nil {
		return err
	}
	if r.Status != storage.ReviewSigned {
		return fail(Conflict, "该审查尚未签发，无需重新打开")
	}
	if d.LatestReviewID != r.ID {
		return fail(Conflict, "该文件已上传新版本，旧版本的审查不能重新打开")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fail(Invalid, "请填写重新打开的原因")
	}
	if err := s.Store.Reopen(ctx, reviewID, rowVersion, u.ID, reason, s.now()); err != nil {
		if errors.Is(err, storage.ErrSuperseded) {
			return fail(Conflict, "该文件已上传新版本，旧版本的审查不能重新打开")
		}
		return err
	}
	s.audit(ctx, u, storage.AuditReopen, fmt.Sprintf("review:%d", reviewID), "")
	return nil
}

// Comment adds a comment on a review (findingID 0) or on one finding.
func (s *Service) Comment(ctx context.Context, u *storage.User, reviewID, findingID int64, body string) (int64, error) {
	if _, _, _, err := s.Review(ctx, u, reviewID, AccessComment); err != nil {
		return 0, err
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return 0, fail(Invalid, "请填写意见内容")
	}
	if utf8.RuneCountInString(body) > 5000 {
		return 0, fail(Invalid, "意见不超过 5000 字")
	}
	if findingID != 0 {
		if _, err := s.Store.Finding(ctx, reviewID, findingID); err != nil {
			return 0, err
		}
	}
	id, err := s.Store.AddComment(ctx, &storage.Comment{ReviewID: reviewID, FindingID: findingID, UserID: u.ID, Body: body, CreatedAt: s.now()})
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, storage.AuditComment, fmt.Sprintf("review:%d/comment:%d", reviewID, id), "")
	return id, nil
}

// AssignAdviser gives a legal adviser (or, with remove, takes away) the
// reading of the review's document.
func (s *Service) AssignAdviser(ctx context.Context, u *storage.User, reviewID, adviserID int64, remove bool) error {
	_, d, _, err := s.Review(ctx, u, reviewID, AccessReview)
	if err != nil {
		return err
	}
	a, err := s.Store.User(ctx, adviserID)
	if err != nil || a.Role != storage.RoleAdviser {
		return fail(Invalid, "请选择一名法律顾问")
	}
	if remove {
		err = s.Store.UnassignAdviser(ctx, d.ID, a.ID)
	} else {
		err = s.Store.AssignAdviser(ctx, d.ID, a.ID)
	}
	if err != nil {
		return err
	}
	act := storage.AuditAdviserAssign
	if remove {
		act = storage.AuditAdviserUnassign
	}
	s.audit(ctx, u, act, fmt.Sprintf("document:%d", d.ID), a.DisplayName)
	return nil
}

// Checklist returns the engine's checklist updated by the decisions: an
// item whose findings were all dismissed is ok, an item with a reviewer's
// own finding is a problem.
//
// A finding counts for its own item and for every item whose problem its
// merged rules were (nd-penalty merging nd-township-penalty makes 制定权限 a
// problem too): dismissing it clears those items as well.
func Checklist(engine []review.ChecklistItem, fs []storage.Finding) []review.ChecklistItem {
	items := slices.Clone(engine)
	live := map[string]int{}
	dismissed := map[string]int{}
	for _, f := range fs {
		for _, item := range findingItems(f, engine) {
			if f.State == decision.FindingDismissed {
				dismissed[item]++
			} else {
				live[item]++
			}
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
	if items == nil {
		items = []review.ChecklistItem{}
	}
	return items
}

// findingItems are the checklist items a finding is a problem of: its own,
// and those whose engine problems name its rule or a rule merged into it.
func findingItems(f storage.Finding, engine []review.ChecklistItem) []string {
	out := []string{f.Item}
	var rules []string
	if f.Rule != "" {
		rules = append(rules, f.Rule)
	}
	if f.Engine != nil {
		rules = append(rules, f.Engine.Merged...)
	}
	for _, it := range engine {
		if slices.Contains(out, it.Item) {
			continue
		}
		for _, r := range rules {
			if slices.Contains(it.Rules, r) {
				out = append(out, it.Item)
				break
			}
		}
	}
	return out
}

// Comparison is a review's version against the previous one: the text
// diff and which of the earlier findings are resolved, still there, or new.
type Comparison struct {
	ReviewID         int64
	PreviousReviewID int64
	Version          int
	PreviousVersion  int
	// Note is the clerk's 修改说明 for this version: what was changed
	// and why, in the clerk's words.
	Note     string
	Uploader string
	Diff     []compare.Line
	Resolved []storage.Finding
	Still    []Still
	New      []storage.Finding
}

// Still pairs an earlier finding with the one repeating it (nil when only
// the earlier reviewer's quote is still in the text).
type Still struct {
	Previous storage.Finding
	Current  *storage.Finding
}

// Compare diffs the review's version against the previous one. It
// returns nil when the review is of the first version.
func (s *Service) Compare(ctx context.Context, r *storage.Review) (*Comparison, error) {
	v, err := s.Store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	if v.Number <= 1 {
		return nil, nil
	}
	vs, err := s.Store.Versions(ctx, r.DocumentID)
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
	pr, err := s.Store.ReviewByVersion(ctx, prev.ID)
	if err != nil {
		return nil, err
	}
	oldF, err := s.Store.Findings(ctx, pr.ID)
	if err != nil {
		return nil, err
	}
	newF, err := s.Store.Findings(ctx, r.ID)
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
	out := &Comparison{ReviewID: r.ID, PreviousReviewID: pr.ID, Version: v.Number, PreviousVersion: prev.Number,
		Note: v.Note, Uploader: v.UploaderName, Diff: compare.Lines(pr.Text, r.Text)}
	for _, id := range carry.Resolved {
		out.Resolved = append(out.Resolved, oldBy[id])
	}
	for _, f := range oc {
		cur, ok := carry.Still[f.ID]
		if !ok {
			continue
		}
		st := Still{Previous: oldBy[f.ID]}
		if cur != 0 {
			c := newBy[cur]
			st.Current = &c
		}
		out.Still = append(out.Still, st)
	}
	for _, id := range carry.New {
		out.New = append(out.New, newBy[id])
	}
	return out, nil
}
