package web

// Precedents in the workplace: sign-offs feed the precedent index, every
// finding shows the signed decisions most like its clause, legal advisers
// and reviewers search laws and precedents from one box, clerks run a
// self-check before they submit, reviewers see how often each rule is
// accepted, and administrators import and export precedent files.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"lawreview/corpus/extract"
	pindex "lawreview/index/precedent"
	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/precedent"
	"lawreview/web/storage"
)

// precedentRoutes registers the pages (p) and API (a) of this file.
func (s *Server) precedentRoutes(p, a *gin.RouterGroup) {
	p.GET("/precedents", s.precedentSearchPage)
	p.GET("/precedents/item/:pid", s.precedentPage)
	p.GET("/selfcheck", s.selfCheckPage)
	p.POST("/selfcheck", s.selfCheckSubmit)
	p.GET("/stats/rules", s.ruleStatsPage)
	p.GET("/admin/precedents", s.precedentAdminPage)
	p.POST("/admin/precedents/import", s.precedentImportSubmit)
	p.GET("/admin/precedents/export", s.precedentExport)
	p.POST("/admin/precedents/reindex", s.precedentReindexSubmit)

	a.GET("/precedents", s.apiPrecedentSearch)
	a.GET("/precedents/item/:pid", s.apiPrecedent)
	a.POST("/selfcheck", s.apiSelfCheck)
	a.GET("/stats/rules", s.apiRuleStats)
	a.POST("/admin/precedents/import", s.apiPrecedentImport)
	a.GET("/admin/precedents/export", s.precedentExport)
}

func (s *Server) precedentStore() (storage.Store, error) { return s.store, nil }

func (s *Server) precedentIndex() (*pindex.Index, error) {
	if s.cfg.Precedents == nil {
		return nil, userErr(http.StatusServiceUnavailable, "先例检索索引尚未就绪，请稍后再试")
	}
	return s.cfg.Precedents, nil
}

// indexSignoff makes a just-signed review's precedents searchable. The
// precedents are already stored (same transaction as the sign-off); if
// indexing fails the sign-off stands and the index catches up at the next
// start (SyncPrecedents) or rebuild.
func (s *Server) indexSignoff(ctx context.Context, reviewID int64) {
	st, err := s.precedentStore()
	if err != nil || s.cfg.Precedents == nil {
		return
	}
	ps, err := st.ReviewPrecedents(ctx, reviewID)
	if err == nil {
		err = s.cfg.Precedents.SetReview(ctx, reviewID, ps)
	}
	if err == nil {
		var stamp string
		if stamp, err = st.PrecedentStamp(ctx); err == nil {
			err = s.cfg.Precedents.SetStamp(stamp)
		}
	}
	if err != nil {
		s.log.Error("index precedents of signed review", "review", reviewID, "error", err)
	}
}

// SyncPrecedents brings storage and the precedent index in step at start:
// reviews signed before precedents existed are recorded, and the index is
// rebuilt when it is behind storage.
func SyncPrecedents(ctx context.Context, st storage.Store, ix *pindex.Index) (filled int, rebuilt bool, err error) {
	if filled, err = BackfillPrecedents(ctx, st); err != nil {
		return 0, false, err
	}
	stamp, err := st.PrecedentStamp(ctx)
	if err != nil {
		return filled, false, err
	}
	rebuilt, err = ix.Sync(ctx, st.EachPrecedent, stamp, stampCount(stamp))
	return filled, rebuilt, err
}

// BackfillPrecedents records the precedents of the reviews signed before
// precedents existed and returns how many reviews it filled.
func BackfillPrecedents(ctx context.Context, st storage.Store) (int, error) {
	ids, err := st.UnrecordedReviews(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		r, err := st.Review(ctx, id)
		if err != nil {
			return 0, err
		}
		d, err := st.Document(ctx, r.DocumentID)
		if err != nil {
			return 0, err
		}
		fs, err := st.Findings(ctx, id)
		if err != nil {
			return 0, err
		}
		sos, err := st.Signoffs(ctx, id)
		if err != nil {
			return 0, err
		}
		var so *storage.Signoff
		for i := range sos {
			if sos[i].Revision == r.Revision {
				so = &sos[i]
			}
		}
		if so == nil {
			return 0, fmt.Errorf("review %d revision %d: signed without a sign-off record", r.ID, r.Revision)
		}
		derived := storage.Derived{Precedents: precedent.FromReview(storage.SignedReview(d, r, so, fs)), From: fs}
		if err := st.RecordPrecedents(ctx, id, r.Revision, derived); err != nil {
			return 0, fmt.Errorf("record precedents of review %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// stampCount reads the number of precedents from a storage stamp "seq/n".
func stampCount(stamp string) int {
	_, n, _ := strings.Cut(stamp, "/")
	c, _ := strconv.Atoi(n)
	return c
}

// ---- precedents with findings

// seer answers, for one user and request, whether a precedent's review
// may be opened; the answer is cached per document.
type seer struct {
	s     *Server
	u     *storage.User
	cache map[int64]bool
	scope *pindex.Scope
}

func (s *Server) seer(u *storage.User) *seer { return &seer{s: s, u: u, cache: map[int64]bool{}} }

// searchScope is what the index may match in full for this user: the
// townships whose documents the user reads (access.go). It is a subset of
// what canSee shows whole, so a precedent matched on a hidden field is
// always one shown whole; documents seen otherwise (an adviser's, a
// former office's) are matched on what anonymisation leaves.
func (v *seer) searchScope(ctx context.Context) (*pindex.Scope, error) {
	if v.scope != nil {
		return v.scope, nil
	}
	sc := &pindex.Scope{}
	switch v.u.Role {
	case storage.RoleClerk:
		if v.u.TownshipID != 0 && v.u.TownshipName != "" {
			sc.Townships = []string{v.u.TownshipName}
		}
	case storage.RoleReviewer:
		ts, err := v.s.store.ListTownships(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if v.u.OfficeID != 0 && t.OfficeID == v.u.OfficeID {
				sc.Townships = append(sc.Townships, t.Name)
			}
		}
	}
	v.scope = sc
	return sc, nil
}

func (v *seer) canSee(ctx context.Context, p *precedent.Precedent) bool {
	if p.Source != precedent.SourceReview || p.DocumentID == 0 || v.u == nil {
		return false
	}
	if ok, done := v.cache[p.DocumentID]; done {
		return ok
	}
	ok := false
	if d, err := v.s.store.Document(ctx, p.DocumentID); err == nil {
		a, err := v.s.accessTo(ctx, v.u, d)
		ok = err == nil && a != accessNone
	}
	v.cache[p.DocumentID] = ok
	return ok
}

// view returns p as this user may see it: whole, or anonymised.
func (v *seer) view(ctx context.Context, p precedent.Precedent) (precedent.Precedent, bool) {
	if p.Source != precedent.SourceReview {
		return p, false // imported and published cases: nothing to hide, no review to open
	}
	if v.canSee(ctx, &p) {
		return p, true
	}
	return p.Anonymized(), false
}

func (v *seer) ref(ctx context.Context, sc precedent.Scored) review.PrecedentRef {
	p, open := v.view(ctx, sc.Precedent)
	r := review.PrecedentRef{ID: p.ID, Clause: p.Clause, Verdict: p.Verdict, Conclusion: p.Conclusion, Date: p.Date, DocType: p.DocType,
		Township: p.Township, Rule: p.Rule, Similarity: float64(int(sc.Similarity*100+0.5)) / 100,
		Summary: sc.Precedent.Summary(!open), URL: "/precedents/item/" + url.PathEscape(p.ID)}
	if open {
		r.ReviewURL = fmt.Sprintf("/reviews/%d", sc.ReviewID)
	}
	return r
}

// attachPrecedents fills Precedents and LikelyLawful of each finding with
// a quote. Precedents of the review itself (reviewID) are left out: a
// signed review would otherwise show its own decisions.
func (s *Server) attachPrecedents(ctx context.Context, u *storage.User, reviewID int64, fs []*review.Finding) {
	ix := s.cfg.Precedents
	if ix == nil {
		return
	}
	v := s.seer(u)
	scope, err := v.searchScope(ctx)
	if err != nil {
		s.log.Warn("similar precedents", "error", err)
		return
	}
	for _, f := range fs {
		if strings.TrimSpace(f.Quote) == "" {
			continue
		}
		shown, lawful, err := ix.SimilarIn(ctx, f.Quote, f.Rule, scope)
		if err != nil {
			s.log.Warn("similar precedents", "error", err)
			return
		}
		f.Precedents = nil
		for _, sc := range shown {
			if reviewID != 0 && sc.ReviewID == reviewID {
				continue
			}
			f.Precedents = append(f.Precedents, v.ref(ctx, sc))
		}
		if lawful != nil && (reviewID == 0 || lawful.ReviewID != reviewID) {
			r := v.ref(ctx, *lawful)
			f.LikelyLawful = &r
		}
	}
}

// attachToJSON is attachPrecedents for the workplace's finding views.
func (s *Server) attachToJSON(ctx context.Context, u *storage.User, reviewID int64, fs []FindingJSON) {
	ptrs := make([]*review.Finding, len(fs))
	for i := range fs {
		ptrs[i] = &fs[i].Finding
	}
	s.attachPrecedents(ctx, u, reviewID, ptrs)
}

// ---- search: laws and precedents from one box

// PrecedentSearchInput is what the search page and GET /api/v1/precedents accept.
type PrecedentSearchInput struct {
	Text       string `form:"q" json:"q"`
	Tab        string `form:"tab" json:"tab"`         // all, laws, precedents
	Like       string `form:"like" json:"like"`       // precedent id: more like this clause
	LikeText   bool   `form:"similar" json:"similar"` // treat q as a clause: more like this text
	DocType    string `form:"doc_type" json:"doc_type"`
	Township   string `form:"township" json:"township"`
	Rule       string `form:"rule" json:"rule"`
	Verdict    string `form:"verdict" json:"verdict"`
	Conclusion string `form:"conclusion" json:"conclusion"`
	Source     string `form:"source" json:"source"`
	From       string `form:"from" json:"from"`
	To         string `form:"to" json:"to"`
	Level      string `form:"level" json:"level"`   // law level
	Status     string `form:"status" json:"status"` // law status: current, superseded, repealed, all
	Page       int    `form:"page" json:"page"`
}

// PrecedentHitJSON is one precedent as a user may see it.
type PrecedentHitJSON struct {
	ID         string              `json:"id"`
	Clause     string              `json:"clause"`
	Sentence   string              `json:"sentence,omitempty"`
	DocType    string              `json:"doc_type,omitempty"`
	DocTitle   string              `json:"doc_title,omitempty"`
	Township   string              `json:"township,omitempty"`
	Date       string              `json:"date"`
	Rule       string              `json:"rule,omitempty"`
	Problem    string              `json:"problem,omitempty"`
	Fix        string              `json:"fix,omitempty"`
	Basis      []precedent.Basis   `json:"basis,omitempty"`
	Verdict    string              `json:"verdict"`
	Reason     string              `json:"reason,omitempty"`
	Conclusion string              `json:"conclusion,omitempty"`
	Source     string              `json:"source"`
	Publisher  string              `json:"publisher,omitempty"`
	URL        string              `json:"url"`
	ReviewURL  string              `json:"review_url,omitempty"`
	Anonymous  bool                `json:"anonymous"`
	Summary    string              `json:"summary"`
	Score      float64             `json:"score,omitempty"`
	Fragments  map[string][]string `json:"fragments,omitempty"`
}

// PrecedentSearchJSON is the answer of GET /api/v1/precedents.
type PrecedentSearchJSON struct {
	Query      string                        `json:"q"`
	Total      uint64                        `json:"total"`
	Page       int                           `json:"page"`
	Pages      int                           `json:"pages"`
	Hits       []PrecedentHitJSON            `json:"hits"`
	Facets     map[string][]pindex.FacetTerm `json:"facets,omitempty"`
	Laws       *SearchResult                 `json:"laws,omitempty"`
	LawPages   int                           `json:"law_pages,omitempty"`
	Like       *PrecedentHitJSON             `json:"like,omitempty"` // the precedent "more like this" started from
	LawWarning string                        `json:"law_warning,omitempty"`
}

const precedentPageSize = 10

func (v *seer) hitJSON(ctx context.Context, p precedent.Precedent, score float64, frags map[string][]string) PrecedentHitJSON {
	orig := p
	p, open := v.view(ctx, p)
	h := PrecedentHitJSON{ID: p.ID, Clause: p.Clause, Sentence: p.Sentence, DocType: p.DocType, DocTitle: p.DocTitle, Township: p.Township,
		Date: p.Date, Rule: p.Rule, Problem: p.Problem, Fix: p.Fix, Basis: p.Basis, Verdict: p.Verdict, Reason: p.Reason,
		Conclusion: p.Conclusion, Source: p.Source, Publisher: p.Publisher, URL: "/precedents/item/" + url.PathEscape(p.ID),
		Anonymous: p.Source == precedent.SourceReview && !open, Summary: orig.Summary(p.Source == precedent.SourceReview && !open), Score: score}
	if open {
		h.ReviewURL = fmt.Sprintf("/reviews/%d", orig.ReviewID)
	}
	if !h.Anonymous {
		h.Fragments = frags
	} else if fr := frags["clause"]; len(fr) > 0 {
		// The clause fragment shows only the clause, masked like the clause.
		h.Fragments = map[string][]string{"clause": maskFragments(fr)}
	}
	return h
}

// maskFragments masks long digit runs in highlighted HTML the way
// Anonymized masks the clause (tags and entities hold no digit runs of 6).
func maskFragments(fr []string) []string {
	out := make([]string, len(fr))
	for i, f := range fr {
		out[i] = precedent.Precedent{Clause: f}.Anonymized().Clause
	}
	return out
}

func (s *Server) searchPrecedents(ctx context.Context, u *storage.User, in PrecedentSearchInput) (*PrecedentSearchJSON, error) {
	if u.Role == storage.RoleAdmin {
		return nil, errForbidden
	}
	in.Text = strings.TrimSpace(in.Text)
	if utf8.RuneCountInString(in.Text) > 2000 {
		return nil, userErr(http.StatusBadRequest, "检索内容不超过 2000 字")
	}
	switch in.Tab {
	case "", "all", "laws", "precedents":
	default:
		return nil, userErr(http.StatusBadRequest, "tab 应为 all、laws 或 precedents")
	}
	if in.Tab == "" {
		in.Tab = "all"
	}
	if in.Page < 0 || in.Page > maxPrecedentPage {
		return nil, userErr(http.StatusBadRequest, fmt.Sprintf("页码应在 1 到 %d 之间；请补充检索词或筛选条件缩小范围", maxPrecedentPage))
	}
	page := max(in.Page, 1)
	out := &PrecedentSearchJSON{Query: in.Text, Page: page, Hits: []PrecedentHitJSON{}}
	v := s.seer(u)
	scope, err := v.searchScope(ctx)
	if err != nil {
		return nil, err
	}

	if in.Tab != "laws" {
		ix, err := s.precedentIndex()
		if err != nil {
			return nil, err
		}
		switch {
		case in.Like != "":
			p, err := ix.Get(ctx, in.Like)
			if err != nil {
				return nil, err
			}
			if p == nil {
				return nil, errNotFound
			}
			lj := v.hitJSON(ctx, *p, 0, nil)
			out.Like = &lj
			hits, err := ix.MoreLikeThisIn(ctx, p.Clause+" "+p.Sentence, 20, p.ID, scope)
			if err != nil {
				return nil, err
			}
			for _, h := range hits {
				out.Hits = append(out.Hits, v.hitJSON(ctx, h.Precedent, h.Score, nil))
			}
			out.Total, out.Pages = uint64(len(out.Hits)), 1
		case in.LikeText && in.Text != "":
			hits, err := ix.MoreLikeThisIn(ctx, in.Text, 20, "", scope)
			if err != nil {
				return nil, err
			}
			for _, h := range hits {
				out.Hits = append(out.Hits, v.hitJSON(ctx, h.Precedent, h.Score, nil))
			}
			out.Total, out.Pages = uint64(len(out.Hits)), 1
		default:
			size := precedentPageSize
			if in.Tab == "all" {
				page = 1
			}
			res, err := ix.Search(ctx, pindex.Query{Text: in.Text, DocType: in.DocType, Township: in.Township, Rule: in.Rule,
				Verdict: in.Verdict, Conclusion: in.Conclusion, Source: in.Source, From: in.From, To: in.To,
				Offset: (page - 1) * size, Size: size, Facets: true, Scope: scope})
			if err != nil {
				var ie *pindex.InputError
				if errors.As(err, &ie) {
					return nil, &Error{Status: http.StatusBadRequest, Msg: ie.Msg, Err: err}
				}
				return nil, err
			}
			for _, h := range res.Hits {
				out.Hits = append(out.Hits, v.hitJSON(ctx, h.Precedent, h.Score, h.Fragments))
			}
			out.Total = res.Total
			out.Pages = int((res.Total + uint64(size) - 1) / uint64(size))
			out.Facets = res.Facets
		}
	}

	if in.Tab != "precedents" && in.Text != "" && in.Like == "" {
		if s.cfg.Search == nil {
			out.LawWarning = "法律检索索引尚未就绪"
		} else {
			size := 20
			lp := page
			if in.Tab == "all" {
				size, lp = 5, 1
			}
			q := SearchQuery{Text: in.Text, From: (lp - 1) * size, Size: size, Level: in.Level, Status: in.Status}
			if in.Status == "all" {
				q.Status, q.AllVersions = "", true
			}
			res, err := s.cfg.Search.Search(ctx, q)
			if err != nil {
				ue := asUserError(err)
				if ue.Status >= 500 {
					return nil, err
				}
				out.LawWarning = ue.Msg
			} else {
				out.Laws = res
				out.LawPages = (res.Total + size - 1) / size
			}
		}
	}
	return out, nil
}

func (s *Server) precedentSearchPage(c *gin.Context) {
	var in PrecedentSearchInput
	_ = c.ShouldBindQuery(&in)
	u := currentUser(c)
	data := gin.H{"Title": "法律与先例检索", "In": in, "Verdicts": []string{precedent.Unlawful, precedent.Lawful},
		"Conclusions": decision.Conclusions, "DocTypes": DocTypes, "Levels": []string{"宪法", "法律", "行政法规", "地方性法规", "部门规章", "司法解释"}}
	if in.Tab == "" {
		in.Tab = "all"
		data["In"] = in
	}
	if err := requireRole(u, storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.searchPrecedents(c.Request.Context(), u, in)
	if err != nil {
		ue := asUserError(err)
		if ue.Status == http.StatusForbidden || ue.Status >= 500 {
			s.fail(c, err)
			return
		}
		data["Error"] = ue.Msg
	} else {
		data["Res"] = res
		data["Pager"] = pager(c.Request.URL.Query(), res.Page, res.Pages)
		if in.Tab == "laws" && res.Laws != nil {
			data["Pager"] = pager(c.Request.URL.Query(), res.Page, res.LawPages)
		}
	}
	data["FacetOrder"] = pindex.FacetFields
	data["FacetURL"] = func(field, value string) string {
		q := c.Request.URL.Query()
		if q.Get(field) == value {
			q.Del(field)
		} else {
			q.Set(field, value)
		}
		q.Del("page")
		return "/precedents?" + q.Encode()
	}
	data["FacetOn"] = func(field, value string) bool { return c.Request.URL.Query().Get(field) == value }
	data["TabURL"] = func(tab string) string {
		q := c.Request.URL.Query()
		q.Set("tab", tab)
		q.Del("page")
		return "/precedents?" + q.Encode()
	}
	s.render(c, http.StatusOK, "precedents", data)
}

// pageLink is one link of a pager.
type pageLink struct {
	N       int
	URL     string
	Current bool
}

func pager(q url.Values, page, pages int) []pageLink {
	if pages <= 1 {
		return nil
	}
	var out []pageLink
	for n := max(1, page-4); n <= min(pages, page+4); n++ {
		q.Set("page", strconv.Itoa(n))
		out = append(out, pageLink{N: n, URL: "/precedents?" + q.Encode(), Current: n == page})
	}
	return out
}

func (s *Server) apiPrecedentSearch(c *gin.Context) {
	var in PrecedentSearchInput
	if err := c.ShouldBindQuery(&in); err != nil {
		s.fail(c, &Error{Status: http.StatusBadRequest, Msg: "检索参数有误", Err: err})
		return
	}
	res, err := s.searchPrecedents(c.Request.Context(), currentUser(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// precedent loads one precedent as the user may see it, with the
// precedents most like it.
func (s *Server) precedentView(ctx context.Context, u *storage.User, id string) (*PrecedentHitJSON, []PrecedentHitJSON, error) {
	if u.Role == storage.RoleAdmin {
		return nil, nil, errForbidden
	}
	ix, err := s.precedentIndex()
	if err != nil {
		return nil, nil, err
	}
	p, err := ix.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if p == nil {
		return nil, nil, errNotFound
	}
	v := s.seer(u)
	h := v.hitJSON(ctx, *p, 0, nil)
	scope, err := v.searchScope(ctx)
	if err != nil {
		return nil, nil, err
	}
	hits, err := ix.MoreLikeThisIn(ctx, p.Clause+" "+p.Sentence, 5, p.ID, scope)
	if err != nil {
		return nil, nil, err
	}
	like := []PrecedentHitJSON{}
	for _, x := range hits {
		like = append(like, v.hitJSON(ctx, x.Precedent, x.Score, nil))
	}
	return &h, like, nil
}

func (s *Server) precedentPage(c *gin.Context) {
	h, like, err := s.precedentView(c.Request.Context(), currentUser(c), c.Param("pid"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "precedent", gin.H{"Title": "审查先例", "P": h, "Like": like})
}

func (s *Server) apiPrecedent(c *gin.Context) {
	h, like, err := s.precedentView(c.Request.Context(), currentUser(c), c.Param("pid"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"precedent": h, "similar": like})
}

// ---- self-check: the review of a draft, nothing stored

// SelfCheckJSON is the answer of POST /api/v1/selfcheck: the review
// report (findings with their precedents) of a draft that was not stored.
type SelfCheckJSON struct {
	review.Report
	Stored bool `json:"stored"` // always false
}

// selfCheck reviews a draft without storing anything: no file, no row,
// no audit entry with the content.
func (s *Server) selfCheck(ctx context.Context, u *storage.User, title, typ, name string, file io.Reader, text string) (*SelfCheckJSON, error) {
	if err := requireRole(u, storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser); err != nil {
		return nil, err
	}
	typ = strings.TrimSpace(typ)
	if !validType(typ) {
		return nil, userErr(http.StatusBadRequest, "文件类型无效，可选："+strings.Join(DocTypes, "、"))
	}
	title = strings.TrimSpace(title)
	release, err := s.heavy(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	var paras []extract.Paragraph
	if file != nil && name != "" {
		base, err := uploadName(name)
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(file, s.cfg.MaxUpload+1))
		if err != nil {
			return nil, fmt.Errorf("read self-check upload: %w", err)
		}
		if int64(len(data)) > s.cfg.MaxUpload {
			return nil, tooLarge(s.cfg.MaxUpload)
		}
		xd, err := s.extractDraft(base, data)
		if err != nil {
			return nil, err
		}
		text, name, paras = xd.Text, base, xd.Paragraphs
		if title == "" {
			title = strings.TrimSpace(xd.Title)
		}
	} else {
		name = "草稿"
	}
	if strings.TrimSpace(text) == "" {
		return nil, userErr(http.StatusBadRequest, "请上传草案文件或粘贴草案正文")
	}
	if int64(len(text)) > s.cfg.MaxUpload {
		return nil, tooLarge(s.cfg.MaxUpload)
	}
	if title == "" {
		title = "（未命名草案）"
	}
	rep, err := s.cfg.Engine.Review(ctx, ReviewInput{File: name, Title: title, Text: text, Type: typ, Paragraphs: paras})
	if err != nil {
		return nil, reviewError(name, err)
	}
	ptrs := make([]*review.Finding, len(rep.Findings))
	for i := range rep.Findings {
		ptrs[i] = &rep.Findings[i]
	}
	s.attachPrecedents(ctx, u, 0, ptrs)
	if rep.Findings == nil {
		rep.Findings = []review.Finding{}
	}
	return &SelfCheckJSON{Report: *rep}, nil
}

func (s *Server) selfCheckPage(c *gin.Context) {
	if err := requireRole(currentUser(c), storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "selfcheck", gin.H{"Title": "自查", "Types": DocTypes, "Max": s.cfg.MaxUpload >> 20, "Form": gin.H{}})
}

// readSelfCheck reads the multipart or urlencoded form of a self-check.
func (s *Server) readSelfCheck(c *gin.Context) (title, typ, name string, file io.Reader, text string, err error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxUpload+1<<20)
	if strings.HasPrefix(c.ContentType(), "application/json") {
		var in struct {
			Title string `json:"title"`
			Type  string `json:"type"`
			Text  string `json:"text"`
		}
		if e := c.ShouldBindJSON(&in); e != nil {
			return "", "", "", nil, "", &Error{Status: http.StatusBadRequest, Msg: "请求格式有误", Err: e}
		}
		return in.Title, in.Type, "", nil, in.Text, nil
	}
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		if e := c.Request.ParseMultipartForm(8 << 20); e != nil {
			var mbe *http.MaxBytesError
			if errors.As(e, &mbe) {
				return "", "", "", nil, "", tooLarge(s.cfg.MaxUpload)
			}
			return "", "", "", nil, "", &Error{Status: http.StatusBadRequest, Msg: "上传格式有误", Err: e}
		}
		if fh, e := c.FormFile("file"); e == nil && fh.Size > 0 {
			f, e := fh.Open()
			if e != nil {
				return "", "", "", nil, "", e
			}
			// Read now: the multipart temp file is removed with the request.
			b, e := io.ReadAll(io.LimitReader(f, s.cfg.MaxUpload+1))
			f.Close()
			if e != nil {
				return "", "", "", nil, "", e
			}
			file, name = bytes.NewReader(b), fh.Filename
		}
	}
	return c.PostForm("title"), c.PostForm("type"), name, file, c.PostForm("text"), nil
}

func (s *Server) selfCheckSubmit(c *gin.Context) {
	u := currentUser(c)
	title, typ, name, file, text, err := s.readSelfCheck(c)
	data := gin.H{"Title": "自查", "Types": DocTypes, "Max": s.cfg.MaxUpload >> 20, "Form": gin.H{"title": title, "type": typ, "text": text}}
	if err == nil {
		var rep *SelfCheckJSON
		rep, err = s.selfCheck(c.Request.Context(), u, title, typ, name, file, text)
		if err == nil {
			data["Rep"] = rep
			counts := map[string]int{}
			for _, f := range rep.Findings {
				counts[f.Severity]++
			}
			data["Counts"] = counts
		}
	}
	if err != nil {
		ue := asUserError(err)
		if ue.Status == http.StatusForbidden || ue.Status >= 500 {
			s.fail(c, err)
			return
		}
		data["Error"] = ue.Msg
	}
	s.render(c, http.StatusOK, "selfcheck", data)
}

func (s *Server) apiSelfCheck(c *gin.Context) {
	title, typ, name, file, text, err := s.readSelfCheck(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := s.selfCheck(c.Request.Context(), currentUser(c), title, typ, name, file, text)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, rep)
}

// ---- rule statistics

// RuleStatJSON is one rule on the statistics page.
type RuleStatJSON struct {
	Rule           string  `json:"rule"`
	Item           string  `json:"item"`
	Accepted       int     `json:"accepted"`
	Dismissed      int     `json:"dismissed"`
	Open           int     `json:"open"`
	AcceptanceRate float64 `json:"acceptance_rate"` // accepted / (accepted + dismissed)
	OftenDismissed bool    `json:"often_dismissed"`
}

func (s *Server) ruleStats(ctx context.Context, u *storage.User) ([]RuleStatJSON, error) {
	if err := requireRole(u, storage.RoleReviewer, storage.RoleAdviser, storage.RoleAdmin); err != nil {
		return nil, err
	}
	st, err := s.precedentStore()
	if err != nil {
		return nil, err
	}
	rs, err := st.RuleStats(ctx)
	if err != nil {
		return nil, err
	}
	out := []RuleStatJSON{}
	for _, r := range rs {
		out = append(out, RuleStatJSON{Rule: r.Rule, Item: r.Title, Accepted: r.Accepted, Dismissed: r.Dismissed, Open: r.Open,
			AcceptanceRate: float64(int(r.AcceptanceRate()*1000+0.5)) / 1000, OftenDismissed: r.OftenDismissed()})
	}
	// Rules reviewers reject most come first: they need attention.
	sortRuleStats(out)
	return out, nil
}

func sortRuleStats(rs []RuleStatJSON) {
	key := func(r RuleStatJSON) float64 {
		if r.Accepted+r.Dismissed == 0 {
			return 2
		}
		return r.AcceptanceRate
	}
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && (key(rs[j]) < key(rs[j-1]) || key(rs[j]) == key(rs[j-1]) && rs[j].Rule < rs[j-1].Rule); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func (s *Server) ruleStatsPage(c *gin.Context) {
	rs, err := s.ruleStats(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "stats", gin.H{"Title": "规则采纳率统计", "Stats": rs})
}

func (s *Server) apiRuleStats(c *gin.Context) {
	rs, err := s.ruleStats(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"rules": rs})
}

// ---- import, export, reindex

func requirePrecedentAdmin(u *storage.User) error {
	return requireRole(u, storage.RoleAdmin, storage.RoleReviewer)
}

// importPrecedents decodes a JSON Lines file and stores it in one
// transaction, then indexes what was stored.
func (s *Server) importPrecedents(ctx context.Context, u *storage.User, name string, r io.Reader) (*storage.ImportResult, error) {
	if err := requirePrecedentAdmin(u); err != nil {
		return nil, err
	}
	st, err := s.precedentStore()
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if isTooLarge(err) || len(data) > MaxImportBytes {
		return nil, s.fileTooLarge("/api/v1/admin/precedents/import")
	}
	if err != nil {
		return nil, fmt.Errorf("read precedent file %s: %w", name, err)
	}
	ps, err := precedent.Decode(bytes.NewReader(data))
	if err != nil {
		var de *precedent.DecodeError
		if errors.As(err, &de) {
			return nil, &Error{Status: http.StatusUnprocessableEntity, Msg: de.Error(), Err: err}
		}
		return nil, err
	}
	if len(ps) == 0 {
		return nil, userErr(http.StatusBadRequest, "文件中没有先例记录")
	}
	res, err := st.ImportPrecedents(ctx, ps)
	if err != nil {
		return nil, err
	}
	if ix := s.cfg.Precedents; ix != nil {
		if err := ix.Add(ps...); err != nil {
			s.log.Error("index imported precedents", "error", err)
		} else if stamp, err := st.PrecedentStamp(ctx); err == nil {
			_ = ix.SetStamp(stamp)
		}
	}
	s.audit(ctx, u, "precedent_import", "precedents", fmt.Sprintf("%s：新增 %d 条，更新 %d 条，跳过重复 %d 条", name, res.Added, res.Replaced, res.Skipped))
	return &res, nil
}

func importMsg(r *storage.ImportResult) string {
	return fmt.Sprintf("已导入先例：新增 %d 条，更新 %d 条，跳过重复 %d 条", r.Added, r.Replaced, r.Skipped)
}

func (s *Server) precedentAdminPage(c *gin.Context) {
	u := currentUser(c)
	if err := requirePrecedentAdmin(u); err != nil {
		s.fail(c, err)
		return
	}
	data := gin.H{"Title": "审查先例管理"}
	ctx := c.Request.Context()
	if st, err := s.precedentStore(); err == nil {
		stamp, _ := st.PrecedentStamp(ctx)
		data["Stored"] = stampCount(stamp)
	}
	if ix := s.cfg.Precedents; ix != nil {
		n, _ := ix.Count()
		data["Indexed"] = n
	}
	s.render(c, http.StatusOK, "precedents_admin", data)
}

func (s *Server) precedentImportSubmit(c *gin.Context) {
	u := currentUser(c)
	if err := requirePrecedentAdmin(u); err != nil { // before the body is read
		s.fail(c, err)
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		s.redirect(c, "/admin/precedents", "请选择要导入的先例文件（.jsonl）")
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	res, err := s.importPrecedents(c.Request.Context(), u, fh.Filename, f)
	if err != nil {
		ue := asUserError(err)
		if ue.Status == http.StatusForbidden || ue.Status >= 500 {
			s.fail(c, err)
			return
		}
		s.redirect(c, "/admin/precedents", ue.Msg)
		return
	}
	s.redirect(c, "/admin/precedents", importMsg(res))
}

func (s *Server) apiPrecedentImport(c *gin.Context) {
	if err := requirePrecedentAdmin(currentUser(c)); err != nil { // before the body is read
		s.fail(c, err)
		return
	}
	var r io.Reader = c.Request.Body
	name := "请求正文"
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		fh, err := c.FormFile("file")
		if isTooLarge(err) {
			s.fail(c, s.fileTooLarge(c.FullPath()))
			return
		}
		if err != nil {
			s.fail(c, userErr(http.StatusBadRequest, "请以 file 字段上传先例文件"))
			return
		}
		f, err := fh.Open()
		if err != nil {
			s.fail(c, err)
			return
		}
		defer f.Close()
		r, name = f, fh.Filename
	}
	res, err := s.importPrecedents(c.Request.Context(), currentUser(c), name, r)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"added": res.Added, "replaced": res.Replaced, "skipped": res.Skipped, "message": importMsg(res)})
}

// precedentExport streams every precedent as JSON Lines.
func (s *Server) precedentExport(c *gin.Context) {
	u := currentUser(c)
	if err := requirePrecedentAdmin(u); err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.precedentStore()
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	// Each precedent as this user may see it: an administrator reads no
	// reviews and a reviewer only the office's, so the others go out
	// anonymised, as on the search page (issue 14, defect 5).
	v := s.seer(u)
	var shown []precedent.Precedent
	if err := st.EachPrecedent(ctx, func(p *precedent.Precedent) error {
		sp, _ := v.view(ctx, *p)
		shown = append(shown, sp)
		return nil
	}); err != nil {
		s.fail(c, err)
		return
	}
	// Storage gives them by date and export id; an anonymised record has
	// another id (its content hash), so sort again: the same records give
	// the same file in any office.
	sort.SliceStable(shown, func(i, j int) bool {
		if shown[i].Date != shown[j].Date {
			return shown[i].Date < shown[j].Date
		}
		return shown[i].ExportID() < shown[j].ExportID()
	})
	// Encode into memory first: an error half-way must not leave the user
	// with a truncated file that looks complete.
	var buf bytes.Buffer
	if err := precedent.Encode(&buf, shown); err != nil {
		s.fail(c, err)
		return
	}
	s.audit(ctx, u, "precedent_export", "precedents", fmt.Sprintf("%d 字节", buf.Len()))
	c.Header("Content-Disposition", `attachment; filename="precedents.jsonl"`)
	c.Data(http.StatusOK, "application/x-ndjson; charset=utf-8", buf.Bytes())
}

func (s *Server) precedentReindexSubmit(c *gin.Context) {
	u := currentUser(c)
	if err := requireRole(u, storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	st, err := s.precedentStore()
	if err == nil && s.cfg.Precedents == nil {
		err = userErr(http.StatusServiceUnavailable, "先例检索索引未启用")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	stamp, err := st.PrecedentStamp(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := s.cfg.Precedents.Rebuild(ctx, st.EachPrecedent, stamp)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(ctx, u, "precedent_reindex", "precedents", fmt.Sprintf("%d 条", n))
	s.redirect(c, "/admin/precedents", fmt.Sprintf("已重建先例索引，共 %d 条", n))
}

// PrecedentIndex is the precedent search index (Config.Precedents).
type PrecedentIndex = pindex.Index

func init() {
	funcs["fragment"] = fragmentHTML
	funcs["pct"] = func(f float64) int { return int(f*100 + 0.5) }
	funcs["tenth"] = func(f float64) string { return fmt.Sprintf("w%d", int(f*10+0.5)*10) }
	funcs["facetName"] = facetName
	funcs["sourceName"] = func(s string) string {
		if s == precedent.SourceImport {
			return "外部导入"
		}
		return "本所审查"
	}
}

// fragmentHTML lets through the highlighted fragments of the indexes: text
// already escaped, with <mark> and </mark> as the only tags. Anything else
// is escaped again, so a fragment can never inject markup.
func fragmentHTML(s string) template.HTML {
	t := strings.NewReplacer("<mark>", "\x00", "</mark>", "\x01").Replace(s)
	if strings.ContainsAny(t, "<>") {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(strings.NewReplacer("\x00", "<mark>", "\x01", "</mark>").Replace(t))
}

func facetName(f string) string {
	switch f {
	case "verdict":
		return "认定结果"
	case "doc_type":
		return "文件类型"
	case "township":
		return "镇（街道）"
	case "rule":
		return "审查规则"
	case "conclusion":
		return "全文结论"
	case "source":
		return "来源"
	}
	return f
}
