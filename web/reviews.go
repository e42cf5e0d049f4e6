package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/web/compare"
	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// Reviews: the review page and its JSON, the comparison with the previous
// version, and the reviewer's actions (findings, conclusion, sign-off,
// reopening), comments and advisers.

// FindingJSON is a stored finding in the JSON shape of `lawreview review`
// (review.Finding, embedded so its fields stay at the top level) plus the
// workplace's own fields.
type FindingJSON struct {
	review.Finding
	ID     int64                 `json:"id"`
	Origin string                `json:"origin"` // engine, manual
	State  decision.FindingState `json:"state"`  // open, accepted, dismissed
	Reason string                `json:"reason,omitempty"`
	// LawfulPrecedent: the reviewer dismissed the finding and kept its
	// wording as a lawful precedent (作为合法先例).
	LawfulPrecedent bool `json:"lawful_precedent,omitempty"`
	Edited          bool `json:"edited"`
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

	ID           int64                `json:"id"`
	DocumentID   int64                `json:"document_id"`
	VersionID    int64                `json:"version_id"`
	Version      int                  `json:"version"`
	Township     string               `json:"township"`
	MeetingDate  string               `json:"meeting_date,omitempty"`
	FileSHA256   string               `json:"file_sha256"`
	Status       storage.ReviewStatus `json:"status"` // open, signed
	Conclusion   decision.Conclusion  `json:"conclusion"`
	Opinion      string               `json:"opinion"`
	Revision     int                  `json:"revision"`
	RowVersion   int64                `json:"row_version"`
	SignedBy     string               `json:"signed_by,omitempty"`
	SignedAt     *time.Time           `json:"signed_at,omitempty"`
	SignedSHA256 string               `json:"signed_sha256,omitempty"`

	// The type: what the report says of it (review.Report's notices and
	// likely_type), what detection gave at upload, and the reviewer's
	// changes of it, the latest first (doctype.go).
	Notices      []string         `json:"notices,omitempty"`
	LikelyType   string           `json:"likely_type,omitempty"`
	DetectedType string           `json:"detected_type,omitempty"`
	TypeChanges  []TypeChangeJSON `json:"type_changes,omitempty"`
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
		ID:      f.ID, Origin: f.Origin, State: f.State, Reason: f.Reason, LawfulPrecedent: f.LawfulPrecedent, Edited: f.Edited, Replacement: f.Replacement, DecidedBy: f.DeciderName, DecidedAt: timePtr(f.DecidedAt),
	}
}

func findingsJSON(fs []storage.Finding) []FindingJSON {
	out := make([]FindingJSON, 0, len(fs))
	for _, f := range fs {
		out = append(out, findingJSON(f))
	}
	return out
}

func (s *Server) reviewJSON(ctx context.Context, r *storage.Review, d *storage.Document, fs []storage.Finding) (*ReviewJSON, error) {
	v, err := s.store().Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	out := &ReviewJSON{File: v.FileName, Title: d.Title, Type: r.Type, Text: r.Text, Findings: findingsJSON(fs), Checklist: workflow.Checklist(r.Checklist, fs),
		ID: r.ID, DocumentID: d.ID, VersionID: v.ID, Version: v.Number, Township: d.TownshipName, FileSHA256: v.FileSHA256,
		Status: r.Status, Conclusion: r.Conclusion, Opinion: r.Opinion, Revision: r.Revision, RowVersion: r.RowVersion,
		SignedBy: r.SignerName, SignedAt: timePtr(r.SignedAt), SignedSHA256: r.SignedSHA256,
		Notices: r.Notices, LikelyType: r.LikelyType, DetectedType: r.DetectedType}
	if out.TypeChanges, err = s.typeChanges(ctx, r.ID); err != nil {
		return nil, err
	}
	if !d.MeetingDate.IsZero() {
		out.MeetingDate = d.MeetingDate.Format("2006-01-02")
	}
	return out, nil
}

// attachToJSON gives the workplace's finding views their precedents, as
// this user may see them.
func (s *Server) attachToJSON(ctx context.Context, u *storage.User, reviewID int64, fs []FindingJSON) {
	ptrs := make([]*review.Finding, len(fs))
	for i := range fs {
		ptrs[i] = &fs[i].Finding
	}
	s.flow.AttachPrecedents(ctx, u, reviewID, ptrs)
}

// segment is a run of the draft text covered by the same findings.
type segment struct {
	Start    int
	Text     string
	IDs      string          // space-separated finding ids
	Severity review.Severity // most severe live finding, "" when none
	Dimmed   bool            // covered only by dismissed findings
	First    int64
}

// segments cuts text at every finding boundary (rune offsets) so that the
// page can highlight overlapping findings without nesting marks.
func segments(text string, fs []storage.Finding, extra ...int) []segment {
	runes := []rune(text)
	n := len(runes)
	cuts := map[int]bool{0: true, n: true}
	for _, p := range extra {
		if p > 0 && p < n {
			cuts[p] = true
		}
	}
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

// block is a run of the draft text outside tables (Segments), or one
// table row (Cells, each cell its segments).
type block struct {
	Segments []segment
	Cells    [][]segment
}

// blocks lays the text out for the review page: its segments, with each
// table row's cells side by side. The line breaks that join the cells (the
// review's text holds a table one cell per line) are not shown; every
// segment keeps its offset, so selecting text still gives the offsets the
// findings use.
func blocks(text string, fs []storage.Finding, rows []workflow.TableRow) []block {
	var cuts []int
	for _, r := range rows {
		cuts = append(cuts, r.Start, r.End)
		for _, c := range r.Cells {
			cuts = append(cuts, c.Start, c.End)
		}
	}
	var out []block
	k := 0 // the next row
	for _, sg := range segments(text, fs, cuts...) {
		for k < len(rows) && sg.Start >= rows[k].End {
			k++
		}
		if k == len(rows) || sg.Start < rows[k].Start {
			if len(out) == 0 || out[len(out)-1].Cells != nil {
				out = append(out, block{})
			}
			out[len(out)-1].Segments = append(out[len(out)-1].Segments, sg)
			continue
		}
		if sg.Start == rows[k].Start || len(out) == 0 || out[len(out)-1].Cells == nil {
			out = append(out, block{Cells: make([][]segment, len(rows[k].Cells))})
		}
		for i, c := range rows[k].Cells {
			if sg.Start >= c.Start && sg.Start < c.End {
				out[len(out)-1].Cells[i] = append(out[len(out)-1].Cells[i], sg)
				break
			}
		}
	}
	return out
}

// CompareJSON is GET /api/v1/reviews/{id}/compare.
type CompareJSON struct {
	ReviewID         int64          `json:"review_id"`
	PreviousReviewID int64          `json:"previous_review_id"`
	Version          int            `json:"version"`
	PreviousVersion  int            `json:"previous_version"`
	Note             string         `json:"note"` // the clerk's 修改说明 for this version
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

// compareReviews is the comparison of the review with the previous
// version's, nil for a first version.
func (s *Server) compareReviews(ctx context.Context, r *storage.Review) (*CompareJSON, error) {
	cmp, err := s.flow.Compare(ctx, r)
	if err != nil || cmp == nil {
		return nil, err
	}
	out := &CompareJSON{ReviewID: cmp.ReviewID, PreviousReviewID: cmp.PreviousReviewID, Version: cmp.Version, PreviousVersion: cmp.PreviousVersion,
		Note: cmp.Note, Diff: cmp.Diff, Resolved: findingsJSON(cmp.Resolved), Still: []StillJSON{}, New: findingsJSON(cmp.New)}
	for _, st := range cmp.Still {
		sj := StillJSON{Previous: findingJSON(st.Previous)}
		if st.Current != nil {
			fj := findingJSON(*st.Current)
			sj.Current = &fj
		}
		out.Still = append(out.Still, sj)
	}
	return out, nil
}

func (s *Server) reviewPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	r, d, a, err := s.flow.Review(ctx, u, id, workflow.AccessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	st := s.store()
	fs, err := st.Findings(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	rj, err := s.reviewJSON(ctx, r, d, fs)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.attachToJSON(ctx, u, r.ID, rj.Findings)
	comments, err := st.Comments(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	events, err := st.Events(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	signoffs, err := st.Signoffs(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	advisers, err := st.Advisers(ctx, d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	type findingView struct {
		FindingJSON
		Comments []storage.Comment
		Carry    string
	}
	byFinding := map[int64][]storage.Comment{}
	var general []storage.Comment
	for _, cm := range comments {
		if cm.FindingID == 0 {
			general = append(general, cm)
		} else {
			byFinding[cm.FindingID] = append(byFinding[cm.FindingID], cm)
		}
	}
	cmp, err := s.compareReviews(ctx, r)
	if err != nil {
		s.fail(c, err)
		return
	}
	carry := map[int64]string{}
	if cmp != nil {
		for _, f := range cmp.New {
			carry[f.ID] = "新发现"
		}
		for _, st := range cmp.Still {
			if st.Current != nil {
				carry[st.Current.ID] = "上一版已存在"
			}
		}
	}
	var views []findingView
	counts := map[review.Severity]int{}
	open := 0
	for _, f := range rj.Findings {
		views = append(views, findingView{FindingJSON: f, Comments: byFinding[f.ID], Carry: carry[f.ID]})
		if f.State != decision.FindingDismissed {
			counts[f.Severity]++
		}
		if f.State == decision.FindingOpen {
			open++
		}
	}
	openUnlawful := 0
	for _, f := range fs {
		if f.Severity == review.SeverityError && f.State == decision.FindingOpen {
			openUnlawful++
		}
	}
	rs, err := s.flow.ReviewRounds(ctx, r)
	if err != nil {
		s.fail(c, err)
		return
	}
	rounds := s.roundsJSON(rs)
	current := primary(rounds)
	var allAdvisers []storage.User
	if a == workflow.AccessReview {
		us, err := st.ListUsers(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, x := range us {
			if x.Role == storage.RoleAdviser && !x.Disabled {
				allAdvisers = append(allAdvisers, x)
			}
		}
	}
	s.render(c, http.StatusOK, "review", gin.H{
		"Title": "审查：" + d.Title, "Doc": d, "Review": r, "R": rj, "Findings": views, "Blocks": blocks(r.Text, fs, s.flow.TableRows(ctx, r)),
		"Counts": counts, "Open": open, "GeneralComments": general, "Events": events, "Signoffs": signoffs,
		"Advisers": advisers, "AllAdvisers": allAdvisers, "Compare": cmp, "Conclusions": decision.Conclusions,
		"CanReview": a == workflow.AccessReview, "CanComment": a.Allows(workflow.AccessComment), "Editable": a == workflow.AccessReview && r.Status == storage.ReviewOpen,
		"IsLatest": d.LatestReviewID == r.ID, "Severities": review.Severities, "Types": workflow.DocTypes,
		"Rounds": rounds, "Current": current, "OpenUnlawful": openUnlawful, "Standard": s.flow.StandardSentences(d.Title),
		"RuleLabel": s.flow.RuleLabel,
	})
}

func (s *Server) apiReview(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	r, d, _, err := s.flow.Review(ctx, currentUser(c), id, workflow.AccessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	fs, err := s.store().Findings(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.reviewJSON(ctx, r, d, fs)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.attachToJSON(ctx, currentUser(c), r.ID, out.Findings)
	c.JSON(http.StatusOK, out)
}

// comparison is the comparison of the review of :id, or an answer sent.
func (s *Server) comparison(c *gin.Context) (*storage.Review, *storage.Document, *CompareJSON, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, nil, nil, false
	}
	ctx := c.Request.Context()
	r, d, _, err := s.flow.Review(ctx, currentUser(c), id, workflow.AccessRead)
	if err != nil {
		s.fail(c, err)
		return nil, nil, nil, false
	}
	cmp, err := s.compareReviews(ctx, r)
	if err != nil {
		s.fail(c, err)
		return nil, nil, nil, false
	}
	if cmp == nil {
		s.fail(c, &workflow.Error{Kind: workflow.NotFound, Msg: "这是第一版，没有可对比的上一版"})
		return nil, nil, nil, false
	}
	return r, d, cmp, true
}

func (s *Server) comparePage(c *gin.Context) {
	r, d, cmp, ok := s.comparison(c)
	if ok {
		s.render(c, http.StatusOK, "compare", gin.H{"Title": "版本对比：" + d.Title, "Doc": d, "Review": r, "C": cmp})
	}
}

func (s *Server) apiCompare(c *gin.Context) {
	if _, _, cmp, ok := s.comparison(c); ok {
		c.JSON(http.StatusOK, cmp)
	}
}

func (s *Server) apiHistory(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	if _, _, _, err := s.flow.Review(ctx, currentUser(c), id, workflow.AccessRead); err != nil {
		s.fail(c, err)
		return
	}
	st := s.store()
	evs, err := st.Events(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	sos, err := st.Signoffs(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	cms, err := st.Comments(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	events := []gin.H{}
	for _, e := range evs {
		events = append(events, gin.H{"revision": e.Revision, "user": e.UserName, "action": e.Action, "detail": e.Detail, "at": e.CreatedAt})
	}
	signoffs := []gin.H{}
	for _, so := range sos {
		signoffs = append(signoffs, gin.H{"revision": so.Revision, "user": so.UserName, "conclusion": so.Conclusion, "opinion": so.Opinion, "sha256": so.SHA256, "signed_at": so.SignedAt})
	}
	comments := []gin.H{}
	for _, cm := range cms {
		comments = append(comments, gin.H{"id": cm.ID, "finding_id": cm.FindingID, "user": cm.AuthorName, "role": cm.AuthorRole, "body": cm.Body, "at": cm.CreatedAt})
	}
	c.JSON(http.StatusOK, gin.H{"events": events, "signoffs": signoffs, "comments": comments})
}

// ---- the reviewer's actions

// FindingInput is a decision on one finding, as the API and the page's
// forms send it.
type FindingInput struct {
	Action string `json:"action" form:"action"` // accept, dismiss, edit, reopen
	Reason string `json:"reason" form:"reason"`
	// LawfulPrecedent, with dismiss, keeps the wording as a lawful
	// precedent (作为合法先例); refused for a grave finding.
	LawfulPrecedent bool             `json:"lawful_precedent" form:"lawful_precedent"`
	Message         *string          `json:"message" form:"message"`
	Suggestion      *string          `json:"suggestion" form:"suggestion"`
	Severity        *review.Severity `json:"severity" form:"severity"`
	Replacement     *string          `json:"replacement" form:"replacement"`
}

func (in FindingInput) decision() workflow.Decision {
	return workflow.Decision{Action: workflow.FindingAction(in.Action), Reason: in.Reason, LawfulPrecedent: in.LawfulPrecedent,
		Message: in.Message, Suggestion: in.Suggestion, Severity: in.Severity, Replacement: in.Replacement}
}

// NewFindingInput is a reviewer's own finding on selected text.
type NewFindingInput struct {
	Start       int             `json:"start" form:"start"`
	End         int             `json:"end" form:"end"`
	Severity    review.Severity `json:"severity" form:"severity"`
	Item        string          `json:"item" form:"item"`
	Message     string          `json:"message" form:"message"`
	Suggestion  string          `json:"suggestion" form:"suggestion"`
	Replacement string          `json:"replacement" form:"replacement"`
}

func (in NewFindingInput) finding() workflow.NewFinding {
	return workflow.NewFinding{Start: in.Start, End: in.End, Severity: in.Severity, Item: in.Item, Message: in.Message,
		Suggestion: in.Suggestion, Replacement: in.Replacement}
}

// ConclusionInput is the overall result of a review.
type ConclusionInput struct {
	RowVersion int64               `json:"row_version" form:"row_version"`
	Conclusion decision.Conclusion `json:"conclusion" form:"conclusion"`
	Opinion    string              `json:"opinion" form:"opinion"`
	// OmitAnnex (sign-off) sends the opinion without the annex of the
	// cited articles' texts. The page's form offers the annex as a
	// checkbox ticked by default instead (annex_offered=1, annex=1).
	OmitAnnex    bool   `json:"omit_annex" form:"omit_annex"`
	AnnexOffered string `json:"-" form:"annex_offered"`
	Annex        string `json:"-" form:"annex"`
}

func (in ConclusionInput) conclusion() workflow.Conclusion {
	return workflow.Conclusion{RowVersion: in.RowVersion, Conclusion: in.Conclusion, Opinion: in.Opinion, OmitAnnex: in.OmitAnnex}
}

// formAction runs a page form action and redirects back to the review.
func (s *Server) formAction(c *gin.Context, okMsg string, act func(u *storage.User, id int64) error) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	if err := act(currentUser(c), id); err != nil {
		ue := asUserError(err)
		if ue.Status == http.StatusForbidden || ue.Status == http.StatusNotFound || ue.Status >= 500 {
			s.fail(c, err)
			return
		}
		s.redirect(c, fmt.Sprintf("/reviews/%d", id), ue.Msg)
		return
	}
	back := fmt.Sprintf("/reviews/%d", id)
	if a := c.PostForm("anchor"); a != "" && strings.HasPrefix(a, "f") {
		back += "#" + url.PathEscape(a)
	}
	s.redirect(c, back, okMsg)
}

func (s *Server) decideFindingSubmit(c *gin.Context) {
	fid, ok := idParam(c, "fid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in FindingInput
	in.Action, in.Reason = c.PostForm("action"), c.PostForm("reason")
	in.LawfulPrecedent = c.PostForm("lawful_precedent") == "true"
	if in.Action == string(workflow.ActionEdit) {
		m, sg := c.PostForm("message"), c.PostForm("suggestion")
		in.Message, in.Suggestion = &m, &sg
		if rp, ok := c.GetPostForm("replacement"); ok {
			in.Replacement = &rp
		}
		if sev := review.Severity(c.PostForm("severity")); sev != "" {
			in.Severity = &sev
		}
	}
	s.formAction(c, "已"+workflow.FindingAction(in.Action).Label(), func(u *storage.User, id int64) error {
		return s.flow.Decide(c.Request.Context(), u, id, fid, in.decision())
	})
}

func (s *Server) addFindingSubmit(c *gin.Context) {
	var in NewFindingInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	s.formAction(c, "已添加意见", func(u *storage.User, id int64) error {
		_, err := s.flow.AddFinding(c.Request.Context(), u, id, in.finding())
		return err
	})
}

func (s *Server) conclusionSubmit(c *gin.Context) {
	var in ConclusionInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	s.formAction(c, "已保存结论草稿", func(u *storage.User, id int64) error {
		_, err := s.flow.Conclude(c.Request.Context(), u, id, in.conclusion())
		return err
	})
}

func (s *Server) signoffSubmit(c *gin.Context) {
	var in ConclusionInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	in.OmitAnnex = in.OmitAnnex || in.AnnexOffered == "1" && in.Annex != "1"
	s.formAction(c, "已签发，审查意见已发送给经办人", func(u *storage.User, id int64) error {
		_, err := s.flow.Signoff(c.Request.Context(), u, id, in.conclusion())
		return err
	})
}

func (s *Server) reopenSubmit(c *gin.Context) {
	rv, _ := strconv.ParseInt(c.PostForm("row_version"), 10, 64)
	s.formAction(c, "已重新打开，开始新一轮审查", func(u *storage.User, id int64) error {
		return s.flow.Reopen(c.Request.Context(), u, id, rv, c.PostForm("reason"))
	})
}

func (s *Server) commentSubmit(c *gin.Context) {
	fid, _ := strconv.ParseInt(c.PostForm("finding_id"), 10, 64)
	s.formAction(c, "已发表意见", func(u *storage.User, id int64) error {
		_, err := s.flow.Comment(c.Request.Context(), u, id, fid, c.PostForm("body"))
		return err
	})
}

func (s *Server) adviserSubmit(c *gin.Context) {
	uid, _ := strconv.ParseInt(c.PostForm("user_id"), 10, 64)
	remove := c.PostForm("remove") == "1"
	s.formAction(c, "已更新法律顾问", func(u *storage.User, id int64) error {
		return s.flow.AssignAdviser(c.Request.Context(), u, id, uid, remove)
	})
}

func (s *Server) apiAddFinding(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in NewFindingInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	fid, err := s.flow.AddFinding(c.Request.Context(), currentUser(c), id, in.finding())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": fid})
}

func (s *Server) apiDecideFinding(c *gin.Context) {
	id, ok1 := idParam(c, "id")
	fid, ok2 := idParam(c, "fid")
	if !ok1 || !ok2 {
		s.fail(c, errNotFound)
		return
	}
	var in FindingInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if err := s.flow.Decide(ctx, currentUser(c), id, fid, in.decision()); err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.store().Finding(ctx, id, fid)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, findingJSON(*f))
}

func (s *Server) apiConclusion(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in ConclusionInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	rv, err := s.flow.Conclude(c.Request.Context(), currentUser(c), id, in.conclusion())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"row_version": rv})
}

func (s *Server) apiSignoff(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in ConclusionInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	so, err := s.flow.Signoff(c.Request.Context(), currentUser(c), id, in.conclusion())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"review_id": id, "revision": so.Revision, "signed_by": so.UserName, "signed_at": so.SignedAt,
		"sha256": so.SHA256, "conclusion": so.Conclusion, "number": so.Number, "omit_annex": so.OmitAnnex,
		"opinion_url": roundURL(id, so.Revision, "opinion"), "pdf_url": roundURL(id, so.Revision, "opinion/pdf")})
}

func (s *Server) apiReopen(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		RowVersion int64  `json:"row_version" form:"row_version"`
		Reason     string `json:"reason" form:"reason"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.flow.Reopen(c.Request.Context(), currentUser(c), id, in.RowVersion, in.Reason); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) apiComment(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		FindingID int64  `json:"finding_id" form:"finding_id"`
		Body      string `json:"body" form:"body"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	cid, err := s.flow.Comment(c.Request.Context(), currentUser(c), id, in.FindingID, in.Body)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": cid})
}

func (s *Server) apiAdviser(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		UserID int64 `json:"user_id" form:"user_id"`
		Remove bool  `json:"remove" form:"remove"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.flow.AssignAdviser(c.Request.Context(), currentUser(c), id, in.UserID, in.Remove); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}
