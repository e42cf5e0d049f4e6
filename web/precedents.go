package web

// Precedents: laws and precedents searched from one box, a precedent's
// page, the self-check, and the import, export and reindexing of
// precedents by administrators and reviewers.

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	pindex "lawreview/index/precedent"
	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/precedent"
	"lawreview/web/storage"
	"lawreview/web/workflow"
)

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
	RuleTitle  string              `json:"rule_title,omitempty"` // the rule as users know it
	Problem    string              `json:"problem,omitempty"`
	Fix        string              `json:"fix,omitempty"`
	Basis      []precedent.Basis   `json:"basis,omitempty"`
	Verdict    precedent.Verdict   `json:"verdict"`
	Reason     string              `json:"reason,omitempty"`
	Conclusion string              `json:"conclusion,omitempty"`
	Source     precedent.Source    `json:"source"`
	Publisher  string              `json:"publisher,omitempty"`
	SourceURL  string              `json:"source_url,omitempty"` // where a published case was published
	Citation   string              `json:"citation,omitempty"`   // a judgment's case number
	Case       string              `json:"case,omitempty"`       // the published case in one line
	URL        string              `json:"url"`
	ReviewURL  string              `json:"review_url,omitempty"`
	Anonymous  bool                `json:"anonymous"`
	Summary    string              `json:"summary"`
	Score      float64             `json:"score,omitempty"`
	Fragments  map[string][]string `json:"fragments,omitempty"`
}

func hitJSON(h workflow.ShownPrecedent) PrecedentHitJSON {
	p := h.Precedent
	return PrecedentHitJSON{ID: p.ID, Clause: p.Clause, Sentence: p.Sentence, DocType: p.DocType, DocTitle: p.DocTitle, Township: p.Township,
		Date: p.Date, Rule: p.Rule, RuleTitle: p.RuleTitle, Problem: p.Problem, Fix: p.Fix, Basis: p.Basis, Verdict: p.Verdict, Reason: p.Reason,
		Conclusion: p.Conclusion, Source: p.Source, Publisher: p.Publisher, SourceURL: p.URL, Citation: p.Citation, Case: p.Case, URL: h.URL, ReviewURL: h.ReviewURL,
		Anonymous: h.Anonymous, Summary: h.Summary, Score: h.Score, Fragments: h.Fragments}
}

func hitsJSON(hs []workflow.ShownPrecedent) []PrecedentHitJSON {
	out := make([]PrecedentHitJSON, 0, len(hs))
	for _, h := range hs {
		out = append(out, hitJSON(h))
	}
	return out
}

// PrecedentSearchJSON is the answer of GET /api/v1/precedents.
type PrecedentSearchJSON struct {
	Query      string                        `json:"q"`
	Total      uint64                        `json:"total"`
	Page       int                           `json:"page"`
	Pages      int                           `json:"pages"`
	Hits       []PrecedentHitJSON            `json:"hits"`
	Facets     map[string][]pindex.FacetTerm `json:"facets,omitempty"`
	Laws       *workflow.SearchResult        `json:"laws,omitempty"`
	LawPages   int                           `json:"law_pages,omitempty"`
	Like       *PrecedentHitJSON             `json:"like,omitempty"` // the precedent "more like this" started from
	LawWarning string                        `json:"law_warning,omitempty"`
}

func (s *Server) searchPrecedents(c *gin.Context, in workflow.PrecedentQuery) (*PrecedentSearchJSON, error) {
	res, err := s.flow.SearchPrecedents(c.Request.Context(), currentUser(c), in)
	if err != nil {
		return nil, err
	}
	out := &PrecedentSearchJSON{Query: res.Query, Total: res.Total, Page: res.Page, Pages: res.Pages, Hits: hitsJSON(res.Hits),
		Facets: res.Facets, Laws: res.Laws, LawPages: res.LawPages, LawWarning: res.LawWarning}
	if res.Like != nil {
		lj := hitJSON(*res.Like)
		out.Like = &lj
	}
	return out, nil
}

func (s *Server) precedentSearchPage(c *gin.Context) {
	var in workflow.PrecedentQuery
	_ = c.ShouldBindQuery(&in)
	u := currentUser(c)
	data := gin.H{"Title": "法律与先例检索", "In": in, "Verdicts": precedent.Verdicts, "Sources": precedent.Sources,
		"Conclusions": decision.Conclusions, "DocTypes": workflow.DocTypes, "Levels": []string{"宪法", "法律", "行政法规", "地方性法规", "部门规章", "司法解释"}}
	if in.Tab == "" {
		in.Tab = "all"
		data["In"] = in
	}
	if err := workflow.RequireRole(u, storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.searchPrecedents(c, in)
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
	data["Rules"] = s.flow.RuleChoices()
	data["RuleLabel"] = s.flow.RuleLabel
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
	var in workflow.PrecedentQuery
	if err := c.ShouldBindQuery(&in); err != nil {
		s.fail(c, &Error{Status: http.StatusBadRequest, Msg: "检索参数有误", Err: err})
		return
	}
	res, err := s.searchPrecedents(c, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) precedentView(c *gin.Context) (*PrecedentHitJSON, []PrecedentHitJSON, error) {
	h, like, err := s.flow.PrecedentView(c.Request.Context(), currentUser(c), c.Param("pid"))
	if err != nil {
		return nil, nil, err
	}
	hj := hitJSON(*h)
	return &hj, hitsJSON(like), nil
}

func (s *Server) precedentPage(c *gin.Context) {
	h, like, err := s.precedentView(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "precedent", gin.H{"Title": "审查先例", "P": h, "Like": like})
}

func (s *Server) apiPrecedent(c *gin.Context) {
	h, like, err := s.precedentView(c)
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

func (s *Server) selfCheckPage(c *gin.Context) {
	if err := workflow.RequireRole(currentUser(c), storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "selfcheck", gin.H{"Title": "自查", "Types": workflow.DocTypes, "Max": s.flow.MaxUpload >> 20, "Form": gin.H{}})
}

// readSelfCheck reads the JSON, multipart or urlencoded form of a self-check.
func (s *Server) readSelfCheck(c *gin.Context) (workflow.SelfCheckInput, error) {
	var in workflow.SelfCheckInput
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.flow.MaxUpload+1<<20)
	if strings.HasPrefix(c.ContentType(), "application/json") {
		var body struct {
			Title string `json:"title"`
			Type  string `json:"type"`
			Text  string `json:"text"`
		}
		if e := c.ShouldBindJSON(&body); e != nil {
			return in, &Error{Status: http.StatusBadRequest, Msg: "请求格式有误", Err: e}
		}
		in.Title, in.Type, in.Text = body.Title, body.Type, body.Text
		return in, nil
	}
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		if e := c.Request.ParseMultipartForm(8 << 20); e != nil {
			var mbe *http.MaxBytesError
			if errors.As(e, &mbe) {
				return in, workflow.TooLargeFile(s.flow.MaxUpload)
			}
			return in, &Error{Status: http.StatusBadRequest, Msg: "上传格式有误", Err: e}
		}
		if fh, e := c.FormFile("file"); e == nil && fh.Size > 0 {
			f, e := fh.Open()
			if e != nil {
				return in, e
			}
			// Read now: the multipart temp file is removed with the request.
			b, e := io.ReadAll(io.LimitReader(f, s.flow.MaxUpload+1))
			f.Close()
			if e != nil {
				return in, e
			}
			in.File, in.FileName = bytes.NewReader(b), fh.Filename
		}
	}
	in.Title, in.Type, in.Text = c.PostForm("title"), c.PostForm("type"), c.PostForm("text")
	return in, nil
}

func (s *Server) selfCheckSubmit(c *gin.Context) {
	in, err := s.readSelfCheck(c)
	data := gin.H{"Title": "自查", "Types": workflow.DocTypes, "Max": s.flow.MaxUpload >> 20, "Form": gin.H{"title": in.Title, "type": in.Type, "text": in.Text}}
	if err == nil {
		var rep *review.Report
		rep, err = s.flow.SelfCheck(c.Request.Context(), currentUser(c), in)
		if err == nil {
			data["Rep"] = &SelfCheckJSON{Report: *rep}
			counts := map[review.Severity]int{}
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
	in, err := s.readSelfCheck(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := s.flow.SelfCheck(c.Request.Context(), currentUser(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, SelfCheckJSON{Report: *rep})
}

// ---- import, export, reindex

func requirePrecedentAdmin(u *storage.User) error {
	return workflow.RequireRole(u, storage.RoleAdmin, storage.RoleReviewer)
}

func importMsg(r *storage.ImportResult) string {
	return fmt.Sprintf("已导入先例：新增 %d 条，更新 %d 条，跳过重复 %d 条", r.Added, r.Replaced, r.Skipped)
}

func (s *Server) precedentAdminPage(c *gin.Context) {
	stored, indexed, err := s.flow.PrecedentCounts(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	data := gin.H{"Title": "审查先例管理", "Stored": stored}
	if indexed >= 0 {
		data["Indexed"] = indexed
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
	res, err := s.flow.ImportPrecedentFile(c.Request.Context(), u, fh.Filename, f)
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
	res, err := s.flow.ImportPrecedentFile(c.Request.Context(), currentUser(c), name, r)
	if isTooLarge(err) {
		err = workflow.TooLargeImport
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"added": res.Added, "replaced": res.Replaced, "skipped": res.Skipped, "message": importMsg(res)})
}

// precedentExport sends every precedent as JSON Lines, as the user may
// see it.
func (s *Server) precedentExport(c *gin.Context) {
	b, err := s.flow.ExportPrecedents(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="precedents.jsonl"`)
	c.Data(http.StatusOK, "application/x-ndjson; charset=utf-8", b)
}

func (s *Server) precedentReindexSubmit(c *gin.Context) {
	n, err := s.flow.Reindex(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.redirect(c, "/admin/precedents", fmt.Sprintf("已重建先例索引，共 %d 条", n))
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
